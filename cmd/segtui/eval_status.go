package main

import (
	"fmt"
	"io"
	"time"

	"github.com/segtui/segtui/engine/eval"
)

const evalStatusSynopsis = "segtui eval status DIR... (shard folders, or the --out folder holding them)"

// evalStatus prints each shard's done/total case-variant pairs and an ETA.
func evalStatus(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("eval status", evalStatusSynopsis)
	fs.SetOutput(stderr)
	pos, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	if len(pos) == 0 {
		fs.Usage()
		return usageError(stderr, "eval status", fmt.Errorf("expected a sharded run's --out folder or its shard folders"))
	}
	ps, err := eval.Status(pos)
	if err != nil {
		return runtimeError(stderr, "eval status", err)
	}
	eval.WriteStatus(stdout, ps, time.Now())
	return exitOK
}
