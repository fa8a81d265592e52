package imagepane

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/segtui/segtui/keymap"
)

// KeyMap is the image pane's section of the program's keymap: every key
// that acts on the image shown, its cursor, its prompts or its display.
// The class keys are the class panel's (tui/classpanel); the model keys
// (next model, compare) are the root's, since they act on the engines.
type KeyMap struct {
	Left, Right, Up, Down                 key.Binding
	FastLeft, FastRight, FastUp, FastDown key.Binding // eight pixels a step
	PrevSlice, NextSlice                  key.Binding
	PrevSlice10, NextSlice10              key.Binding
	Plane, Window                         key.Binding

	Positive, Negative, Box, Cancel key.Binding
	Candidate, Accept, Undo, Redo   key.Binding
	Auto, Propagate                 key.Binding

	ToggleGT, TogglePred, Opacity key.Binding
	ZoomIn, ZoomOut, ZoomReset    key.Binding
}

// NewKeyMap takes the pane's bindings from the program's keymap, so user
// overrides (keys.conf) apply.
func NewKeyMap(km keymap.KeyMap) KeyMap {
	return KeyMap{
		Left: km.Left, Right: km.Right, Up: km.Up, Down: km.Down,
		FastLeft: km.FastLeft, FastRight: km.FastRight, FastUp: km.FastUp, FastDown: km.FastDown,
		PrevSlice: km.PrevSlice, NextSlice: km.NextSlice,
		PrevSlice10: km.PrevSlice10, NextSlice10: km.NextSlice10,
		Plane: km.Plane, Window: km.Window,
		Positive: km.Positive, Negative: km.Negative, Box: km.Box, Cancel: km.Cancel,
		Candidate: km.Candidate, Accept: km.Accept, Undo: km.Undo, Redo: km.Redo,
		Auto: km.Auto, Propagate: km.Propagate,
		ToggleGT: km.ToggleGT, TogglePred: km.TogglePred, Opacity: km.Opacity,
		ZoomIn: km.ZoomIn, ZoomOut: km.ZoomOut, ZoomReset: km.ZoomReset,
	}
}

// ShortHelp is the pane's part of the hint line.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Positive, k.Negative, k.Box, k.Accept, k.Auto, k.Undo, k.PrevSlice, k.NextSlice}
}

// FullHelp lists every pane binding, by help column.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Left, k.Right, k.Up, k.Down, k.FastLeft, k.FastRight, k.FastUp, k.FastDown,
			k.PrevSlice, k.NextSlice, k.PrevSlice10, k.NextSlice10, k.Plane, k.Window},
		{k.Positive, k.Negative, k.Box, k.Cancel, k.Accept, k.Candidate, k.Auto, k.Propagate, k.Undo, k.Redo},
		{k.ToggleGT, k.TogglePred, k.Opacity, k.ZoomIn, k.ZoomOut, k.ZoomReset},
	}
}
