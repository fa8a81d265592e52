package builtin

import "math"

// A region that crosses the box edge without a change in intensity is a
// neighbour the box cuts through, not the boxed object: a tight box's
// object meets each side at its own boundary, where the pixel just outside
// is something else. leakTolerance is the difference, as a share of the
// region's intensity range, below which the two sides count as one tissue.
const leakTolerance = 0.06

// edgeLeaks calls f(i, leaky) for every box-edge pixel i of the ROI and
// each of its outward neighbours.
func (pr *problem) edgeLeaks(f func(i int, leaky bool)) {
	b := pr.req.box
	if b == nil {
		return
	}
	roi := pr.roi
	nc := len(pr.e.sharp)
	similar := func(x, y, ox, oy int) bool {
		if ox < roi.x0 || oy < roi.y0 || ox >= roi.x0+roi.w || oy >= roi.y0+roi.h {
			return false // the image edge: nothing continues
		}
		d := 0.0
		for c, ch := range pr.e.sharp {
			v := float64(ch[y*pr.e.w+x]-ch[oy*pr.e.w+ox]) / float64(pr.b.hi[c]-pr.b.lo[c])
			d += v * v
		}
		return math.Sqrt(d/float64(nc)) < leakTolerance
	}
	at := func(x, y int) int { return (y-roi.y0)*roi.w + x - roi.x0 }
	x0, y0, x1, y1 := b.x0, b.y0, b.x0+b.w-1, b.y0+b.h-1
	for x := x0; x <= x1; x++ {
		f(at(x, y0), similar(x, y0, x, y0-1))
		f(at(x, y1), similar(x, y1, x, y1+1))
	}
	for y := y0; y <= y1; y++ {
		f(at(x0, y), similar(x0, y, x0-1, y))
		f(at(x1, y), similar(x1, y, x1+1, y))
	}
}

// leakShare is the share of lab's box-edge pixels that continue outside.
func (pr *problem) leakShare(lab []bool) float64 {
	touch, leak := 0, 0
	pr.edgeLeaks(func(i int, leaky bool) {
		if lab[i] {
			touch++
			if leaky {
				leak++
			}
		}
	})
	if touch == 0 {
		return 0
	}
	return float64(leak) / float64(touch)
}
