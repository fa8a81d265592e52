package tui

import (
	"context"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/keymap"
)

// Graphics is how the image pane is drawn.
type Graphics string

const (
	GraphicsBlocks Graphics = "blocks" // Unicode half blocks as text cells
	GraphicsSixel  Graphics = "sixel"
	GraphicsKitty  Graphics = "kitty"
	GraphicsITerm  Graphics = "iterm"
	GraphicsNone   Graphics = "none" // no image (tests of the panels)
)

// EngineEntry is one model variant; Open runs lazily, off the UI
// goroutine, the first time the variant is used.
type EngineEntry struct {
	Name   string
	Device string // "CPU", "CUDA"
	// Family, when known before opening, tells promptless (semantic)
	// variants apart for the keys; "" asks the engine once open.
	Family engine.Family
	Open   func() (engine.Engine, error)
}

// CaseEntry is one row of the browser.
type CaseEntry struct {
	ID     string
	Inputs []string // files that saving must never overwrite
}

// Config is everything the model needs; Run builds it from Options, tests
// build it directly.
type Config struct {
	Root  string // identifies the data for journal files
	Cases []CaseEntry
	// Classes is the dataset's class table; once a case opens, the model
	// holds that case's table here (see caseClasses).
	Classes  datasets.ClassTable
	MaskKind datasets.MaskKind // how the set's 2-D masks encode classes; 2-D saves use it
	Warnings []string          // what discovery skipped or doubted; the first is shown at start
	Notices  []string          // start-up notes (an unreadable default keys.conf), shown once
	Load     func(ctx context.Context, i int) (*datasets.Volume, *datasets.LabelMap, error)
	Engines  []EngineEntry
	Graphics Graphics
	OutDir   string
	Keys     keymap.KeyMap
	// CellW, CellH are a terminal cell's size in pixels (graphics modes).
	CellW, CellH int
	// Passthrough wraps graphics for tmux.
	Passthrough bool
	// EraseImages: the terminal keeps sixel pixels under rewritten text
	// (Konsole), so old images are removed by erasing the screen.
	EraseImages bool
	// FrameDump is a folder for frames and screen states (FrameDumpEnv).
	FrameDump string

	classes classState
}
