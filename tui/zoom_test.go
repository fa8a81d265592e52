package tui

import (
	"math"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/render"
	"github.com/segtui/segtui/tui/imagepane"
)

// zoomTo presses + until the zoom factor is f.
func zoomTo(t *testing.T, m *Model, f float64) {
	t.Helper()
	for i := 0; i < len(imagepane.ZoomLevels) && m.pane.Zoom().Factor() < f; i++ {
		press(m, "+")
	}
	if m.pane.Zoom().Factor() != f {
		t.Fatalf("zoom is %gx after pressing +, want %gx", m.pane.Zoom().Factor(), f)
	}
}

// A click maps through the zoomed frame: at 1x and at 4x after panning,
// the slice pixel under cell (c, r) follows from the 1x scale alone
// (frame pixels per slice pixel, times 4 when zoomed) and the region's
// corner, with 10x20-pixel cells as on xterm.
func TestZoomClickMapsToSlicePixel(t *testing.T) {
	cfg := phantomConfig(t, GraphicsSixel)
	cfg.CellW, cfg.CellH = 10, 20
	m := newTestModelCfg(t, cfg)
	drive(m, sizeMsg(160, 48))
	v := m.view()
	mp := m.frame.mapping
	if mp.W == 0 || mp.Region != (render.Rect{X1: float64(v.Width), Y1: float64(v.Height)}) {
		t.Fatalf("1x frame %+v does not show the whole %dx%d slice (err %v)", mp, v.Width, v.Height, m.frame.err)
	}
	fit := float64(mp.W) / float64(v.Width) // frame pixels per slice pixel at 1x (square pixels)
	click := func(c, r int) (int, int) {
		t.Helper()
		col0, row0 := m.imageOrigin()
		n := len(m.points)
		drive(m, tea.MouseMsg{X: col0 + c, Y: row0 + r, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft},
			tea.MouseMsg{X: col0 + c, Y: row0 + r, Action: tea.MouseActionRelease, Button: tea.MouseButtonLeft})
		if len(m.points) != n+1 {
			t.Fatalf("click on cell (%d,%d) added no point: %s", c, r, m.msg)
		}
		p := m.points[n]
		return int(p.X), int(p.Y)
	}
	// 1x: cell (30, 12) centre is frame pixel (305, 250).
	if x, y := click(30, 12); x != int(305/fit) || y != int(250/fit) {
		t.Errorf("1x click: slice pixel (%d,%d), want (%d,%d)", x, y, int(305/fit), int(250/fit))
	}
	press(m, "esc")
	m.cx, m.cy = 128, 128
	zoomTo(t, m, 4)
	scale := 4 * fit
	r := m.frame.mapping.Region
	if math.Abs(r.Dx()-float64(m.frame.mapping.W)/scale) > 0.01 || math.Abs(r.Dy()-float64(m.frame.mapping.H)/scale) > 0.01 {
		t.Fatalf("4x frame %dx%d shows %gx%g slice pixels, want %gx%g", m.frame.mapping.W, m.frame.mapping.H, r.Dx(), r.Dy(),
			float64(m.frame.mapping.W)/scale, float64(m.frame.mapping.H)/scale)
	}
	if math.Abs((r.X0+r.X1)/2-128.5) > 0.01 || math.Abs((r.Y0+r.Y1)/2-128.5) > 0.01 {
		t.Errorf("4x view %+v is not centred on the cursor pixel (128,128)", r)
	}
	// Pan right and down by walking the cursor past the scroll-off margin.
	press(m, "L", "L", "L", "L", "L", "L", "J", "J", "J", "J")
	r2 := m.frame.mapping.Region
	if r2.X0 <= r.X0 || r2.Y0 <= r.Y0 {
		t.Fatalf("cursor at (%d,%d): the view did not pan from %+v (now %+v)", m.cx, m.cy, r, r2)
	}
	press(m, "esc")
	for _, cell := range [][2]int{{30, 12}, {0, 0}, {70, 30}} {
		fx, fy := (float64(cell[0])+0.5)*10, (float64(cell[1])+0.5)*20
		wx, wy := int(math.Floor(r2.X0+fx/scale)), int(math.Floor(r2.Y0+fy/scale))
		if x, y := click(cell[0], cell[1]); x != wx || y != wy {
			t.Errorf("4x panned click on cell %v: slice pixel (%d,%d), want (%d,%d)", cell, x, y, wx, wy)
		}
		if m.cx != wx || m.cy != wy {
			t.Errorf("cursor (%d,%d) did not follow the click to (%d,%d)", m.cx, m.cy, wx, wy)
		}
	}
	if m.frame.mapping.Region != r2 {
		t.Errorf("clicks panned the view from %+v to %+v", r2, m.frame.mapping.Region)
	}
}

