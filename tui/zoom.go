package tui

import (
	"math"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/render"
)

// zoomLevels are the magnifications of the whole-slice fit that the zoom
// keys step through.
var zoomLevels = []float64{1, 1.5, 2, 3, 4, 6, 8}

// scrollOff is the share of the shown region, on each side, that the
// cursor keys keep between the cursor and the view's edge (as an editor's
// scrolloff keeps lines above and below the cursor).
const scrollOff = 1.0 / 8

// viewport is the image pane's zoom and pan. It belongs to one case and
// plane: another plane has another geometry, so zoom resets there, while
// it persists across slices of the same plane.
type viewport struct {
	level  int     // index into zoomLevels; 0 shows the whole slice
	cx, cy float64 // centre of the shown region, slice pixel coordinates
	// What the view was set on; a different one resets it.
	sess  *Session
	plane datasets.Plane
	// The cursor when the region was last placed: a cursor that moved out
	// of view (a review jump) brings the view to it, while ctrl+wheel
	// zooming about the mouse leaves an unmoved cursor where it is.
	lastX, lastY int
}

func (z viewport) factor() float64 { return zoomLevels[z.level] }

// zoomLabel is "4x" or "1.5x".
func zoomLabel(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) + "x" }

// viewState returns the viewport, reset when the case or plane changed.
func (m *Model) viewState() *viewport {
	if m.vp.sess != m.sess || m.vp.plane != m.plane {
		m.vp = viewport{sess: m.sess, plane: m.plane, lastX: m.cx, lastY: m.cy}
	}
	return &m.vp
}

// frameBox is the box a frame must fit, in output pixels, and the
// on-screen height/width of one output pixel, for a cols x rows pane.
func frameBox(mode Graphics, cols, rows, cellW, cellH int) (maxW, maxH int, pixelAspect float64) {
	if mode == GraphicsBlocks {
		return cols, 2 * rows, float64(cellH) / 2 / float64(cellW)
	}
	if mode == GraphicsSixel {
		return cols * cellW, render.SixelFitHeight(rows * cellH), 1
	}
	return cols * cellW, rows * cellH, 1
}

// zoomExtent is how many slice pixels the pane shows across and down at
// the current zoom.
func (m *Model) zoomExtent() (dx, dy float64) {
	cols, rows := m.imageCells()
	maxW, maxH, pa := frameBox(m.cfg.Graphics, cols, rows, m.cfg.CellW, m.cfg.CellH)
	return render.ZoomExtent(m.view(), maxW, maxH, pa, m.viewState().factor())
}

// zoomRegion places the shown region for the next frame: around the
// viewport's centre, inside the slice, and around the cursor if the cursor
// moved out of it. The zero Rect (the whole slice) at 1x.
func (m *Model) zoomRegion() render.Rect {
	z := m.viewState()
	if z.level == 0 {
		z.lastX, z.lastY = m.cx, m.cy
		return render.Rect{}
	}
	v := m.view()
	dx, dy := m.zoomExtent()
	r := render.CentredRegion(dx, dy, z.cx, z.cy, v.Width, v.Height)
	moved := m.cx != z.lastX || m.cy != z.lastY
	if moved && !cursorInside(r, m.cx, m.cy) {
		r = render.CentredRegion(dx, dy, float64(m.cx)+0.5, float64(m.cy)+0.5, v.Width, v.Height)
	}
	z.cx, z.cy = (r.X0+r.X1)/2, (r.Y0+r.Y1)/2 // a pan stopped by the edge starts from there
	z.lastX, z.lastY = m.cx, m.cy
	return r
}

// cursorInside reports whether any of pixel (x, y) shows in r (a click on
// a pixel cut by the view's edge must not move the view).
func cursorInside(r render.Rect, x, y int) bool {
	return float64(x+1) > r.X0 && float64(x) < r.X1 && float64(y+1) > r.Y0 && float64(y) < r.Y1
}

// setZoom changes the zoom level and centres the view on slice point
// (cx, cy), as far as the slice edges allow; false if nothing changed.
func (m *Model) setZoom(level int, cx, cy float64) bool {
	z := m.viewState()
	if level == z.level || level < 0 || level >= len(zoomLevels) {
		return false
	}
	z.level = level
	m.centreView(cx, cy)
	m.setMsg("zoom %s", zoomLabel(z.factor()))
	return true
}

