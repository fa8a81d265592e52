package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/eval"
	"github.com/segtui/segtui/engine/metrics"
)

const scoreSynopsis = "segtui score [--json] [--classes NAME|FILE] [--tolerance MM] [--inclusive-z] GT PRED"

// runScore compares two label maps on one grid: per-class Dice and NSD
// with the FLARE22 conventions, printed as eval's table or as JSON.
func runScore(args []string) int { return score(args, os.Stdout, os.Stderr) }

func score(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("score", scoreSynopsis)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the results as JSON instead of a Markdown table")
	classesFile := fs.String("classes", "", classesUsage+"; only these ids are scored (default: FLARE22 names for ids 1-13, else \"class N\")")
	tolerance := fs.Float64("tolerance", 0, "NSD tolerance in mm for every class (default: FLARE22's per-organ tolerances and its aorta/IVC/esophagus z-range rule)")
	inclusiveZ := fs.Bool("inclusive-z", false, "include the ground truth's top slice in the FLARE22 z-range (the official script leaves it out)")
	pos, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	if len(pos) != 2 {
		fs.Usage()
		return usageError(stderr, "score", fmt.Errorf("expected GT and PRED label maps, got %d arguments", len(pos)))
	}
	if *tolerance < 0 {
		return usageError(stderr, "score", fmt.Errorf("--tolerance %g: expected a positive size in mm", *tolerance))
	}
	rules := metrics.FLARE22Rules()
	if *tolerance > 0 {
		rules = metrics.UniformRules(*tolerance)
	}
	rules.InclusiveZ = *inclusiveZ
	if code, ok := checkClasses(stderr, "score", *classesFile); !ok {
		return code
	}
	var classes datasets.ClassTable
	if *classesFile != "" {
		t, err := datasets.LoadClassTable(*classesFile)
		if err != nil {
			return runtimeError(stderr, "score", err)
		}
		classes = t
	}
	// The two files decompress at once, on two cores.
	var pred *datasets.LabelMap
	predErr := make(chan error, 1)
	go func() {
		var err error
		pred, err = eval.LoadLabelMap(pos[1])
		predErr <- err
	}()
	gt, err := eval.LoadLabelMap(pos[0])
	if perr := <-predErr; err == nil {
		err = perr
	}
	if err != nil {
		return runtimeError(stderr, "score", err)
	}
	if *classesFile == "" {
		classes = defaultScoreClasses(eval.PresentIDs(gt.Labels, pred.Labels))
	}
	rep, err := eval.ScoreLabelMaps(gt, pred, classes, rules)
	if err != nil {
		return runtimeError(stderr, "score", err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return runtimeError(stderr, "score", err)
		}
		return exitOK
	}
	fmt.Fprint(stdout, rep.Table().Markdown())
	return exitOK
}

// defaultScoreClasses names FLARE22 organs when every id is one, so a
// FLARE22 prediction reads as the challenge's table; other ids stay
// generic and are scored only if they have a tolerance.
func defaultScoreClasses(ids []uint16) datasets.ClassTable {
	flare := datasets.FLARE22Classes()
	out := datasets.ClassTable{Name: "present"}
	for _, id := range ids {
		c, ok := flare.ByID(id)
		if !ok {
			return datasets.GenericClasses(ids)
		}
		out.Classes = append(out.Classes, c)
	}
	return out
}
