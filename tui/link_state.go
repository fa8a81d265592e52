package tui

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"time"

	"github.com/segtui/segtui/render"
)

// linkState decides what image bytes go to the terminal when the output
// is a linkWriter (a real terminal; tests without one keep the plain
// overlay): each state's image is sent once, only the cells that changed
// go as a sixel patch, nothing is sent while a newer frame is being made
// or while the last image has not reached the terminal (so a slow link
// shows the newest state, never a queue), and the grey levels follow the
// measured rate.
type linkState struct {
	w          *linkWriter
	quality    string // auto, high, low (--image-quality)
	wipe       int    // row rewrites over the pane: sixel pixels there are gone
	clear      int    // resizes and hidden images: every pixel is gone
	token      int64
	offered    *shownFrame // overlay in the view, not yet written
	screen     *shownFrame // what the terminal shows
	enc        *render.SixelEncoder
	levels     int       // grey levels of levelsView's frames (0: the default)
	levelsView string    // the view they were chosen for
	holdGen    int       // the frame held while a model call runs
	holdEnd    time.Time // when that hold ends
	note       string    // the status line's link note, as of the last input
}

// promptHold is how long a frame with a new prompt waits for the model's
// proposal, so both go as one image; a slower model gets two.
const promptHold = 400 * time.Millisecond

// holdPrompt reports whether frame gen still waits for a proposal, and
// arranges a wake-up for when it stops waiting.
func (L *linkState) holdPrompt(gen int) bool {
	if L.holdGen != gen {
		L.holdGen, L.holdEnd = gen, time.Now().Add(promptHold)
		w := L.w
		time.AfterFunc(promptHold, func() {
			w.mu.Lock()
			send := w.send
			w.mu.Unlock()
			if send != nil {
				send(linkWakeMsg{})
			}
		})
	}
	return time.Now().Before(L.holdEnd)
}

// shownFrame is an image as placed on the terminal.
type shownFrame struct {
	token       int64
	gen         int
	wipe, clear int
	img         *image.Paletted
	at          [2]int // origin cell (1-based row, col)
	full        bool
	str         string
}

// linkOverlay is the overlay for the view: "" when the terminal already
// shows this frame, a newer one is on its way, or the last image has not
// arrived yet.
func (m *Model) linkOverlay() string {
	L := &m.link
	if L.offered != nil && L.w.written.Load() >= L.offered.token {
		L.screen, L.offered = L.offered, nil
	}
	f := &m.frame
	if f.gen != m.pane.Gen() || (f.payload == "" && f.img == nil) || m.loading != "" {
		return "" // a newer frame is being made (or a case read): it will be sent instead
	}
	col, row := m.imageOrigin()
	at := [2]int{row + 1, col + 1}
	valid := func(s *shownFrame) bool {
		return s != nil && s.clear == L.clear && s.at == at && (s.wipe == L.wipe || m.cfg.Graphics == GraphicsKitty)
	}
	if valid(L.screen) && L.screen.gen == f.gen {
		return L.screen.str // unchanged line: not sent; rewritten: the writer drops it
	}
	if L.offered != nil && L.offered.gen == f.gen && valid(L.offered) {
		return L.offered.str
	}
	if L.offered == nil && L.w.busy() {
		return "" // held: the answer to the last image's report wakes us
	}
	if m.busy != "" && L.holdPrompt(f.gen) {
		return "" // the proposal is near: one image for prompt and mask
	}
	s := &shownFrame{gen: f.gen, wipe: L.wipe, clear: L.clear, img: f.img, at: at, full: true}
	if L.enc == nil {
		L.enc = render.NewSixelEncoder()
	}
	payload := f.payload
	if m.cfg.Graphics == GraphicsSixel && valid(L.screen) && L.screen.img != nil && f.img != nil {
		r, ok := patchRect(L.screen.img, f.img, int(f.cellW), int(f.cellH))
		if ok && r.Empty() {
			L.screen = s // the same pixels: nothing to send
			return ""
		}
		if ok {
			if b, err := L.enc.Encode(f.img.SubImage(r).(*image.Paletted)); err == nil {
				payload, s.full = string(b), false
				at = [2]int{at[0] + r.Min.Y/int(f.cellH), at[1] + r.Min.X/int(f.cellW)}
			}
		}
	}
	if s.full && payload == "" {
		b, err := L.enc.Encode(f.img)
		if err != nil {
			m.frame.err = err
			return ""
		}
		payload = string(b)
	}
	L.token++
	s.token = L.token
	s.str = overlayBegin(s.token) + render.Place(at[0], at[1], []byte(payload), m.cfg.Passthrough) + overlayToken(s.token)
	L.offered = s
	return s.str
}