// centreView centres the view on (cx, cy), moved inside the slice.
func (m *Model) centreView(cx, cy float64) {
	z := m.viewState()
	v := m.view()
	dx, dy := m.zoomExtent()
	r := render.CentredRegion(dx, dy, cx, cy, v.Width, v.Height)
	z.cx, z.cy = (r.X0+r.X1)/2, (r.Y0+r.Y1)/2
}

// zoomRegionNoMove is the region now shown (the whole slice at 1x), without
// following the cursor.
func (m *Model) zoomRegionNoMove() render.Rect {
	z := m.viewState()
	v := m.view()
	if z.level == 0 {
		return render.Rect{X1: float64(v.Width), Y1: float64(v.Height)}
	}
	dx, dy := m.zoomExtent()
	return render.CentredRegion(dx, dy, z.cx, z.cy, v.Width, v.Height)
}

// zoomKey steps the zoom in or out about the cursor, or resets it (step 0).
func (m *Model) zoomKey(step int) tea.Cmd {
	level := 0
	if step != 0 {
		level = m.viewState().level + step
	}
	if step != 0 && (level < 0 || level >= len(zoomLevels)) {
		m.setMsg("zoom %s is the %s", zoomLabel(m.viewState().factor()), map[bool]string{true: "largest", false: "smallest"}[step > 0])
		return nil
	}
	if !m.setZoom(level, float64(m.cx)+0.5, float64(m.cy)+0.5) {
		return nil
	}
	return m.refresh()
}

// followCursor pans just enough to keep the cursor scrollOff of the view
// away from its edges (less at the slice's edges, which the view never
// passes); cursor keys call it after each move.
func (m *Model) followCursor() {
	z := m.viewState()
	if z.level == 0 {
		return
	}
	r := m.zoomRegionNoMove()
	z.cx = follow(z.cx, r.X0, r.Dx(), float64(m.cx))
	z.cy = follow(z.cy, r.Y0, r.Dy(), float64(m.cy))
}

// follow returns the new centre of an axis window [x0, x0+d) so pixel
// [p, p+1) lies at least d*scrollOff inside it.
func follow(c, x0, d, p float64) float64 {
	margin := math.Min(d*scrollOff, (d-1)/2)
	switch {
	case p < x0+margin:
		return c - (x0 + margin - p)
	case p+1 > x0+d-margin:
		return c + (p + 1 - (x0 + d - margin))
	}
	return c
}

// wheelZoom zooms in (step 1, wheel up) or out (-1) about the pixel under
// the mouse at terminal cell (col, row), which stays under it; beside the
// image, about the cursor.
func (m *Model) wheelZoom(step, col, row int) tea.Cmd {
	level := m.viewState().level + step
	ax, ay, ok := m.paneGeometry().Point(col, row)
	if !ok {
		ax, ay = float64(m.cx)+0.5, float64(m.cy)+0.5
	}
	if !m.setZoom(level, ax, ay) {
		return nil
	}
	if ok {
		// Where the new frame puts the mouse's cell: the frame's size (hence
		// the columns centring it) follows from the new extent.
		v := m.view()
		dx, dy := m.zoomExtent()
		cols, rows := m.imageCells()
		maxW, maxH, pa := frameBox(m.cfg.Graphics, cols, rows, m.cfg.CellW, m.cfg.CellH)
		fw, fh := render.FitSize(render.Rect{X1: dx, Y1: dy}, v.PixelSpacing, maxW, maxH, pa)
		cellW, cellH := frameCell(m.cfg.Graphics, m.cfg.CellW, m.cfg.CellH)
		_, row0 := m.imageOrigin()
		col0 := m.layout().browserW + padCols(m.cfg.Graphics, cols, fw, m.cfg.CellW)
		fx, fy := (float64(col-col0)+0.5)*cellW, (float64(row-row0)+0.5)*cellH
		if fw > 0 && fh > 0 {
			m.centreView(ax-fx*dx/float64(fw)+dx/2, ay-fy*dy/float64(fh)+dy/2)
		}
	}
	return m.refresh()
}
