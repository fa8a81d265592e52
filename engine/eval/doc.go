// Package eval runs zero-shot evaluations of segmentation engines on
// datasets (prompt protocols, per-slice and per-case Dice and NSD, tables,
// JSON results for review, plots, resumable runs) and scores label maps
// against each other (segtui score).
package eval
