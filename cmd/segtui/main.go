// Command segtui is a terminal app for interactive medical image
// segmentation with Segment-Anything-family models.
package main

import (
	"fmt"
	"os"
)

// Exit codes follow convention: 0 ok, 1 runtime error, 2 usage error.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

func main() {
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

Run 'segtui COMMAND --help' for a command's flags, 'segtui --help' for the TUI's.
`)
}
