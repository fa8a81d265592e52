package tui

import (
	"fmt"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/keymap"
	"github.com/segtui/segtui/tui/imagepane"
)

// imagePane is the image pane's root side, embedded in Model: where it
// looks (read by the status line, prompts, review and propagation), the
// frame on screen and what composes frames. Everything a frame shows, the
// slice, the cursor, the prompts and the overlays, is the session's and
// the root's, so the root composes frames (refresh, frame.go) and routes
// frameMsg here; the pane's own state, its keys and mouse, display
// options, zoom and frame bookkeeping, is tui/imagepane's (pane).
type imagePane struct {
	plane  datasets.Plane
	n      int // slice index in plane
	cx, cy int // cursor, slice pixels

	pane     imagepane.Model
	frame    frameResult
	lastDump []byte // the screen state last dumped (SEGTUI_FRAME_DUMP)
	renderer *paneRenderer

	// pyr is the large slice's display pyramid (display_large.go).
	pyr *displayPyramid
}

func newImagePane(km keymap.KeyMap) imagePane {
	return imagePane{
		pane:     imagepane.New(imagepane.NewKeyMap(km)),
		renderer: newPaneRenderer(),
	}
}

// onFrame shows a finished frame if it is the newest asked for.
func (p *imagePane) onFrame(msg frameMsg) {
	if p.pane.Arrived(msg.gen, footprint(msg.frameResult) != footprint(p.frame)) {
		p.frame = msg.frameResult
	}
}

// resend makes the next View send the graphics payload again (a resize,
// or text that covered the image went away).
func (p *imagePane) resend() { p.pane.Resend() }

// overlay positions the graphics payload at 0-based cell (col, row).
func (p *imagePane) overlay(col, row int, passthrough bool) string {
	return p.pane.Overlay(p.frame.payload, col, row, passthrough)
}

// paneFrame is what the pane draws under title: the frame on screen, its
// error, or a note when there are no graphics; a session is open.
func (m *Model) paneFrame(title string) imagepane.Frame {
	f := imagepane.Frame{Title: title, PadCols: m.frame.padCols}
	if m.frame.err != nil {
		f.Err = m.st.Err.Render(datasets.SanitizeName(m.frame.err.Error()))
	}
	switch m.cfg.Graphics {
	case GraphicsNone:
		v := m.view()
		f.Mode = imagepane.Text
		f.Note = m.st.Dim.Render(fmt.Sprintf("  [image %dx%d, %.2fx%.2f mm; no graphics]", v.Width, v.Height, v.PixelSpacing[0], v.PixelSpacing[1]))
	case GraphicsBlocks:
		f.Mode = imagepane.Blocks
		// Rows made for another pane size wait for the frame on its way.
		if cols, rows := m.imageCells(); m.frame.cols == cols && m.frame.rows == rows {
			f.Lines = m.frame.lines
		}
	}
	return f
}
