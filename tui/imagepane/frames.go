package imagepane

import (
	"hash/fnv"
	"strings"

	"github.com/segtui/segtui/render"
)

// frames is the bookkeeping of the frame on screen. The frames themselves
// are composed by the root from the session; the pane numbers the requests
// so late ones are dropped, and counts what decides when a graphics payload
// must be sent again and when the cells under it must be rewritten.
type frames struct {
	gen      int    // the newest frame asked for; older ones are dropped
	epoch    int    // its parity makes the overlay line differ when the image must be re-sent
	wipes    int    // image footprint changes; its parity picks the blank cells' form
	bodyHash uint64 // the last body drawn, to notice rows crossing the image change
	imageOn  bool   // the last View placed a graphics image
}

// NextGen numbers a new frame request; frames of older ones are dropped.
func (p *Model) NextGen() int {
	p.gen++
	return p.gen
}

// Gen is the newest frame request's number.
func (p Model) Gen() int { return p.gen }

// Arrived reports whether the frame of request gen is the newest asked
// for, to be shown; moved says its image lands on other cells than the
// last one's, so they must be wiped.
func (p *Model) Arrived(gen int, moved bool) bool {
	if gen != p.gen {
		return false
	}
	if moved {
		p.wipes++
	}
	p.epoch++
	return true
}

// Resend makes the next View send the graphics payload again (a resize,
// or text that covered the image went away).
func (p *Model) Resend() { p.epoch++ }

// Epoch counts the times the payload had to be sent again.
func (p Model) Epoch() int { return p.epoch }

// NoteBody resends the image when body differs from the last one drawn:
// any change to rows that cross the image rewrites them and wipes the
// pixels there. It reports whether it did.
func (p *Model) NoteBody(body string) bool {
	h := fnv.New64a()
	h.Write([]byte(body))
	if sum := h.Sum64(); sum != p.bodyHash {
		p.bodyHash = sum
		p.epoch++
		return true
	}
	return false
}

// SetImageOn records whether the View just made placed a graphics image.
func (p *Model) SetImageOn(on bool) { p.imageOn = on }

// ImageOn reports whether the last View placed a graphics image.
func (p Model) ImageOn() bool { return p.imageOn }

// Overlay positions a graphics payload at 0-based cell (col, row); the
// epoch parity makes the line differ whenever the image must be re-sent.
func (p Model) Overlay(payload string, col, row int, passthrough bool) string {
	resend := ""
	if p.epoch%2 == 1 {
		resend = "\x1b7\x1b8"
	}
	return render.Place(row+1, col+1, []byte(payload), passthrough) + resend
}

// CoverImage makes every row of text that replaces the image differ from
// the blank rows reserved under it (a zero-width reset at the end), so the
// renderer rewrites them and the text overwrites the image's pixels.
func CoverImage(block string) string {
	return strings.ReplaceAll(block, "\n", "\x1b[0m\n") + "\x1b[0m"
}