// patchRect is the part of cur whose colours differ from old's, widened
// to whole cells and to bands that are whole sixel rows (six pixels) and
// whole cells at once; ok is false when only a full frame will do (another
// size, or most of the frame changed). The palettes may differ: a patch
// carries its own colour registers.
func patchRect(old, cur *image.Paletted, cellW, cellH int) (image.Rectangle, bool) {
	b := cur.Bounds()
	if old.Bounds() != b || cellW < 1 || cellH < 1 {
		return image.Rectangle{}, false
	}
	w, h := b.Dx(), b.Dy()
	same := samePalette(old.Palette, cur.Palette)
	po, pc := rgbaOf(old.Palette), rgbaOf(cur.Palette)
	differs := func(ro, rc []uint8, x int) bool {
		if same {
			return ro[x] != rc[x]
		}
		return po[ro[x]] != pc[rc[x]]
	}
	x0, y0, x1, y1 := w, h, 0, 0
	for y := 0; y < h; y++ {
		ro := old.Pix[old.PixOffset(b.Min.X, b.Min.Y+y):][:w]
		rc := cur.Pix[cur.PixOffset(b.Min.X, b.Min.Y+y):][:w]
		if same && bytes.Equal(ro, rc) {
			continue
		}
		l := 0
		for l < w && !differs(ro, rc, l) {
			l++
		}
		if l == w {
			continue
		}
		r := w
		for !differs(ro, rc, r-1) {
			r--
		}
		y0, y1 = min(y0, y), y+1
		x0, x1 = min(x0, l), max(x1, r)
	}
	if y1 == 0 {
		return image.Rectangle{}, true
	}
	band := lcm(6, cellH)
	x0, x1 = x0/cellW*cellW, min(w, (x1+cellW-1)/cellW*cellW)
	y0, y1 = y0/band*band, min(h, (y1+band-1)/band*band)
	r := image.Rect(b.Min.X+x0, b.Min.Y+y0, b.Min.X+x1, b.Min.Y+y1)
	if r.Dx()*r.Dy()*10 > w*h*6 {
		return image.Rectangle{}, false
	}
	return r, true
}

// rgbaOf lists a palette's colours by index, every index filled (an index
// past the palette is unpainted, as the sixel encoder leaves it).
func rgbaOf(p color.Palette) *[256]uint64 {
	var out [256]uint64
	for i := range out {
		out[i] = 1 << 63
	}
	for i, c := range p {
		r, g, b, a := c.RGBA()
		out[i] = uint64(r)<<48 | uint64(g)<<32 | uint64(b)<<16 | uint64(a)
	}
	return &out
}

func samePalette(a, b color.Palette) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		r1, g1, b1, a1 := a[i].RGBA()
		r2, g2, b2, a2 := b[i].RGBA()
		if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
			return false
		}
	}
	return true
}

func lcm(a, b int) int {
	x, y := a, b
	for y != 0 {
		x, y = y, x%y
	}
	return a / x * b
}

// greyLevels is the palette's grey levels for the next frame of view (the
// case, slice, zoom and window it shows): forced by --image-quality, else
// fewer as the measured rate falls, so a frame crosses a slow link in
// about a tenth of a second. A view keeps its levels: a cursor move or a
// prompt never changes them, so it still goes as a patch.
func (L *linkState) greyLevels(view string) int {
	switch L.quality {
	case "high":
		return 0 // render.DefaultGreyLevels
	case "low":
		return 8
	}
	if L.w == nil {
		return 0
	}
	if view == L.levelsView {
		return L.levels
	}
	_, mbit := L.w.stats()
	switch {
	case mbit == 0 || mbit >= 40:
		L.levels = 0
	case mbit >= 12:
		L.levels = 16
	default:
		L.levels = 8
	}
	L.levelsView = view
	return L.levels
}

// linkStatus is the status line's note on the link: the last image's
// size and the rate images arrive at, as they were at the last key, mouse
// event or resize. Taking them live would change the status line when the
// terminal's answer arrives and send it again one round trip after every
// image.
func (m *Model) linkStatus() string {
	if m.link.w == nil || m.stableStatus {
		return ""
	}
	return m.link.note
}

// takeLinkNote records the link's figures for the status line; called on
// input, so the note travels with the frame the input brings.
func (m *Model) takeLinkNote() {
	if m.link.w == nil {
		return
	}
	kb, mbit := m.link.w.stats()
	switch {
	case kb == 0:
		m.link.note = ""
	case mbit == 0:
		m.link.note = fmt.Sprintf(" · img %.0f KB", kb)
	default:
		m.link.note = fmt.Sprintf(" · img %.0f KB %.1f Mbit/s", kb, mbit)
	}
}

func clonePaletted(p *image.Paletted) *image.Paletted {
	c := *p
	c.Pix = bytes.Clone(p.Pix)
	c.Palette = append(color.Palette(nil), p.Palette...)
	return &c
}
