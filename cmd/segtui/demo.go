package main

import (
	"fmt"
	"os"

	"github.com/segtui/segtui/datasets/phantom"
)

func runDemo(args []string) int {
	fs := newFlagSet("demo", "segtui demo --out DIR [--seed N]")
	out := fs.String("out", "", "folder to write the phantom into (FLARE22 layout: images/, labels/)")
	seed := fs.Int64("seed", phantom.DefaultSeed, "random seed; the same seed gives the same volume")
	pos, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return usageError(os.Stderr, "demo", fmt.Errorf("unexpected argument %q (use --out DIR)", pos[0]))
	}
	if *out == "" {
		fs.Usage()
		return usageError(os.Stderr, "demo", fmt.Errorf("--out DIR is required"))
	}
	img, lab, err := phantom.Write(*out, *seed)
	if err != nil {
		return runtimeError(os.Stderr, "demo", err)
	}
	fmt.Printf("wrote %s\nwrote %s\n", img, lab)
	return exitOK
}
