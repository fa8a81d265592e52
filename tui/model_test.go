package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
)

func TestAutoPromptFillsDicePanel(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 140, 45)
	press(m, "a")
	if !m.sess.Labelled(m.key()) {
		t.Fatalf("a did not label the slice: %s", m.msg)
	}
	liver := scoreOf(t, m, 1)
	if !liver.SliceOK || liver.Slice < 0.8 {
		t.Fatalf("liver slice Dice %.3f (ok %v), want >= 0.8 from a GT box on the built-in engine", liver.Slice, liver.SliceOK)
	}
	if !liver.CaseOK || liver.Case != liver.Slice {
		t.Errorf("case Dice over the one labelled slice = %.3f, want the slice's %.3f", liver.Case, liver.Slice)
	}
	view := m.View()
	if !strings.Contains(view, "1 labelled slices") || !strings.Contains(view, "1 liver") {
		t.Errorf("Dice panel does not show the labelled count or liver:\n%s", view)
	}
	// Classes without ground truth on the slice show a dash.
	for _, sc := range m.sess.Scores(m.key()) {
		if sc.GTOnSlice == 0 && sc.SliceOK {
			t.Errorf("class %s has no GT on the slice but a slice Dice", sc.Class.Name)
		}
	}
}

func scoreOf(t *testing.T, m *Model, id uint16) ClassScore {
	for _, sc := range m.sess.Scores(m.key()) {
		if sc.Class.ID == id {
			return sc
		}
	}
	t.Fatalf("no score row for class %d", id)
	return ClassScore{}
}

func TestCursorAndSliceKeys(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 120, 40)
	x, y, n := m.cx, m.cy, m.n
	press(m, "l", "right", "j", "down", "h", "k")
	if m.cx != x+1 || m.cy != y+1 {
		t.Errorf("after l right j down h k: cursor (%d,%d), want (%d,%d)", m.cx, m.cy, x+1, y+1)
	}
	press(m, "L", "J")
	if m.cx != x+9 || m.cy != y+9 {
		t.Errorf("L J move 8: cursor (%d,%d), want (%d,%d)", m.cx, m.cy, x+9, y+9)
	}
	press(m, "shift+right")
	if m.cx != x+17 {
		t.Errorf("shift+right: x %d, want %d", m.cx, x+17)
	}
	press(m, ".")
	if m.n != n+1 {
		t.Errorf(". : slice %d, want %d", m.n, n+1)
	}
	press(m, ",", ",")
	if m.n != n-1 {
		t.Errorf(", ,: slice %d, want %d", m.n, n-1)
	}
	press(m, ">")
	if m.n != n+9 {
		t.Errorf("> : slice %d, want %d", m.n, n+9)
	}
	press(m, "pgup", "<")
	if m.n != n-11 {
		t.Errorf("pgup < : slice %d, want %d", m.n, n-11)
	}
	press(m, "pgdown")
	if m.n != n-1 {
		t.Errorf("pgdown: slice %d, want %d", m.n, n-1)
	}
	for i := 0; i < 100; i++ {
		press(m, ">")
	}
	if m.n != m.view().Depth-1 {
		t.Errorf("slice stops at the last: %d of %d", m.n, m.view().Depth)
	}
}

func TestPlaneCarriesCursorVoxel(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 120, 40)
	before := m.view().Voxel(m.n, m.cx, m.cy)
	press(m, "v")
	if m.plane != datasets.Coronal {
		t.Fatalf("v: plane %s, want coronal", m.plane)
	}
	if got := m.view().Voxel(m.n, m.cx, m.cy); got != before {
		t.Errorf("cursor voxel moved from %v to %v when changing plane", before, got)
	}
	press(m, "v", "v")
	if m.plane != datasets.Axial {
		t.Errorf("three v: plane %s, want axial", m.plane)
	}
}

func TestWindowOpacityToggles(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 120, 40)
	if m.window().Name != "abdomen" {
		t.Errorf("CT opens in the abdomen window, got %s", m.window())
	}
	press(m, "w")
	if m.window().Name != "liver" {
		t.Errorf("w: window %s, want liver", m.window())
	}
	press(m, "o")
	if m.pane.Opacity() != 0.75 {
		t.Errorf("o: opacity %v", m.pane.Opacity())
	}
	press(m, "g", "p")
	if m.pane.ShowGT() || m.pane.ShowPred() {
		t.Error("g and p should hide ground truth and prediction")
	}
	if v := m.View(); !strings.Contains(v, "GT off · pred off · opacity 75%") {
		t.Errorf("model bar does not show the toggles:\n%s", v)
	}
}

