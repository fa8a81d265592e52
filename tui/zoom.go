package tui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/render"
	"github.com/segtui/segtui/tui/imagepane"
)

// viewOwner is what the viewport belongs to: another case or plane resets
// the zoom.
func (m *Model) viewOwner() imagepane.Owner { return imagepane.Owner{Case: m.sess, Plane: m.plane} }

// viewState returns the viewport, reset when the case or plane changed.
func (m *Model) viewState() *imagepane.Viewport {
	return m.pane.Viewport(m.viewOwner(), m.cx, m.cy)
}

// zoomFit is what the zoom works in: the slice and the pane's frame box.
func (m *Model) zoomFit() imagepane.Fit {
	cols, rows := m.imageCells()
	maxW, maxH, pa := frameBox(m.cfg.Graphics, cols, rows, m.cfg.CellW, m.cfg.CellH)
	return imagepane.Fit{Slice: m.view(), MaxW: maxW, MaxH: maxH, PixelAspect: pa}
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

// zoomRegion places the shown region for the next frame (tui/imagepane's
// Viewport.Region): the zero Rect (the whole slice) at 1x.
func (m *Model) zoomRegion() render.Rect {
	return m.viewState().Region(m.zoomFit(), m.cx, m.cy)
}

// setZoom changes the zoom level and centres the view on slice point
// (cx, cy), as far as the slice edges allow; false if nothing changed.
func (m *Model) setZoom(level int, cx, cy float64) bool {
	z := m.viewState()
	if !z.SetLevel(level, m.zoomFit(), cx, cy) {
		return false
	}
	m.setMsg("zoom %s", z.Label())
	return true
}

// zoomKey steps the zoom in or out about the cursor, or resets it (step 0).
func (m *Model) zoomKey(step int) tea.Cmd {
	level := 0
	if step != 0 {
		level = m.viewState().Level() + step
	}
	if step != 0 && (level < 0 || level >= len(imagepane.ZoomLevels)) {
		m.setMsg("zoom %s is the %s", m.viewState().Label(), map[bool]string{true: "largest", false: "smallest"}[step > 0])
		return nil
	}
	if !m.setZoom(level, float64(m.cx)+0.5, float64(m.cy)+0.5) {
		return nil
	}
	return m.refresh()
}

// wheelZoom zooms in (step 1, wheel up) or out (-1) about the pixel under
// the mouse at terminal cell (col, row), which stays under it; beside the
// image, about the cursor.
func (m *Model) wheelZoom(step, col, row int) tea.Cmd {
	level := m.viewState().Level() + step
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
		fit := m.zoomFit()
		dx, dy := m.viewState().Extent(fit)
		cols, _ := m.imageCells()
		fw, fh := render.FitSize(render.Rect{X1: dx, Y1: dy}, fit.Slice.PixelSpacing, fit.MaxW, fit.MaxH, fit.PixelAspect)
		cellW, cellH := frameCell(m.cfg.Graphics, m.cfg.CellW, m.cfg.CellH)
		_, row0 := m.imageOrigin()
		col0 := m.layout().browserW + padCols(m.cfg.Graphics, cols, fw, m.cfg.CellW)
		fx, fy := (float64(col-col0)+0.5)*cellW, (float64(row-row0)+0.5)*cellH
		if fw > 0 && fh > 0 {
			m.viewState().Centre(fit, ax-fx*dx/float64(fw)+dx/2, ay-fy*dy/float64(fh)+dy/2)
		}
	}
	return m.refresh()
}
