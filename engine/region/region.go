// Package region lets a model see part of a slice at its own input size:
// the region a zoomed view shows (or one around the prompt) is cropped at
// full resolution and encoded as an image of its own, so the model's
// resize brings that region, not the whole scene, to its input. Prompts
// move into the region's pixels and masks come back onto the slice.
// Tiling (engine/tile) uses the same crops.
package region

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
)

// Rect is a region of a slice in pixels, half-open: columns X0..X1-1 and
// rows Y0..Y1-1.
type Rect struct{ X0, Y0, X1, Y1 int }

// Whole is the whole w x h slice.
func Whole(w, h int) Rect { return Rect{X1: w, Y1: h} }

func (r Rect) Dx() int { return r.X1 - r.X0 }
func (r Rect) Dy() int { return r.Y1 - r.Y0 }

// Empty reports whether r holds no pixel.
func (r Rect) Empty() bool { return r.X1 <= r.X0 || r.Y1 <= r.Y0 }

// IsWhole reports whether r is the whole w x h slice.
func (r Rect) IsWhole(w, h int) bool { return r == Whole(w, h) }

// String is the X geometry form, WxH+X+Y.
func (r Rect) String() string { return fmt.Sprintf("%dx%d+%d+%d", r.Dx(), r.Dy(), r.X0, r.Y0) }

// Contains reports whether pixel (x, y) lies in r.
func (r Rect) Contains(x, y int) bool { return x >= r.X0 && x < r.X1 && y >= r.Y0 && y < r.Y1 }

// Scale is how many model input pixels one slice pixel of a region
// becomes for a model whose input side is size: the longest side is fitted
// (SAM keeps the aspect; a stretching model scales the short side more,
// and this is the smaller of its two scales). 0 when size is unknown.
func (r Rect) Scale(size int) float64 {
	if size <= 0 || r.Empty() {
		return 0
	}
	return float64(size) / float64(max(r.Dx(), r.Dy()))
}

// Crop returns region r of img as an image of its own, at full
// resolution: the model's own preprocessing then resizes it to its input
// as it would a whole slice. Window, CT and the other flags carry over.
func Crop(img *engine.Image, r Rect) (*engine.Image, error) {
	if img == nil {
		return nil, fmt.Errorf("region crop: no image")
	}
	if r.Empty() || r.X0 < 0 || r.Y0 < 0 || r.X1 > img.Width || r.Y1 > img.Height {
		return nil, fmt.Errorf("region crop: region %s is not inside the %dx%d slice", r, img.Width, img.Height)
	}
	if r.IsWhole(img.Width, img.Height) {
		return img, nil
	}
	out := *img
	out.Width, out.Height = r.Dx(), r.Dy()
	w := r.Dx()
	if img.Grey != nil {
		out.Grey = make([]float32, w*r.Dy())
		for y := r.Y0; y < r.Y1; y++ {
			copy(out.Grey[(y-r.Y0)*w:(y-r.Y0+1)*w], img.Grey[y*img.Width+r.X0:])
		}
	}
	if img.RGB != nil {
		out.RGB = make([]uint8, 3*w*r.Dy())
		for y := r.Y0; y < r.Y1; y++ {
			copy(out.RGB[3*(y-r.Y0)*w:3*(y-r.Y0+1)*w], img.RGB[3*(y*img.Width+r.X0):])
		}
	}
	return &out, nil
}

// CropLabels returns region r of a w-wide label slice.
func CropLabels(l []uint16, w int, r Rect) []uint16 {
	out := make([]uint16, r.Dx()*r.Dy())
	for y := r.Y0; y < r.Y1; y++ {
		copy(out[(y-r.Y0)*r.Dx():(y-r.Y0+1)*r.Dx()], l[y*w+r.X0:])
	}
	return out
}

// PromptIn moves a prompt from slice pixels into region r's pixels. A
// prior mask (slice-sized, w x h) is cropped with it; Prev is kept as it
// is, since low-res logits belong to the embedding they came from and the
// caller only feeds back those of the same region.
func PromptIn(p engine.Prompt, r Rect, w, h int) engine.Prompt {
	dx, dy := float64(r.X0), float64(r.Y0)
	out := p
	out.Points = make([]engine.Point, len(p.Points))
	for i, pt := range p.Points {
		out.Points[i] = engine.Point{X: pt.X - dx, Y: pt.Y - dy, Positive: pt.Positive}
	}
	if p.Box != nil {
		b := engine.Box{X0: p.Box.X0 - dx, Y0: p.Box.Y0 - dy, X1: p.Box.X1 - dx, Y1: p.Box.Y1 - dy}
		out.Box = &b
	}
	if p.Prior != nil && p.Prior.Width == w && p.Prior.Height == h && !r.IsWhole(w, h) {
		out.Prior = &engine.Mask{Width: r.Dx(), Height: r.Dy(), Pix: cropBools(p.Prior.Pix, w, r)}
	}
	return out
}

// MaskOut places a mask of region r into a w x h slice mask (false
// outside r). Candidates move with it; LowRes stays the region's.
func MaskOut(m *engine.Mask, r Rect, w, h int) (*engine.Mask, error) {
	if m == nil {
		return nil, fmt.Errorf("region %s: no mask", r)
	}
	if m.Width != r.Dx() || m.Height != r.Dy() || len(m.Pix) != r.Dx()*r.Dy() {
		return nil, fmt.Errorf("region %s: model returned a %dx%d mask, expected %dx%d", r, m.Width, m.Height, r.Dx(), r.Dy())
	}
	if r.IsWhole(w, h) {
		return m, nil
	}
	out := *m
	out.Width, out.Height = w, h
	out.Pix = PlaceBools(m.Pix, r, w, h)
	out.Candidates = make([]engine.Candidate, len(m.Candidates))
	for i, c := range m.Candidates {
		c.Pix = PlaceBools(c.Pix, r, w, h)
		out.Candidates[i] = c
	}
	if m.Candidates == nil {
		out.Candidates = nil
	}
	return &out, nil
}