func TestClassKeys(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 120, 40)
	press(m, "3")
	if c, _ := m.activeClass(); c.ID != 3 {
		t.Errorf("3: class %d", c.ID)
	}
	press(m, "]", "]")
	if c, _ := m.activeClass(); c.ID != 5 {
		t.Errorf("] ]: class %d, want 5", c.ID)
	}
	press(m, "[")
	if c, _ := m.activeClass(); c.ID != 4 {
		t.Errorf("[: class %d, want 4", c.ID)
	}
	press(m, "1", "[")
	if c, _ := m.activeClass(); c.ID != 1 {
		t.Errorf("[ at the first class stays: %d", c.ID)
	}
}

// liverCentre puts the cursor in the middle of the liver's GT box.
func liverCentre(t *testing.T, m *Model) classBox {
	for _, b := range m.sess.GTClassesOnSlice(m.key()) {
		if b.ID == 1 {
			m.cx, m.cy = (b.X0+b.X1)/2, (b.Y0+b.Y1)/2
			return b
		}
	}
	t.Fatal("no liver on the start slice")
	return classBox{}
}

func TestBoxPointsAcceptUndoRedo(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 120, 40)
	b := liverCentre(t, m)
	m.cx, m.cy = b.X0, b.Y0
	press(m, "b")
	if m.corner == nil || m.box != nil {
		t.Fatal("first b should start a box")
	}
	m.cx, m.cy = b.X1, b.Y1
	press(m, "b")
	if m.box == nil || m.proposal == nil {
		t.Fatalf("second b should finish the box and propose: %s", m.msg)
	}
	m.cx, m.cy = (b.X0+b.X1)/2, (b.Y0+b.Y1)/2
	press(m, " ")
	m.cx, m.cy = max(0, b.X0-6), max(0, b.Y0-6)
	press(m, "x")
	if len(m.points) != 2 || !m.points[0].Positive || m.points[1].Positive {
		t.Fatalf("space then x: points %+v", m.points)
	}
	press(m, "enter")
	if !m.sess.Labelled(m.key()) || m.proposal != nil || m.sess.Dirty() != 1 {
		t.Fatalf("enter should accept: labelled %v, dirty %d", m.sess.Labelled(m.key()), m.sess.Dirty())
	}
	d := scoreOf(t, m, 1)
	if !d.SliceOK || d.Slice < 0.5 {
		t.Errorf("liver Dice after box+points %.3f", d.Slice)
	}
	press(m, "u")
	if m.sess.Labelled(m.key()) || scoreOf(t, m, 1).LabelOnSlice != 0 {
		t.Error("u should take the slice back to unlabelled and empty")
	}
	press(m, "ctrl+r")
	if !m.sess.Labelled(m.key()) || scoreOf(t, m, 1).Slice != d.Slice {
		t.Error("ctrl+r should restore the accepted labels")
	}
}

func TestEscCancelsBoxThenPrompts(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 120, 40)
	liverCentre(t, m)
	press(m, " ", "b")
	press(m, "esc")
	if m.corner != nil || len(m.points) != 1 {
		t.Fatal("first esc cancels only the box")
	}
	press(m, "esc")
	if len(m.points) != 0 || m.proposal != nil {
		t.Fatal("second esc clears the prompts")
	}
}

func TestNextModelRerunsPrompts(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 120, 40)
	liverCentre(t, m)
	press(m, " ")
	first := m.proposal
	press(m, "m")
	if m.engine != 1 || m.proposal == nil || m.proposal == first {
		t.Fatalf("m should switch to the second variant and re-run: engine %d", m.engine)
	}
	if v := m.View(); !strings.Contains(v, "‹builtin-2›") {
		t.Errorf("model bar does not mark the active variant")
	}
}

func TestCompareTable(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 140, 45)
	press(m, "M")
	if m.compare == nil {
		t.Fatalf("M showed no table: %s", m.msg)
	}
	if len(m.compare.Models) != 2 || len(m.compare.Classes) < 3 {
		t.Fatalf("table: %d models, %d classes", len(m.compare.Models), len(m.compare.Classes))
	}
	v := m.View()
	if !strings.Contains(v, "Model comparison") || !strings.Contains(v, "builtin-2") {
		t.Errorf("compare view:\n%s", v)
	}
	press(m, "j")
	if m.compare != nil {
		t.Error("any key closes the table")
	}
}

func TestBrowserFocusFilterOpen(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 120, 40)
	press(m, "tab")
	if m.focus != focusBrowser {
		t.Fatal("tab focuses the browser")
	}
	press(m, "/", "S", "E", "C", "enter")
	if vis := m.visibleCases(); len(vis) != 1 || vis[0] != 1 {
		t.Fatalf("filter SEC: %v", vis)
	}
	if v := m.View(); strings.Contains(v, "\x1b[31m") || !strings.Contains(v, "SECOND[31m_CASE") && !strings.Contains(v, "SECOND_CASE") {
		t.Errorf("case names must be shown without control sequences:\n%q", v)
	}
	press(m, "enter")
	if m.opened != 1 || m.focus != focusImage {
		t.Errorf("enter opens the case: opened %d focus %d", m.opened, m.focus)
	}
}

