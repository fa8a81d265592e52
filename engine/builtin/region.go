package builtin

import (
	"fmt"
	"math"

	"github.com/segtui/segtui/engine"
)

// rect is a pixel rectangle [x0, x0+w) x [y0, y0+h).
type rect struct{ x0, y0, w, h int }

func (r rect) contains(x, y int) bool {
	return x >= r.x0 && y >= r.y0 && x < r.x0+r.w && y < r.y0+r.h
}

// grow expands r by m pixels on every side, clipped to the image.
func (r rect) grow(m, w, h int) rect {
	x0, y0 := max(r.x0-m, 0), max(r.y0-m, 0)
	x1, y1 := min(r.x0+r.w+m, w), min(r.y0+r.h+m, h)
	return rect{x0, y0, x1 - x0, y1 - y0}
}

// union is the smallest rectangle holding r and o.
func (r rect) union(o rect) rect {
	x0, y0 := min(r.x0, o.x0), min(r.y0, o.y0)
	x1, y1 := max(r.x0+r.w, o.x0+o.w), max(r.y0+r.h, o.y0+o.h)
	return rect{x0, y0, x1 - x0, y1 - y0}
}

// seed is a prompt point in whole pixels.
type seed struct {
	x, y     int
	positive bool
}

// request is a validated prompt in pixel units.
type request struct {
	box   *rect // nil when the prompt has no box
	seeds []seed
	prev  []bool // previous mask at image size, or nil
	// prior is the neighbouring slice's mask at image size, or nil, with
	// its bounding box and how far its outline may move (prior.go).
	prior      []bool
	priorBox   rect
	priorReach int
}

func pixel(v float64) int { return int(math.Floor(v + 0.5)) }

// validate turns a prompt into pixel units, rejecting what cannot be used.
func validate(p engine.Prompt, w, h int) (request, error) {
	var r request
	for _, pt := range p.Points {
		x, y := pixel(pt.X), pixel(pt.Y)
		if math.IsNaN(pt.X) || math.IsNaN(pt.Y) || x < 0 || y < 0 || x >= w || y >= h {
			return r, fmt.Errorf("builtin engine: point (%g, %g) is outside the %dx%d image", pt.X, pt.Y, w, h)
		}
		r.seeds = append(r.seeds, seed{x, y, pt.Positive})
	}
	if b := p.Box; b != nil {
		x0, y0 := pixel(math.Min(b.X0, b.X1)), pixel(math.Min(b.Y0, b.Y1))
		x1, y1 := pixel(math.Max(b.X0, b.X1)), pixel(math.Max(b.Y0, b.Y1))
		if math.IsNaN(b.X0+b.X1+b.Y0+b.Y1) || x1 < 0 || y1 < 0 || x0 >= w || y0 >= h {
			return r, fmt.Errorf("builtin engine: box (%g,%g)-(%g,%g) does not overlap the %dx%d image", b.X0, b.Y0, b.X1, b.Y1, w, h)
		}
		x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w-1), min(y1, h-1)
		r.box = &rect{x0, y0, x1 - x0 + 1, y1 - y0 + 1}
	}
	if p.Prev != nil {
		prev, err := resamplePrev(p.Prev, w, h)
		if err != nil {
			return r, err
		}
		r.prev = prev
	}
	if p.Prior != nil {
		prior, err := resamplePrior(p.Prior, w, h)
		if err != nil {
			return r, err
		}
		if prior != nil {
			r.prior = prior
			r.priorBox, r.priorReach = priorGeometry(prior, w)
		}
	}
	if r.box == nil && r.prev == nil && r.prior == nil && !r.hasPositive() {
		return r, fmt.Errorf("builtin engine: the prompt needs a box, a positive point, a previous mask or a non-empty prior; got %d negative point(s) only", len(r.seeds))
	}
	return r, nil
}

func (r request) hasPositive() bool {
	for _, s := range r.seeds {
		if s.positive {
			return true
		}
	}
	return false
}

// resamplePrev maps previous logits of any size onto the image (nearest).
func resamplePrev(lr *engine.LowRes, w, h int) ([]bool, error) {
	if lr.Width <= 0 || lr.Height <= 0 || len(lr.Logits) != lr.Width*lr.Height {
		return nil, fmt.Errorf("builtin engine: previous mask is %dx%d with %d logits, expected width*height logits", lr.Width, lr.Height, len(lr.Logits))
	}
	out := make([]bool, w*h)
	any := false
	for y := 0; y < h; y++ {
		sy := min(y*lr.Height/h, lr.Height-1)
		for x := 0; x < w; x++ {
			sx := min(x*lr.Width/w, lr.Width-1)
			if lr.Logits[sy*lr.Width+sx] > 0 {
				out[y*w+x] = true
				any = true
			}
		}
	}
	if !any {
		return nil, nil // an empty previous mask carries no information
	}
	return out, nil
}

// region picks the pixels the decode works on: the box plus a margin whose
// pixels describe the background, or, without a box, the prior's reach
// with such a margin, or a window around the positive points and the
// previous mask.
func (r request) region(w, h int) rect {
	if r.box != nil {
		m := max(6, max(r.box.w, r.box.h)/8)
		return r.box.grow(m, w, h)
	}
	if r.prior != nil {
		m := max(6, max(r.priorBox.w, r.priorBox.h)/8)
		out := r.priorBox.grow(r.priorReach+m, w, h)
		for _, s := range r.seeds {
			out = out.union(rect{s.x, s.y, 1, 1}.grow(m, w, h))
		}
		return out
	}
	x0, y0, x1, y1 := w, h, -1, -1
	include := func(x, y int) {
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
	}
	for _, s := range r.seeds {
		include(s.x, s.y)
	}
	for i, v := range r.prev {
		if v {
			include(i%w, i/w)
		}
	}
	reach := max(32, max(w, h)/4)
	return rect{x0, y0, x1 - x0 + 1, y1 - y0 + 1}.grow(reach, w, h)
}