// PlaceBools copies a region-sized mask into a new w x h one.
func PlaceBools(src []bool, r Rect, w, h int) []bool {
	dst := make([]bool, w*h)
	for y := r.Y0; y < r.Y1; y++ {
		copy(dst[y*w+r.X0:y*w+r.X1], src[(y-r.Y0)*r.Dx():])
	}
	return dst
}

func cropBools(src []bool, w int, r Rect) []bool {
	out := make([]bool, r.Dx()*r.Dy())
	for y := r.Y0; y < r.Y1; y++ {
		copy(out[(y-r.Y0)*r.Dx():(y-r.Y0+1)*r.Dx()], src[y*w+r.X0:])
	}
	return out
}

// ForView is the region a model sees for a zoomed view showing slice
// area [x0,x1) x [y0,y1) of a w x h slice: the view rounded outward to a
// grid of about an eighth of its size, so panning a little keeps the same
// region (and its cached embedding), clipped to the slice. When the prompt
// reaches outside it (a box drawn, then the view moved), it is a region of
// the same size centred on the prompt instead, grown to hold it.
func ForView(x0, y0, x1, y1 float64, w, h int, p engine.Prompt) Rect {
	gx, gy := gridStep(x1-x0), gridStep(y1-y0)
	r := Rect{
		X0: floorTo(x0, gx), Y0: floorTo(y0, gy),
		X1: ceilTo(x1, gx), Y1: ceilTo(y1, gy),
	}
	r = clip(r, w, h)
	if r.Holds(p) {
		return r
	}
	px0, py0, px1, py1, _ := promptExtent(p)
	// Around the prompt: the view's size, or the prompt's with an eighth
	// on each side when it is larger.
	dw, dh := max(r.Dx(), (px1-px0+1)*5/4), max(r.Dy(), (py1-py0+1)*5/4)
	cx, cy := (px0+px1+1)/2, (py0+py1+1)/2
	return clip(Rect{X0: cx - dw/2, Y0: cy - dh/2, X1: cx - dw/2 + dw, Y1: cy - dh/2 + dh}, w, h)
}

// Around is a size x size region centred on pixel (x, y), moved inside
// the w x h slice (smaller when the slice is).
func Around(x, y, size, w, h int) Rect {
	return clip(Rect{X0: x - size/2, Y0: y - size/2, X1: x - size/2 + size, Y1: y - size/2 + size}, w, h)
}

// clip moves r inside the slice, keeping its size where the slice allows.
func clip(r Rect, w, h int) Rect {
	shift := func(a0, a1, n int) (int, int) {
		d := a1 - a0
		if d >= n {
			return 0, n
		}
		if a0 < 0 {
			a0, a1 = 0, d
		}
		if a1 > n {
			a0, a1 = n-d, n
		}
		return a0, a1
	}
	r.X0, r.X1 = shift(r.X0, r.X1, w)
	r.Y0, r.Y1 = shift(r.Y0, r.Y1, h)
	return r
}

// promptExtent is the pixel bounding box of a prompt's points and box.
func promptExtent(p engine.Prompt) (x0, y0, x1, y1 int, ok bool) {
	x0, y0, x1, y1 = math.MaxInt, math.MaxInt, math.MinInt, math.MinInt
	add := func(x, y float64) {
		xi, yi := int(math.Floor(x)), int(math.Floor(y))
		x0, y0, x1, y1 = min(x0, xi), min(y0, yi), max(x1, xi), max(y1, yi)
		ok = true
	}
	for _, pt := range p.Points {
		add(pt.X, pt.Y)
	}
	if b := p.Box; b != nil {
		add(b.X0, b.Y0)
		add(b.X1, b.Y1)
	}
	return
}

// gridStep is the largest power of two at most an eighth of extent (8 at
// least).
func gridStep(extent float64) int {
	e := max(int(extent/8), 8)
	return 1 << (bits.Len(uint(e)) - 1)
}

func floorTo(v float64, g int) int { return int(math.Floor(v/float64(g))) * g }
func ceilTo(v float64, g int) int  { return int(math.Ceil(v/float64(g))) * g }

// SliceImage is region r of slice n of plane p as the engines take it,
// copied from the volume without copying the rest of the slice (see
// engine.SliceImage for ct and win).
func SliceImage(vol *datasets.Volume, p datasets.Plane, n int, ct bool, win *engine.Window, r Rect) *engine.Image {
	view := vol.View(p)
	if r.IsWhole(view.Width, view.Height) {
		return engine.SliceImage(vol, p, n, ct, win)
	}
	grey, rgb := vol.SliceRect(p, n, r.X0, r.Y0, r.X1, r.Y1)
	return &engine.Image{
		Width: r.Dx(), Height: r.Dy(), Grey: grey, RGB: rgb,
		CT: ct, PixelSpacing: view.PixelSpacing, Window: win, Prewindowed: vol.Prewindowed,
	}
}

// Holds reports whether every point and box corner of p lies in r.
func (r Rect) Holds(p engine.Prompt) bool {
	x0, y0, x1, y1, ok := promptExtent(p)
	return !ok || (r.Contains(x0, y0) && r.Contains(x1, y1))
}
