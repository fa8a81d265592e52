package main

import (
	"os"

	"github.com/segtui/segtui/tui"
)

// startApp hands the parsed flags to the TUI.
func startApp(f appFlags) int {
	err := tui.Run(tui.Options{
		Path: f.path, Labels: f.labels, Split: f.split, Classes: f.classes, Models: f.models, Model: f.model,
		Device: f.device, Graphics: f.graphics, OutDir: f.out, ORTLib: f.ortLib, Keys: f.keys, Bands: f.bands,
		ImageQuality: f.imageQuality,
	})
	return tuiExit(os.Stderr, "", err)
}
