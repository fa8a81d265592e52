package main

import (
	"fmt"
	"io"
	"os"

	"github.com/segtui/segtui/tui"
)

const reviewSynopsis = "segtui review [--out DIR] [--graphics MODE] [--ort-lib FILE] [--device D] [--dataset PATH] [--models FILE] [--keys FILE] RESULTS.json|EVAL-OUT-DIR\n\nOpens the TUI on the evaluated data with the per-slice results worst Dice first: n / N jump to the next / previous failure and show its ground truth, the stored prediction and the prompt that produced it; re-prompt there to compare. Results without ground truth (segtui eval --prompts on unlabelled data) are visited least confident first, by the confidence signals eval recorded."

// runReview opens the TUI in review mode on an evaluation's results.
func runReview(args []string) int { return reviewMain(args, os.Stderr) }

func reviewMain(args []string, stderr io.Writer) int {
	fs := newFlagSet("review", reviewSynopsis)
	fs.SetOutput(stderr)
	var f appFlags
	fs.StringVar(&f.out, "out", "segtui-out", "folder where edited labels and the edit journal are written")
	fs.StringVar(&f.graphics, "graphics", "auto", "auto|sixel|kitty|iterm|blocks: how images are drawn")
	fs.StringVar(&f.ortLib, "ort-lib", "", "path to libonnxruntime.so (default: $ONNXRUNTIME_LIB, then lib/)")
	fs.StringVar(&f.device, "device", "auto", "auto|cpu|cuda: where models run")
	fs.StringVar(&f.keys, "keys", "", "key binding overrides file (default: $XDG_CONFIG_HOME/segtui/keys.conf)")
	dataset := fs.String("dataset", "", "the evaluated data, when it moved since the evaluation (default: the path recorded in the results)")
	models := fs.String("models", "", "model manifest, when it moved since the evaluation (default: the one recorded in the results)")
	pos, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	if len(pos) != 1 {
		fs.Usage()
		return usageError(stderr, "review", fmt.Errorf("expected one RESULTS.json or eval output folder, got %d arguments", len(pos)))
	}
	if err := oneOf("device", f.device, "auto", "cpu", "cuda"); err != nil {
		return usageError(stderr, "review", err)
	}
	if err := oneOf("graphics", f.graphics, "auto", "sixel", "kitty", "iterm", "blocks"); err != nil {
		return usageError(stderr, "review", err)
	}
	res, path, err := tui.LoadResults(pos[0])
	if err != nil {
		return runtimeError(stderr, "review", err)
	}
	data, manifest, err := tui.ReviewPaths(res, path, *dataset, *models)
	if err != nil {
		return runtimeError(stderr, "review", err)
	}
	err = tui.Run(tui.Options{
		Path: data, Split: res.Split, Models: manifest, Device: f.device, Graphics: f.graphics, OutDir: f.out,
		ORTLib: f.ortLib, Keys: f.keys, Results: res, ResultsPath: path,
	})
	return tuiExit(stderr, "review", err)
}
