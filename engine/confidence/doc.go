// Package confidence computes per-mask quality signals that need no ground
// truth (the model's predicted IoU, stability across logit thresholds,
// multimask agreement, agreement between variants and with the neighbouring
// slice, boundary contrast), combines them, and measures how well each one
// ranks the real failures where ground truth exists (Spearman correlation
// with Dice, share of the worst 10% found among the least confident 10%).
// Every signal is oriented so that higher means more confident.
package confidence
