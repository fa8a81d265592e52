package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/render"
)

// lastLine is the view's last line, where the image overlay travels.
func lastLine(m *Model) string {
	v := m.View()
	return v[strings.LastIndex(v, "\n")+1:]
}

// Kitty: every frame goes out under one image id and placement id, at the
// image pane's top-left cell, so kitty replaces the previous frame; when
// text covers the pane or the program quits, the image is deleted.
func TestKittyOverlayReplacesAndDeletes(t *testing.T) {
	m := newTestModel(t, GraphicsKitty, 160, 48)
	col, row := m.imageOrigin()
	at := fmt.Sprintf("\x1b7\x1b[%d;%dH\x1b_G", row+1, col+1)
	del := render.KittyDelete(kittyImageID)
	check := func(when string) {
		t.Helper()
		l := lastLine(m)
		if n := strings.Count(l, "a=T,"); n != 1 {
			t.Fatalf("%s: %d kitty transmissions in the view, want 1", when, n)
		}
		if !strings.Contains(l, at) {
			t.Errorf("%s: image not placed at row %d col %d", when, row+1, col+1)
		}
		if !strings.Contains(l, fmt.Sprintf("i=%d,p=1,", kittyImageID)) {
			t.Errorf("%s: transmission lacks image id %d and placement 1: %.80q", when, kittyImageID, l[strings.Index(l, "\x1b_G"):])
		}
		if strings.Contains(l, del) {
			t.Errorf("%s: image deleted while shown", when)
		}
	}
	check("first frame")
	press(m, ".")
	check("next slice")
	press(m, "?")
	if l := lastLine(m); strings.Contains(l, "a=T,") || !strings.Contains(l, del) {
		t.Errorf("help over the pane: the kitty image must be deleted, not sent: %.120q", l)
	}
	press(m, "x") // any key closes help
	check("help closed")
	m.quitting = true
	if v := m.View(); v != del {
		t.Errorf("quitting view %q, want only the kitty delete %q", v, del)
	}
}

// iTerm2: the PNG is sized to the pane's cells and placed at its
// top-left; text covering the pane rewrites those cells instead.
func TestITermOverlaySizedAndPlaced(t *testing.T) {
	m := newTestModel(t, GraphicsITerm, 160, 48)
	col, row := m.imageOrigin()
	l := lastLine(m)
	start := fmt.Sprintf("\x1b7\x1b[%d;%dH\x1b]1337;File=inline=1;size=", row+1, col+1)
	if strings.Count(l, "1337;File=") != 1 || !strings.Contains(l, start) {
		t.Fatalf("iTerm2 image not placed once at row %d col %d: %.120q", row+1, col+1, l)
	}
	cols, rows := render.CellsFor(m.frame.mapping.W, m.frame.mapping.H, m.cfg.CellW, m.cfg.CellH)
	if want := fmt.Sprintf(";width=%d;height=%d;", cols, rows); !strings.Contains(l, want) {
		t.Errorf("iTerm2 image not sized to %dx%d cells", cols, rows)
	}
	pcols, prows := m.imageCells()
	if cols > pcols || rows > prows {
		t.Errorf("image %dx%d cells overflows the %dx%d pane", cols, rows, pcols, prows)
	}
	press(m, "?")
	if l := lastLine(m); strings.Contains(l, "1337;File=") {
		t.Error("image sent over the help screen")
	}
}

// Mouse on a sixel pane with a real cell size (10x20 pixels, as xterm's
// 10-point Monospace measures): a click maps through the frame's pixels to
// the slice pixel under the cell's centre, computed here from the frame
// geometry alone; left click is positive, right negative, a left drag a
// box; a click beside the image adds nothing.
func TestMouseMapsCellsToSlicePixels(t *testing.T) {
	cfg := phantomConfig(t, GraphicsSixel)
	cfg.CellW, cfg.CellH = 10, 20
	m := newTestModelCfg(t, cfg)
	drive(m, sizeMsg(160, 48))
	mp := m.frame.mapping
	if mp.W == 0 {
		t.Fatalf("no frame: %v", m.frame.err)
	}
	col0, row0 := m.imageOrigin()
	if col0 <= m.layout().browserW {
		t.Errorf("image at column %d is not centred in the pane starting at %d", col0, m.layout().browserW)
	}
	// Expected slice pixel for cell (c, r) of the image.
	want := func(c, r int) (int, int) {
		fx, fy := (float64(c)+0.5)*10, (float64(r)+0.5)*20
		return int(mp.Region.X0 + fx*mp.Region.Dx()/float64(mp.W)), int(mp.Region.Y0 + fy*mp.Region.Dy()/float64(mp.H))
	}
	click := func(c, r int, b tea.MouseButton) {
		drive(m, tea.MouseMsg{X: col0 + c, Y: row0 + r, Action: tea.MouseActionPress, Button: b})
		if b == tea.MouseButtonLeft {
			drive(m, tea.MouseMsg{X: col0 + c, Y: row0 + r, Action: tea.MouseActionRelease, Button: b})
		}
	}
	c, r := 40, 20
	click(c, r, tea.MouseButtonLeft)
	wx, wy := want(c, r)
	if len(m.points) != 1 || !m.points[0].Positive || int(m.points[0].X) != wx || int(m.points[0].Y) != wy {
		t.Fatalf("left click on cell (%d,%d): points %+v, want positive at (%d,%d)", c, r, m.points, wx, wy)
	}
	if m.cx != wx || m.cy != wy {
		t.Errorf("cursor (%d,%d) did not follow the click to (%d,%d)", m.cx, m.cy, wx, wy)
	}
	click(c+3, r+1, tea.MouseButtonRight)
	wx, wy = want(c+3, r+1)
	if len(m.points) != 2 || m.points[1].Positive || int(m.points[1].X) != wx || int(m.points[1].Y) != wy {
		t.Fatalf("right click: points %+v, want negative at (%d,%d)", m.points, wx, wy)
	}
	press(m, "esc")
	drive(m, tea.MouseMsg{X: col0 + 20, Y: row0 + 10, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft},
		tea.MouseMsg{X: col0 + 50, Y: row0 + 30, Action: tea.MouseActionMotion, Button: tea.MouseButtonLeft},
		tea.MouseMsg{X: col0 + 50, Y: row0 + 30, Action: tea.MouseActionRelease, Button: tea.MouseButtonLeft})
	x0, y0 := want(20, 10)
	x1, y1 := want(50, 30)
	if m.box == nil || int(m.box.X0) != x0 || int(m.box.Y0) != y0 || int(m.box.X1) != x1 || int(m.box.Y1) != y1 {
		t.Fatalf("drag from cell (20,10) to (50,30): box %+v, want (%d,%d)-(%d,%d)", m.box, x0, y0, x1, y1)
	}
	if m.proposal == nil {
		t.Errorf("the dragged box was not run: %s", m.msg)
	}
	press(m, "esc", "esc")
	imgCols, _ := render.CellsFor(mp.W, mp.H, 10, 20)
	drive(m, tea.MouseMsg{X: col0 + imgCols + 1, Y: row0 + 5, Action: tea.MouseActionPress, Button: tea.MouseButtonRight})
	if len(m.points) != 0 {
		t.Errorf("a click beside the image (%d columns wide) added %+v", imgCols, m.points)
	}
}
