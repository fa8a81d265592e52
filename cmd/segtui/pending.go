//go:build !segtui_pending

package main

import (
	"fmt"
	"os"
)

// Temporary while the dataset readers and phantom land (removed then).
func runDemo(args []string) int {
	fmt.Fprintln(os.Stderr, "segtui demo: not built yet")
	return exitError
}
func runInfo(args []string) int {
	fmt.Fprintln(os.Stderr, "segtui info: not built yet")
	return exitError
}
func startApp(f appFlags) int { fmt.Fprintln(os.Stderr, "segtui: not built yet"); return exitError }
