package tui

import (
	"hash/fnv"
	"strings"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/keymap"
	"github.com/segtui/segtui/render"
	"github.com/segtui/segtui/tui/imagepane"
)

// imagePane is the image pane's own state: the frame on screen, the zoom,
// and what decides when a graphics payload must be sent again. It stays in
// package tui (embedded in Model, so m.frame and m.epoch read as before)
// because everything a frame shows, the slice, the cursor, the prompts and
// the overlays, is the session's and the root's: moving it out would pass
// most of the root through a frame input on every key. Its fields are its
// own; the root only asks it for frames (refresh, frame.go) and routes
// frameMsg here by generation. Its keys and mouse are decoded by
// tui/imagepane (input) into actions the root applies (image_input.go).
type imagePane struct {
	// Where the pane looks and how it draws: the cursor is the pane's,
	// read by the status line, prompts and review.
	plane    datasets.Plane
	n        int // slice index in plane
	cx, cy   int // cursor, slice pixels
	windows  []render.Window
	win      int // index into windows
	showGT   bool
	showPred bool
	opacity  int // index into opacities

	vp       viewport // zoom and pan
	frameGen int      // the newest frame asked for; older frameMsgs are dropped
	frame    frameResult
	epoch    int    // its parity makes the overlay line differ when the image must be re-sent
	wipes    int    // image footprint changes; its parity picks the blank cells' form
	bodyHash uint64 // the last body drawn, to notice rows crossing the image change
	imageOn  bool   // the last View placed a graphics image
	lastDump []byte // the screen state last dumped (SEGTUI_FRAME_DUMP)
	pane     *paneRenderer

	// input decodes the pane's keys and mouse into actions (tui/imagepane,
	// applied in image_input.go); it holds a drag in progress.
	input imagepane.Model

	// pyr is the large slice's display pyramid (display_large.go).
	pyr *displayPyramid
}

func newImagePane(km keymap.KeyMap) imagePane {
	return imagePane{
		windows: append(render.Presets(), render.Auto()),
		showGT:  true, showPred: true,
		pane:  newPaneRenderer(),
		input: imagepane.New(imagepane.NewKeyMap(km)),
	}
}

// onFrame shows a finished frame if it is the newest asked for.
func (p *imagePane) onFrame(msg frameMsg) {
	if msg.gen != p.frameGen {
		return
	}
	if footprint(msg.frameResult) != footprint(p.frame) {
		p.wipes++
	}
	p.frame = msg.frameResult
	p.epoch++
}

// resend makes the next View send the graphics payload again (a resize,
// or text that covered the image went away).
func (p *imagePane) resend() { p.epoch++ }

// noteBody resends the image when body differs from the last one drawn:
// any change to rows that cross the image rewrites them and wipes the
// pixels there.
func (p *imagePane) noteBody(body string) {
	h := fnv.New64a()
	h.Write([]byte(body))
	if sum := h.Sum64(); sum != p.bodyHash {
		p.bodyHash = sum
		p.epoch++
	}
}

// overlay positions the graphics payload at 0-based cell (col, row); the
// epoch parity makes the line differ whenever the image must be re-sent.
func (p *imagePane) overlay(col, row int, passthrough bool) string {
	resend := ""
	if p.epoch%2 == 1 {
		resend = "\x1b7\x1b8"
	}
	return render.Place(row+1, col+1, []byte(p.frame.payload), passthrough) + resend
}

// blocksView is a half-block frame under title, centred, if it was made
// for a cols x rows pane (a frame for another size is on its way).
func (p *imagePane) blocksView(title string, cols, rows, w, h int) string {
	lines := p.frame.lines
	if p.frame.cols != cols || p.frame.rows != rows {
		lines = nil
	}
	var b strings.Builder
	b.WriteString(title)
	for _, l := range lines {
		b.WriteString("\n" + strings.Repeat(" ", max(0, p.frame.padCols)) + l)
	}
	return fitBlock(b.String(), w, h)
}

// graphicsView is the blank cells the payload is drawn over. After the
// image's footprint changed they are written in the other of two forms,
// so the renderer rewrites them and the text wipes what the old image left
// outside the new one (sixel and iTerm2 pixels go only when overwritten).
func (p *imagePane) graphicsView(title string, w, h int) string {
	blank := fitBlock(title, w, h)
	if p.wipes%2 == 1 {
		blank = coverImage(blank)
	}
	return blank
}
