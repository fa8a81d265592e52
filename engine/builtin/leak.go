package builtin

import "math"

// A region that crosses the box edge without a change in intensity is a
// neighbour the box cuts through, not the boxed object: a tight box's
// object meets each side at its own boundary, where the pixel just outside
// is something else. leakTolerance is the difference, as a share of the
// region's intensity range, below which the two sides count as one tissue.
const leakTolerance = 0.06

// leakBand is how far inside the box edge a region still counts as
// reaching it: where the same tissue carries on outside, the edge weight
// (leakEdgeCost) makes the cut run a pixel inside the box instead, so a
// neighbour the box cuts through stops one pixel short of the edge.
const leakBand = 2

// edgeLeaks calls f(i, leaky) for every box-edge position of the ROI where
// lab reaches the edge (within leakBand pixels inward; i is the labelled
// pixel nearest the edge), and whether the tissue there continues outside.
func (pr *problem) edgeLeaks(lab []bool, f func(i int, leaky bool)) {
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
	// visit reports the edge pixel (x, y) whose inward neighbours lie
	// step apart in the ROI, limited to depth pixels of the box.
	visit := func(x, y, ox, oy, step, depth int) {
		i := at(x, y)
		for d := 0; d < min(leakBand, depth); d++ {
			if lab[i+d*step] {
				f(i+d*step, similar(x, y, ox, oy))
				return
			}
		}
	}
	x0, y0, x1, y1 := b.x0, b.y0, b.x0+b.w-1, b.y0+b.h-1
	for x := x0; x <= x1; x++ {
		visit(x, y0, x, y0-1, roi.w, b.h)
		visit(x, y1, x, y1+1, -roi.w, b.h)
	}
	for y := y0; y <= y1; y++ {
		visit(x0, y, x0-1, y, 1, b.w)
		visit(x1, y, x1+1, y, -1, b.w)
	}
}

// leakShare is the share of lab's box-edge contacts that continue outside.
func (pr *problem) leakShare(lab []bool) float64 {
	touch, leak := 0, 0
	pr.edgeLeaks(lab, func(_ int, leaky bool) {
		touch++
		if leaky {
			leak++
		}
	})
	if touch == 0 {
		return 0
	}
	return float64(leak) / float64(touch)
}