// Walking the cursor across a zoomed slice: it stays visible with the
// scroll-off margin until the view reaches the slice edge, the view never
// shows past the edge, and a step inside the margin does not pan.
func TestZoomPanKeepsCursorVisible(t *testing.T) {
	m := newTestModel(t, GraphicsBlocks, 120, 40)
	v := m.view()
	W, H := float64(v.Width), float64(v.Height)
	zoomTo(t, m, 4)
	r0 := m.frame.mapping.Region
	press(m, "l")
	if m.frame.mapping.Region != r0 {
		t.Errorf("one step from the centre panned the view from %+v to %+v", r0, m.frame.mapping.Region)
	}
	check := func(dir string) {
		t.Helper()
		r := m.frame.mapping.Region
		if r.X0 < 0 || r.Y0 < 0 || r.X1 > W || r.Y1 > H {
			t.Fatalf("%s: view %+v shows past the %gx%g slice", dir, r, W, H)
		}
		if !imagepane.Shows(r, m.cx, m.cy) {
			t.Fatalf("%s: cursor (%d,%d) outside the view %+v", dir, m.cx, m.cy, r)
		}
		mx, my := r.Dx()*imagepane.ScrollOff-1e-9, r.Dy()*imagepane.ScrollOff-1e-9
		if (float64(m.cx) < r.X0+mx && r.X0 > 0) || (float64(m.cx+1) > r.X1-mx && r.X1 < W) ||
			(float64(m.cy) < r.Y0+my && r.Y0 > 0) || (float64(m.cy+1) > r.Y1-my && r.Y1 < H) {
			t.Fatalf("%s: cursor (%d,%d) within the scroll-off margin of the view %+v", dir, m.cx, m.cy, r)
		}
	}
	for m.cx < v.Width-1 {
		press(m, "l")
		check("right")
	}
	for m.cy > 0 {
		press(m, "K")
		check("up")
	}
	r := m.frame.mapping.Region
	if r.X1 != W || r.Y0 != 0 {
		t.Errorf("cursor at the top-right corner: view %+v, want it against the slice's right and top edges", r)
	}
	for m.cx > 0 {
		press(m, "H")
		check("left")
	}
	if r := m.frame.mapping.Region; r.X0 != 0 {
		t.Errorf("cursor at the left edge: view %+v starts at x=%g", r, r.X0)
	}
}

// Zooming at a corner keeps the view inside the slice; 0 resets it.
func TestZoomAtSliceCorners(t *testing.T) {
	m := newTestModel(t, GraphicsBlocks, 120, 40)
	v := m.view()
	m.cx, m.cy = 0, 0
	zoomTo(t, m, 8)
	if r := m.frame.mapping.Region; r.X0 != 0 || r.Y0 != 0 || r.X1 >= float64(v.Width) {
		t.Errorf("8x at (0,0): view %+v, want a corner region from (0,0)", r)
	}
	press(m, "-", "0")
	m.cx, m.cy = v.Width-1, v.Height-1
	zoomTo(t, m, 8)
	if r := m.frame.mapping.Region; r.X1 != float64(v.Width) || r.Y1 != float64(v.Height) {
		t.Errorf("8x at the bottom-right pixel: view %+v, want it to end at (%d,%d)", r, v.Width, v.Height)
	}
	press(m, "+")
	if !strings.Contains(m.msg, "largest") || m.pane.Zoom().Factor() != 8 {
		t.Errorf("+ at 8x: zoom %gx, message %q", m.pane.Zoom().Factor(), m.msg)
	}
	press(m, "0")
	if r := m.frame.mapping.Region; m.pane.Zoom().Level() != 0 || r != (render.Rect{X1: float64(v.Width), Y1: float64(v.Height)}) {
		t.Errorf("0: zoom %gx, view %+v, want the whole slice", m.pane.Zoom().Factor(), r)
	}
}

