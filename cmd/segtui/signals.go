package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/tui"
)

// tuiExit reports how the TUI ended: a signal is said with what became of
// the unsaved edits and exits 128 + its number, as shells expect.
func tuiExit(w io.Writer, cmd string, err error) int {
	if err == nil {
		return exitOK
	}
	var term *tui.TerminatedError
	if errors.As(err, &term) {
		fmt.Fprintf(w, "%s: %s\n", commandName(cmd), datasets.SanitizeText(term.Error()))
		return term.ExitCode()
	}
	return runtimeError(w, cmd, err)
}
