package main

import (
	"fmt"
	"os"

	"github.com/segtui/segtui/datasets"
)

// startApp opens the data; the interactive TUI replaces this placeholder
// when it lands.
func startApp(f appFlags) int {
	if f.path == "" {
		fmt.Println("segtui: the built-in demo (synthetic abdominal CT) would open here; the TUI is not built yet")
		return exitOK
	}
	ds, err := datasets.OpenWithLabels(f.path, f.labels)
	if err != nil {
		return runtimeError(os.Stderr, "", err)
	}
	fmt.Printf("segtui: %d case(s) in %s (%s layout); the TUI is not built yet\n", len(ds.Cases), datasets.SanitizeName(ds.Root), ds.Layout)
	return exitOK
}