// Zoom persists across slices of a plane and resets on a plane change;
// a cursor that jumps out of view (a review jump) brings the view along.
func TestZoomPersistsAcrossSlicesResetsOnPlane(t *testing.T) {
	m := newTestModel(t, GraphicsBlocks, 120, 40)
	zoomTo(t, m, 3)
	r := m.frame.mapping.Region
	press(m, ".", ".")
	if m.pane.Zoom().Factor() != 3 || m.frame.mapping.Region != r {
		t.Errorf("next slice: zoom %gx view %+v, want 3x %+v", m.pane.Zoom().Factor(), m.frame.mapping.Region, r)
	}
	m.cx, m.cy = 20, 230
	drive(m, runCmd(m.refresh())...)
	if !imagepane.Shows(m.frame.mapping.Region, 20, 230) {
		t.Errorf("cursor jumped to (20,230) outside the view %+v", m.frame.mapping.Region)
	}
	press(m, "v")
	v := m.view()
	if m.pane.Zoom().Level() != 0 || m.frame.mapping.Region != (render.Rect{X1: float64(v.Width), Y1: float64(v.Height)}) {
		t.Errorf("coronal: zoom %gx view %+v, want 1x and the whole slice", m.pane.Zoom().Factor(), m.frame.mapping.Region)
	}
}

// The status line names the zoom and the region the model sees, first to
// shorten and among the first dropped when narrow; at 1x it says nothing.
func TestZoomInStatusLine(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 160, 48)
	if s := stripANSI(m.statusView()); strings.Contains(s, "zoom") {
		t.Errorf("1x status names a zoom: %q", s)
	}
	press(m, "+", "+")
	if s := stripANSI(m.statusView()); !strings.Contains(s, "│ 2x ⌖") {
		t.Errorf("2x status: %q", s)
	}
	press(m, "-")
	if s := stripANSI(m.statusView()); !strings.Contains(s, "│ 1.5x ⌖") {
		t.Errorf("1.5x status: %q", s)
	}
	drive(m, sizeMsg(100, 30))
	s := strings.TrimRight(stripANSI(m.statusView()), " ")
	if strings.Contains(s, "zoom 1.5x") || !strings.Contains(s, " HU") {
		t.Errorf("at 100 columns the zoom must give way to the cursor value: %q", s)
	}
}

// Changing zoom sends the image again, composed for the new region.
func TestZoomResendsImage(t *testing.T) {
	m := newTestModel(t, GraphicsKitty, 160, 48)
	before, epoch := lastLine(m), m.pane.Epoch()
	press(m, "=")
	after := lastLine(m)
	if m.pane.Epoch() == epoch || after == before || !strings.Contains(after, "a=T,") {
		t.Errorf("zoom did not re-send the image (epoch %d -> %d)", epoch, m.pane.Epoch())
	}
}

// ctrl+wheel zooms about the pixel under the mouse, which stays under it;
// the plain wheel still changes slice.
func TestCtrlWheelZoomsAboutMouse(t *testing.T) {
	m := newTestModel(t, GraphicsBlocks, 120, 40)
	col0, row0 := m.imageOrigin()
	c, r := col0+10, row0+8
	x0, y0, ok := m.cellToPixel(c, r)
	if !ok {
		t.Fatal("cell (10,8) of the image is off the slice")
	}
	n, cx, cy := m.n, m.cx, m.cy
	drive(m, tea.MouseMsg{X: c, Y: r, Ctrl: true, Action: tea.MouseActionPress, Button: tea.MouseButtonWheelUp})
	drive(m, tea.MouseMsg{X: c, Y: r, Ctrl: true, Action: tea.MouseActionPress, Button: tea.MouseButtonWheelUp})
	if m.pane.Zoom().Factor() != 2 || m.n != n || m.cx != cx || m.cy != cy {
		t.Fatalf("two ctrl+wheel ups: zoom %gx slice %d cursor (%d,%d), want 2x, slice %d, cursor unmoved", m.pane.Zoom().Factor(), m.n, m.cx, m.cy, n)
	}
	x1, y1, ok := m.cellToPixel(c, r)
	if !ok || math.Abs(float64(x1-x0)) > 2 || math.Abs(float64(y1-y0)) > 2 {
		t.Errorf("pixel under the mouse moved from (%d,%d) to (%d,%d)", x0, y0, x1, y1)
	}
	drive(m, tea.MouseMsg{X: c, Y: r, Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown})
	if m.n != n+1 || m.pane.Zoom().Factor() != 2 {
		t.Errorf("plain wheel: slice %d zoom %gx, want slice %d at 2x", m.n, m.pane.Zoom().Factor(), n+1)
	}
}
