package main

import (
	"fmt"
	"io"

	"github.com/segtui/segtui/datasets"
)

// openSplit opens a dataset narrowed to a split list ("" for every case),
// warning on stderr about list names that match no case: an evaluation
// reported on "the test split" must say when it did not see all of it.
func openSplit(path, labels, split string, stderr io.Writer, cmd string) (*datasets.Dataset, error) {
	ds, err := datasets.OpenWithLabels(path, labels)
	if err != nil {
		return nil, err
	}
	sub, err := ds.Split(split)
	if err != nil {
		return nil, err
	}
	for _, w := range sub.Warnings[len(ds.Warnings):] {
		fmt.Fprintf(stderr, "%s: warning: %s\n", commandName(cmd), datasets.SanitizeText(w))
	}
	return sub, nil
}
