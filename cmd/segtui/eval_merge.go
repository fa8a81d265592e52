package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/eval"
)

const evalMergeSynopsis = "segtui eval merge [--plot FILE.png] --out DIR SHARD-DIR... (or the shards' parent folder)"

// evalMerge joins the shards of a sharded eval into the report one run
// would have written.
func evalMerge(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("eval merge", evalMergeSynopsis)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "folder for the merged results.json/md/csv (required)")
	plot := fs.String("plot", "", "write the grouped bar chart of per-class Dice to this PNG")
	pos, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	if len(pos) == 0 || *out == "" {
		fs.Usage()
		return usageError(stderr, "eval merge", fmt.Errorf("expected --out DIR and at least one shard folder"))
	}
	res, err := eval.Merge(pos, *out)
	if err != nil {
		return runtimeError(stderr, "eval merge", err)
	}
	fmt.Fprint(stdout, res.Markdown())
	fmt.Fprintf(stdout, "\nWrote %s/results.{json,md,csv}, results_nsd.csv, results_signals.csv\n", *out)
	if *plot != "" {
		err := datasets.WriteFileAtomic(*plot, func(w io.Writer) error {
			return eval.WritePlot(w, res.Dice.Table(), plotTitle(res), "Dice")
		})
		if err != nil {
			return runtimeError(stderr, "eval merge", err)
		}
		fmt.Fprintf(stdout, "Wrote %s\n", filepath.Clean(*plot))
	}
	return exitOK
}
