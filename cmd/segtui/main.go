// Command segtui is a terminal app for interactive medical image
// segmentation with Segment-Anything-family models.
package main

import (
	"fmt"
	"github.com/segtui/segtui/internal/memlimit"
	"os"

	_ "github.com/segtui/segtui/datasets/all" // every image format
)

// Exit codes follow convention: 0 ok, 1 runtime error, 2 usage error.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// memLimit is what memlimit.Set did at start, for doctor.
var memLimit string

func main() {
	memLimit = memlimit.Set()
	os.Exit(dispatch(os.Args[1:]))
}

func dispatch(args []string) int {
	if len(args) == 0 {
		return runTUI(args)
	}
	rest := args[1:]
	switch args[0] {
	case "demo":
		return runDemo(rest)
	case "info":
		return runInfo(rest)
	case "snapshot":
		return runSnapshot(rest)
	case "models":
		return runModels(rest)
	case "doctor":
		return runDoctor(rest)
	case "score":
		return runScore(rest)
	case "eval":
		return runEval(rest)
	case "review":
		return runReview(rest)
	case "help":
		usage(os.Stdout)
		return exitOK
	}
	return runTUI(args)
}

func usage(w *os.File) {
	fmt.Fprint(w, `segtui: interactive medical image segmentation in the terminal

Usage:
  segtui [flags] [PATH]          open PATH (a file or dataset folder) in the TUI;
                                 with no PATH, a built-in synthetic abdominal CT
  segtui demo --out DIR          write the synthetic phantom as a FLARE22-layout folder
  segtui info [--json] PATH      describe the cases, grids and labels at PATH
  segtui snapshot PATH --slice N [--plane P] [--window W] [--out F.png | --format F]
                                 render one frame without the TUI
  segtui models [--models FILE]  list model variants and check their files
  segtui doctor                  report ONNX Runtime, CUDA and terminal graphics support
  segtui score [--json] GT PRED  per-class Dice and NSD between two label maps
  segtui eval [--models FILE] [--model NAME ...] [--prompt P] PATH
                                 zero-shot per-class Dice/NSD tables over a dataset
                                 (--shard K/N, or --slurm to print an array job)
  segtui eval merge --out DIR SHARD-DIR...   join a sharded eval into one report
  segtui eval status DIR...      done/total and ETA per shard
  segtui review RESULTS.json     step through an evaluation's failures, worst Dice first

Run 'segtui COMMAND --help' for a command's flags, 'segtui --help' for the TUI's.
`)
}
