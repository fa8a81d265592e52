package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/segtui/segtui/datasets"
)

// classesUsage describes --classes for every command that takes it.
const classesUsage = "name the classes: flare22, gid or sirst, an nnU-Net dataset.json, or a text file of \"ID NAME\" lines " +
	"(replaces the data's own table; ground-truth ids it lacks are listed as \"class N\")"

// applyClasses replaces ds's class table with the one --classes names;
// an empty spec leaves it as discovered.
func applyClasses(ds *datasets.Dataset, spec string) error {
	if spec == "" {
		return nil
	}
	t, err := datasets.LoadClassTable(spec)
	if err != nil {
		return fmt.Errorf("--classes: %w", err)
	}
	ds.UseClassTable(t)
	return nil
}

// checkClasses resolves --classes before any data is read, so a typo is
// reported at once: an unknown name is a usage error (exit 2) listing the
// choices, a bad file a runtime error naming file and line.
func checkClasses(w io.Writer, cmd, spec string) (code int, ok bool) {
	if spec == "" {
		return exitOK, true
	}
	_, err := datasets.LoadClassTable(spec)
	if err == nil {
		return exitOK, true
	}
	err = fmt.Errorf("--classes: %w", err)
	var unknown *datasets.UnknownClassTableError
	if errors.As(err, &unknown) {
		return usageError(w, cmd, err), false
	}
	return runtimeError(w, cmd, err), false
}
