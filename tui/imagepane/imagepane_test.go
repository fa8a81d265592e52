package imagepane

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/keymap"
	"github.com/segtui/segtui/render"
)

// keyMsg is the tea.KeyMsg a terminal delivers for s (Bubble Tea's own
// key names for the special keys).
func keyMsg(s string) tea.KeyMsg {
	named := map[string]tea.KeyType{
		"left": tea.KeyLeft, "right": tea.KeyRight, "up": tea.KeyUp, "down": tea.KeyDown,
		"shift+left": tea.KeyShiftLeft, "shift+right": tea.KeyShiftRight,
		"shift+up": tea.KeyShiftUp, "shift+down": tea.KeyShiftDown,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "esc": tea.KeyEsc, "enter": tea.KeyEnter,
		"ctrl+r": tea.KeyCtrlR, "tab": tea.KeyTab,
	}
	if t, ok := named[s]; ok {
		return tea.KeyMsg{Type: t}
	}
	if s == " " {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func decode(t *testing.T, p Model, s string) Action {
	t.Helper()
	k := keyMsg(s)
	if k.String() != s {
		t.Fatalf("test key %q reads as %q", s, k.String())
	}
	_, a := p.Update(k)
	return a
}

// Every default key of the pane, aliases included, decodes to its action;
// keys that are other parts' (class, model, global) decode to nothing.
func TestDefaultKeys(t *testing.T) {
	p := New(NewKeyMap(keymap.Default()))
	want := map[string]Action{
		"left": {Kind: Move, DX: -1}, "h": {Kind: Move, DX: -1},
		"right": {Kind: Move, DX: 1}, "l": {Kind: Move, DX: 1},
		"up": {Kind: Move, DY: -1}, "k": {Kind: Move, DY: -1},
		"down": {Kind: Move, DY: 1}, "j": {Kind: Move, DY: 1},
		"H": {Kind: Move, DX: -8}, "shift+left": {Kind: Move, DX: -8},
		"L": {Kind: Move, DX: 8}, "shift+right": {Kind: Move, DX: 8},
		"K": {Kind: Move, DY: -8}, "shift+up": {Kind: Move, DY: -8},
		"J": {Kind: Move, DY: 8}, "shift+down": {Kind: Move, DY: 8},
		",": {Kind: Slice, Step: -1}, ".": {Kind: Slice, Step: 1},
		"<": {Kind: Slice, Step: -10}, "pgup": {Kind: Slice, Step: -10},
		">": {Kind: Slice, Step: 10}, "pgdown": {Kind: Slice, Step: 10},
		"v": {Kind: NextPlane}, "w": {Kind: CycleWindow},
		" ": {Kind: Point, Positive: true}, "x": {Kind: Point},
		"b": {Kind: BoxCorner}, "esc": {Kind: Cancel},
		"c": {Kind: Candidate}, "enter": {Kind: Accept},
		"u": {Kind: Undo}, "ctrl+r": {Kind: Redo},
		"a": {Kind: Auto}, "P": {Kind: Propagate},
		"g": {Kind: ToggleGT}, "p": {Kind: TogglePred}, "o": {Kind: CycleOpacity},
		"+": {Kind: Zoom, Step: 1}, "=": {Kind: Zoom, Step: 1},
		"-": {Kind: Zoom, Step: -1}, "0": {Kind: Zoom, Step: 0},
		// Not the pane's: the class panel's, the root's, or no key at all.
		"[": {}, "]": {}, "1": {}, "9": {}, "m": {}, "M": {}, "s": {}, "q": {}, "?": {},
		"tab": {}, "n": {}, "R": {}, "z": {},
	}
	for s, w := range want {
		if a := decode(t, p, s); a != w {
			t.Errorf("key %q: %+v, want %+v", s, a, w)
		}
	}
	// Zoom reset is its own action, not "nothing".
	if a := decode(t, p, "0"); a.Kind != Zoom {
		t.Errorf("0 decodes to %+v", a)
	}
}

// Overrides from a keys.conf replace the defaults: the new key acts, the
// old one no longer does, and an unbound action is gone.
func TestRemappedKeys(t *testing.T) {
	km := keymap.Default()
	conf := "positive = i, Y\nleft = a, left\nauto = A\nredo =\nzoom-in = ]\nnext-class = }\n"
	if err := km.Apply(strings.NewReader(conf), "keys.conf"); err != nil {
		t.Fatal(err)
	}
	p := New(NewKeyMap(km))
	want := map[string]Action{
		"i": {Kind: Point, Positive: true}, "Y": {Kind: Point, Positive: true}, " ": {},
		"a": {Kind: Move, DX: -1}, "left": {Kind: Move, DX: -1}, "h": {},
		"A": {Kind: Auto}, "ctrl+r": {},
		"]": {Kind: Zoom, Step: 1}, "+": {},
	}
	for s, w := range want {
		if a := decode(t, p, s); a != w {
			t.Errorf("remapped key %q: %+v, want %+v", s, a, w)
		}
	}
}

// geometry is a 100x50 slice drawn 2 frame pixels per slice pixel, with
// 10x20-pixel cells, the image's first cell at column 20, row 2: a cell
// covers 5 slice pixels across and 10 down.
func geometry() Geometry {
	return Geometry{Col0: 20, Row0: 2, CellW: 10, CellH: 20, SliceW: 100, SliceH: 50,
		Mapping: render.Mapping{Region: render.Rect{X1: 100, Y1: 50}, W: 200, H: 100}}
}

func mouse(col, row int, a tea.MouseAction, b tea.MouseButton) tea.MouseMsg {
	return tea.MouseMsg{X: col, Y: row, Action: a, Button: b}
}

func TestGeometry(t *testing.T) {
	g := geometry()
	// Cell (3, 1) of the image: centre at frame pixel (35, 30), slice
	// (17.5, 15).
	if x, y, ok := g.Pixel(23, 3); !ok || x != 17 || y != 15 {
		t.Errorf("Pixel(23,3) = %d,%d,%v, want 17,15,true", x, y, ok)
	}
	if sx, sy, ok := g.Point(23, 3); !ok || sx != 17.5 || sy != 15 {
		t.Errorf("Point(23,3) = %g,%g,%v, want 17.5,15,true", sx, sy, ok)
	}
	// Left of the image, below it, and with no frame yet.
	for _, c := range [][2]int{{19, 3}, {23, 1}, {40, 3}, {23, 7}} {
		if _, _, ok := g.Pixel(c[0], c[1]); ok {
			t.Errorf("cell %v is off the image but maps to a pixel", c)
		}
		if _, _, ok := g.Point(c[0], c[1]); ok {
			t.Errorf("cell %v is off the image but maps to a point", c)
		}
	}
	if _, _, ok := (Geometry{}).Pixel(23, 3); ok {
		t.Error("no frame on screen, yet a cell maps to a pixel")
	}
}

// A click is a positive point where the button is released, a drag of two
// pixels or more a box, a right click a negative point; presses off the
// image do nothing, the wheel steps slices anywhere and ctrl+wheel zooms
// about the cell under the mouse.
func TestMouse(t *testing.T) {
	p := New(NewKeyMap(keymap.Default()))
	p.SetGeometry(geometry())
	step := func(msg tea.MouseMsg, want Action) {
		t.Helper()
		var a Action
		p, a = p.Update(msg)
		if a != want {
			t.Errorf("%+v: %+v, want %+v", msg, a, want)
		}
	}
	left, right := tea.MouseButtonLeft, tea.MouseButtonRight
	press, release := tea.MouseActionPress, tea.MouseActionRelease

	step(mouse(23, 3, press, left), Action{Kind: Focus})
	step(mouse(23, 3, release, left), Action{Kind: Point, Positive: true, Mouse: true, X: 17, Y: 15})
	// The drag ended: another release is nothing.
	step(mouse(23, 3, release, left), Action{})

	// One cell right is 5 pixels: a box from the press to the release.
	step(mouse(23, 3, press, left), Action{Kind: Focus})
	step(mouse(24, 3, tea.MouseActionMotion, left), Action{})
	step(mouse(24, 4, release, left), Action{Kind: BoxDrag, Mouse: true, X: 22, Y: 25, FromX: 17, FromY: 15})

	// Released off the image: nothing, and the drag is dropped.
	step(mouse(23, 3, press, left), Action{Kind: Focus})
	step(mouse(5, 3, release, left), Action{})
	step(mouse(23, 3, release, left), Action{})

	// Pressed off the image: no focus, no drag.
	step(mouse(5, 3, press, left), Action{})
	step(mouse(23, 3, release, left), Action{})

	step(mouse(23, 3, press, right), Action{Kind: Point, Mouse: true, X: 17, Y: 15})
	step(mouse(5, 3, press, right), Action{})

	step(mouse(5, 3, press, tea.MouseButtonWheelUp), Action{Kind: Slice, Step: -1})
	step(mouse(23, 3, press, tea.MouseButtonWheelDown), Action{Kind: Slice, Step: 1})
	zoom := mouse(23, 3, press, tea.MouseButtonWheelUp)
	zoom.Ctrl = true
	step(zoom, Action{Kind: WheelZoom, Step: 1, Col: 23, Row: 3})
	zoom.Button = tea.MouseButtonWheelDown
	step(zoom, Action{Kind: WheelZoom, Step: -1, Col: 23, Row: 3})
}

// The drag threshold is two slice pixels along either axis: with one cell
// per slice pixel, one pixel is still a click (at the release), two a box.
func TestDragThreshold(t *testing.T) {
	g := geometry()
	g.Mapping.W, g.Mapping.H = 1000, 1000 // 10x20 frame pixels per slice pixel: one per cell
	for _, c := range []struct {
		col, row int
		want     Action
	}{
		{24, 3, Action{Kind: Point, Positive: true, Mouse: true, X: 4, Y: 1}},
		{24, 4, Action{Kind: Point, Positive: true, Mouse: true, X: 4, Y: 2}},
		{25, 3, Action{Kind: BoxDrag, Mouse: true, X: 5, Y: 1, FromX: 3, FromY: 1}},
		{23, 5, Action{Kind: BoxDrag, Mouse: true, X: 3, Y: 3, FromX: 3, FromY: 1}},
	} {
		p := New(NewKeyMap(keymap.Default()))
		p.SetGeometry(g)
		p, _ = p.Update(mouse(23, 3, tea.MouseActionPress, tea.MouseButtonLeft))
		if _, a := p.Update(mouse(c.col, c.row, tea.MouseActionRelease, tea.MouseButtonLeft)); a != c.want {
			t.Errorf("press (23,3) release (%d,%d): %+v, want %+v", c.col, c.row, a, c.want)
		}
	}
}

// Update returns the new state: a drag lives in the Model it returned, not
// in the one it was called on.
func TestUpdateIsAValue(t *testing.T) {
	p := New(NewKeyMap(keymap.Default()))
	p.SetGeometry(geometry())
	q, a := p.Update(mouse(23, 3, tea.MouseActionPress, tea.MouseButtonLeft))
	if a.Kind != Focus {
		t.Fatalf("press: %+v", a)
	}
	if _, a := p.Update(mouse(23, 3, tea.MouseActionRelease, tea.MouseButtonLeft)); a.Kind != None {
		t.Errorf("the old Model saw the press: %+v", a)
	}
	if _, a := q.Update(mouse(23, 3, tea.MouseActionRelease, tea.MouseButtonLeft)); a.Kind != Point {
		t.Errorf("the new Model lost the press: %+v", a)
	}
	if _, a := p.Update(tea.WindowSizeMsg{Width: 80, Height: 24}); a.Kind != None {
		t.Errorf("a resize is not the pane's input: %+v", a)
	}
}

// The hint line's keys are the pane's prompt and slice keys, and the full
// help lists every binding the pane decodes.
func TestHelp(t *testing.T) {
	k := NewKeyMap(keymap.Default())
	var short []string
	for _, b := range k.ShortHelp() {
		short = append(short, b.Help().Key)
	}
	if got := strings.Join(short, " "); got != "space x b enter a u , ." {
		t.Errorf("ShortHelp keys %q", got)
	}
	n := 0
	for _, col := range k.FullHelp() {
		n += len(col)
	}
	if n != 30 {
		t.Errorf("FullHelp lists %d bindings, want the pane's 30", n)
	}
}