func TestHelpOverlayListsOverrides(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 120, 40)
	m.km.Auto.SetKeys("A")
	m.km.Auto.SetHelp("A", "auto-prompt from GT")
	press(m, "?")
	v := m.View()
	if !m.help || !strings.Contains(v, "auto-prompt from GT") || !strings.Contains(v, "ctrl+r") {
		t.Fatalf("help overlay:\n%s", v)
	}
	press(m, "z")
	if m.help {
		t.Error("any key closes help")
	}
}

func TestQuitAsksWhenUnsaved(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 120, 40)
	press(m, "a", "q")
	if !m.quitAsk || m.quitting {
		t.Fatal("q with unsaved edits should ask")
	}
	press(m, "j")
	if m.quitAsk {
		t.Fatal("another key stays")
	}
	press(m, "q", "s")
	if !m.quitting {
		t.Fatalf("s saves and quits: %s", m.msg)
	}
	if _, err := os.Stat(filepath.Join(m.cfg.OutDir, "PHANTOM_0001_labels.nii.gz")); err != nil {
		t.Fatal(err)
	}
}

func TestQuitWithoutEditsQuits(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 120, 40)
	_, cmd := m.Update(keyMsg("q"))
	if cmd == nil || cmd() != tea.Quit() {
		t.Fatal("q with nothing to save should quit at once")
	}
}

func TestSaveWritesNiftiOnSourceGrid(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 120, 40)
	press(m, "a", "s")
	path := filepath.Join(m.cfg.OutDir, "PHANTOM_0001_labels.nii.gz")
	lab, err := nifti.ReadLabels(path)
	if err != nil {
		t.Fatalf("%v (status: %s)", err, m.msg)
	}
	if !lab.SameGrid(m.sess.Image.Grid) {
		t.Fatalf("saved grid %s %v differs from the image's %s %v", lab.ShapeString(), lab.Affine, m.sess.Image.ShapeString(), m.sess.Image.Affine)
	}
	for i, v := range lab.Labels {
		if v != m.sess.Edit.Labels[i] {
			t.Fatalf("voxel %d: saved %d, edited %d", i, v, m.sess.Edit.Labels[i])
		}
	}
	if m.sess.Dirty() != 0 {
		t.Error("save should clear the unsaved count")
	}
}

func TestTooSmall(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 99, 30)
	if v := m.View(); !strings.Contains(v, "at least 100x30") || !strings.Contains(v, "99x30") {
		t.Errorf("small terminal view:\n%s", v)
	}
}

func TestMouseClickAndDrag(t *testing.T) {
	m := newTestModel(t, GraphicsBlocks, 120, 40)
	if m.frame.mapping.W == 0 {
		t.Fatalf("no frame: %v", m.frame.err)
	}
	col, row := m.imageOrigin()
	// Click the middle of the image.
	mc := col + m.frame.mapping.W/2
	mr := row + m.frame.mapping.H/4
	drive(m, tea.MouseMsg{X: mc, Y: mr, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft},
		tea.MouseMsg{X: mc, Y: mr, Action: tea.MouseActionRelease, Button: tea.MouseButtonLeft})
	if len(m.points) != 1 || !m.points[0].Positive {
		t.Fatalf("left click: points %+v", m.points)
	}
	drive(m, tea.MouseMsg{X: mc + 1, Y: mr, Action: tea.MouseActionPress, Button: tea.MouseButtonRight})
	if len(m.points) != 2 || m.points[1].Positive {
		t.Fatalf("right click: points %+v", m.points)
	}
	drive(m, tea.MouseMsg{X: mc - 5, Y: mr - 3, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft},
		tea.MouseMsg{X: mc + 5, Y: mr + 3, Action: tea.MouseActionRelease, Button: tea.MouseButtonLeft})
	if m.box == nil || m.box.X1-m.box.X0 < 5 {
		t.Fatalf("drag: box %+v", m.box)
	}
}

func TestBlocksFrameFillsPane(t *testing.T) {
	m := newTestModel(t, GraphicsBlocks, 120, 40)
	cols, rows := m.imageCells()
	if len(m.frame.lines) == 0 || len(m.frame.lines) > rows {
		t.Fatalf("%d frame rows for a %d-row pane (err %v)", len(m.frame.lines), rows, m.frame.err)
	}
	for _, l := range m.frame.lines {
		if w := len([]rune(stripANSI(l))); w > cols {
			t.Fatalf("frame row is %d cells, pane %d", w, cols)
		}
	}
	if !strings.Contains(m.View(), "▀") {
		t.Error("blocks view has no half blocks")
	}
}

func TestRunesArrivingTogetherAreSeparateKeys(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 120, 40)
	n := m.n
	drive(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(",,,")})
	if m.n != n-3 {
		t.Errorf("\",,,\" in one read moved to slice %d, want %d", m.n, n-3)
	}
}
