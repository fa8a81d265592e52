// Package imagepane is the image pane's own state: its keys and the mouse
// on the image, decoded into Actions the root applies; the display options
// (window, overlays, opacity), which it applies itself; the zoom viewport's
// math; and the bookkeeping of the frame on screen (request generations,
// when the graphics payload must be sent again, the blank cells under it).
// What a frame shows (the session's slice, the cursor, the prompts and
// proposals) and composing it stay in package tui, since every other part
// reads them: the root asks the pane for its options and region and hands
// it plain data.
package imagepane

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// dragMin is how far, in slice pixels along either axis, a press must be
// dragged to draw a box rather than place a point.
const dragMin = 2

// Model is the image pane's state. The zero Model has no keys and no
// windows; call New.
type Model struct {
	KeyMap KeyMap
	geo    Geometry
	drag   *[2]int // the slice pixel a left press went down on
	display
	vp Viewport
	frames
	w, h  int   // View's cells
	shown Frame // what View draws
}

// New decodes with km and draws with the first preset window and both
// overlays.
func New(km KeyMap) Model { return Model{KeyMap: km, display: newDisplay()} }

// SetGeometry sets where the image is on the screen for the mouse events
// that follow; the root sets it before routing one.
func (p *Model) SetGeometry(g Geometry) { p.geo = g }

// Update decodes a key or mouse message while the image pane has focus
// into what the root must do (Kind None: nothing). The display actions it
// has already applied; the root redraws.
func (p Model) Update(msg tea.Msg) (Model, Action) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		a := p.onKey(msg)
		p.applyDisplay(a)
		return p, a
	case tea.MouseMsg:
		return p.onMouse(msg)
	}
	return p, Action{}
}

func (p Model) onKey(msg tea.KeyMsg) Action {
	k := &p.KeyMap
	bindings := []struct {
		b *key.Binding
		a Action
	}{
		{&k.Left, Action{Kind: Move, DX: -1}},
		{&k.Right, Action{Kind: Move, DX: 1}},
		{&k.Up, Action{Kind: Move, DY: -1}},
		{&k.Down, Action{Kind: Move, DY: 1}},
		{&k.FastLeft, Action{Kind: Move, DX: -8}},
		{&k.FastRight, Action{Kind: Move, DX: 8}},
		{&k.FastUp, Action{Kind: Move, DY: -8}},
		{&k.FastDown, Action{Kind: Move, DY: 8}},
		{&k.PrevSlice, Action{Kind: Slice, Step: -1}},
		{&k.NextSlice, Action{Kind: Slice, Step: 1}},
		{&k.PrevSlice10, Action{Kind: Slice, Step: -10}},
		{&k.NextSlice10, Action{Kind: Slice, Step: 10}},
		{&k.Plane, Action{Kind: NextPlane}},
		{&k.Window, Action{Kind: CycleWindow}},
		{&k.Positive, Action{Kind: Point, Positive: true}},
		{&k.Negative, Action{Kind: Point}},
		{&k.Box, Action{Kind: BoxCorner}},
		{&k.Cancel, Action{Kind: Cancel}},
		{&k.Candidate, Action{Kind: Candidate}},
		{&k.Accept, Action{Kind: Accept}},
		{&k.Undo, Action{Kind: Undo}},
		{&k.Redo, Action{Kind: Redo}},
		{&k.Auto, Action{Kind: Auto}},
		{&k.Propagate, Action{Kind: Propagate}},
		{&k.ToggleGT, Action{Kind: ToggleGT}},
		{&k.TogglePred, Action{Kind: TogglePred}},
		{&k.Opacity, Action{Kind: CycleOpacity}},
		{&k.ZoomIn, Action{Kind: Zoom, Step: 1}},
		{&k.ZoomOut, Action{Kind: Zoom, Step: -1}},
		{&k.ZoomReset, Action{Kind: Zoom, Step: 0}},
	}
	for _, e := range bindings {
		if key.Matches(msg, *e.b) {
			return e.a
		}
	}
	return Action{}
}

// onMouse: left click a positive point, right click a negative one, left
// drag a box, wheel the slice, ctrl+wheel the zoom.
func (p Model) onMouse(msg tea.MouseMsg) (Model, Action) {
	x, y, ok := p.geo.Pixel(msg.X, msg.Y)
	wheel := msg.Button == tea.MouseButtonWheelUp || msg.Button == tea.MouseButtonWheelDown
	press := msg.Action == tea.MouseActionPress
	switch {
	case msg.Ctrl && press && wheel:
		step := 1
		if msg.Button == tea.MouseButtonWheelDown {
			step = -1
		}
		return p, Action{Kind: WheelZoom, Step: step, Col: msg.X, Row: msg.Y}
	case press && msg.Button == tea.MouseButtonLeft:
		if ok {
			p.drag = &[2]int{x, y}
			return p, Action{Kind: Focus}
		}
	case msg.Action == tea.MouseActionRelease && p.drag != nil:
		d := *p.drag
		p.drag = nil
		if !ok {
			return p, Action{}
		}
		if abs(x-d[0]) >= dragMin || abs(y-d[1]) >= dragMin {
			return p, Action{Kind: BoxDrag, Mouse: true, X: x, Y: y, FromX: d[0], FromY: d[1]}
		}
		return p, Action{Kind: Point, Positive: true, Mouse: true, X: x, Y: y}
	case press && msg.Button == tea.MouseButtonRight:
		if ok {
			return p, Action{Kind: Point, Mouse: true, X: x, Y: y}
		}
	case press && msg.Button == tea.MouseButtonWheelUp:
		return p, Action{Kind: Slice, Step: -1}
	case press && msg.Button == tea.MouseButtonWheelDown:
		return p, Action{Kind: Slice, Step: 1}
	}
	return p, Action{}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
