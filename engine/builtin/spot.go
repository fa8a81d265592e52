package builtin

import (
	"math"
	"slices"

	"github.com/segtui/segtui/engine"
)

// Small targets (SIRST-5K's infrared targets are a few pixels wide): a
// click's graph cut weighs a window about twice a typical object, where a
// 3x3 hot spot is outweighed by its boundary and the cut returns the
// clutter around it. So a lone positive click first looks at the click's
// own neighbourhood: when the clicked pixels stand out from the ring
// around them by several times the ring's noise and form a compact spot
// that ends well inside the neighbourhood, the spot is the answer.
const (
	spotInner    = 4 // the spot must end within this many pixels of the click
	spotRing     = 8 // the background ring lies between spotInner+1 and this
	spotContrast = 6 // peak contrast to the ring, in pixel-noise sigmas
)

// smallSpot returns the compact spot under a lone positive click, or nil.
func smallSpot(e *embedding, req request) []bool {
	if len(req.seeds) != 1 || !req.seeds[0].positive || req.box != nil || req.prev != nil || req.prior != nil {
		return nil
	}
	cx, cy := req.seeds[0].x, req.seeds[0].y
	if cx < spotRing || cy < spotRing || cx >= e.w-spotRing || cy >= e.h-spotRing {
		return nil
	}
	// Contrast to the ring's median, per pixel, in units of the image's
	// pixel noise (the ring's own spread would count clutter edges as noise).
	var ring []float64
	var bg, sigma []float64
	for c, ch := range e.sharp {
		ring = ring[:0]
		for y := cy - spotRing; y <= cy+spotRing; y++ {
			for x := cx - spotRing; x <= cx+spotRing; x++ {
				if max(abs(x-cx), abs(y-cy)) > spotInner {
					ring = append(ring, float64(ch[y*e.w+x]))
				}
			}
		}
		slices.Sort(ring)
		bg, sigma = append(bg, ring[len(ring)/2]), append(sigma, math.Max(float64(e.noise[c]), 1e-3))
	}
	contrast := func(x, y int) float64 {
		s := 0.0
		for c, ch := range e.sharp {
			s += (float64(ch[y*e.w+x]) - bg[c]) / sigma[c]
		}
		return s / float64(len(e.sharp))
	}
	// The peak: the clicked pixel or its strongest neighbour, as a click
	// on a 3-pixel target is easily one pixel off its centre.
	peak, px, py := contrast(cx, cy), cx, cy
	for y := cy - 1; y <= cy+1; y++ {
		for x := cx - 1; x <= cx+1; x++ {
			if c := contrast(x, y); math.Abs(c) > math.Abs(peak) && (c > 0) == (peak > 0) {
				peak, px, py = c, x, y
			}
		}
	}
	if math.Abs(peak) < spotContrast {
		return nil
	}
	// The spot: pixels connected to the peak with at least half its
	// contrast, of its sign; it must not reach the ring.
	mask := make([]bool, e.w*e.h)
	mask[py*e.w+px] = true
	stack := [][2]int{{px, py}}
	n := 1
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				x, y := p[0]+dx, p[1]+dy
				if mask[y*e.w+x] || contrast(x, y)/peak < 0.5 {
					continue
				}
				if max(abs(x-cx), abs(y-cy)) > spotInner {
					return nil // not compact: an edge or a larger object
				}
				mask[y*e.w+x] = true
				stack = append(stack, [2]int{x, y})
				n++
			}
		}
	}
	return mask
}

// spotMask is a spot as the engine's result (logits as assemble gives).
func spotMask(e *embedding, pix []bool) *engine.Mask {
	logits := make([]float32, len(pix))
	for i, on := range pix {
		logits[i] = -4
		if on {
			logits[i] = 4
		}
	}
	return &engine.Mask{Width: e.w, Height: e.h, Pix: pix, Score: 1, LowRes: &engine.LowRes{Width: e.w, Height: e.h, Logits: logits}}
}
