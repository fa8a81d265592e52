package builtin

import (
	"fmt"
	"math"
	"slices"

	"github.com/segtui/segtui/engine"
)

// A prior is the object's mask on the neighbouring slice (Prompt.Prior).
// Anatomy is continuous across slices, so the outline moves a few pixels,
// not across the image: the prior enters the cut as a soft shape term, the
// classical tracking energy (the previous contour as a shape prior):
//   - a unary log-odds that grows with the signed distance from the prior's
//     outline (priorSlope nats a pixel, capped at priorInside inside), so
//     the cut may move where the image has an edge and stays near the
//     prior where it has none;
//   - a band beyond which nothing is object (priorReach), so a neighbour of
//     the same density cannot pull the result across the image;
//   - intensity models learned from this slice under the prior's core
//     (object) and around it (background), not from a box, so a neighbour
//     that shares the box with the object is background from the start.
const (
	priorSlope  = 0.5 // nats per pixel of signed distance from the prior's outline
	priorInside = 2.0 // cap of the inward pull: the organ may end inside its prior
	// priorCore is how deep inside the prior a pixel must lie to teach the
	// object model: the outline itself may have moved.
	priorCore = 2
	// The outline may move priorReachMin pixels, or priorReachFrac of the
	// prior's equivalent radius for large organs, whose outlines move more
	// between slices.
	priorReachMin  = 6
	priorReachFrac = 0.25
)

// resamplePrior checks a prior mask against the image; an empty prior
// carries no information and comes back nil.
func resamplePrior(m *engine.Mask, w, h int) ([]bool, error) {
	if m.Width != w || m.Height != h || len(m.Pix) != w*h {
		return nil, fmt.Errorf("builtin engine: prior mask is %dx%d with %d pixels, expected the image's %dx%d", m.Width, m.Height, len(m.Pix), w, h)
	}
	for _, v := range m.Pix {
		if v {
			return m.Pix, nil
		}
	}
	return nil, nil
}

// priorGeometry is the prior's bounding box and how far its outline may
// move, in image pixels.
func priorGeometry(prior []bool, w int) (box rect, reach int) {
	x0, y0, x1, y1, area := math.MaxInt, math.MaxInt, -1, -1, 0
	for i, v := range prior {
		if v {
			x, y := i%w, i/w
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			area++
		}
	}
	r := math.Sqrt(float64(area) / math.Pi)
	return rect{x0, y0, x1 - x0 + 1, y1 - y0 + 1}, max(priorReachMin, int(priorReachFrac*r+0.5))
}

// signedDistance is, per pixel of a w x h mask, the distance in pixels to
// the outline between m and not m: positive inside, negative outside,
// ±0.5 on the pixels either side of it. Pixels beyond the grid are neither,
// so the window's edge is not mistaken for the outline.
func signedDistance(m []bool, w, h int, out, scratch []float32) {
	in := distanceTo(m, w, h, false, out)
	outside := distanceTo(m, w, h, true, scratch)
	for i, v := range m {
		if v {
			out[i] = in[i] - 0.5
		} else {
			out[i] = 0.5 - outside[i]
		}
	}
}

// distanceTo writes into d a two-pass 3-4 chamfer distance to the nearest
// pixel whose value is target; pixels of that value are 0, and with none
// in the grid every distance is w+h.
func distanceTo(m []bool, w, h int, target bool, d []float32) []float32 {
	far := float32(w + h)
	for i, v := range m {
		d[i] = 0
		if v != target {
			d[i] = far
		}
	}
	const diag = 4.0 / 3
	relax := func(i, x, y int, dx, dy int, step float32) {
		nx, ny := x+dx, y+dy
		if nx < 0 || ny < 0 || nx >= w || ny >= h {
			return
		}
		d[i] = min(d[i], d[ny*w+nx]+step)
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := y*w + x
			if d[i] == 0 {
				continue
			}
			relax(i, x, y, -1, 0, 1)
			relax(i, x, y, 0, -1, 1)
			relax(i, x, y, -1, -1, diag)
			relax(i, x, y, 1, -1, diag)
		}
	}
	for y := h - 1; y >= 0; y-- {
		for x := w - 1; x >= 0; x-- {
			i := y*w + x
			if d[i] == 0 {
				continue
			}
			relax(i, x, y, 1, 0, 1)
			relax(i, x, y, 0, 1, 1)
			relax(i, x, y, 1, 1, diag)
			relax(i, x, y, -1, 1, diag)
		}
	}
	return d
}

// setPrior copies the level's prior into the ROI, measures the signed
// distance from its outline in slice pixels, and makes everything beyond
// the reach background.
func (pr *problem) setPrior() {
	roi, n := pr.roi, pr.roi.w*pr.roi.h
	m := grow(pr.buf.priorMask, n)
	pr.buf.priorMask = m
	for y := 0; y < roi.h; y++ {
		copy(m[y*roi.w:(y+1)*roi.w], pr.req.prior[(roi.y0+y)*pr.e.w+roi.x0:])
	}
	pr.priorD = grow(pr.buf.priorD, n)
	pr.buf.priorD = pr.priorD
	if !slices.Contains(m, true) {
		// The prior lies outside this window (a box elsewhere), or is too
		// thin to survive a coarse level: it says nothing here.
		return
	}
	pr.buf.priorTmp = grow(pr.buf.priorTmp, n)
	signedDistance(m, roi.w, roi.h, pr.priorD, pr.buf.priorTmp)
	reach := float32(pr.req.priorReach)
	for i, d := range pr.priorD {
		d *= float32(pr.scale)
		pr.priorD[i] = d
		if d < -reach {
			pr.hardBG[i] = true
		}
	}
}

// shape is the prior's log-odds for pixel i.
func (pr *problem) shape(i int) float64 {
	return math.Min(priorSlope*float64(pr.priorD[i]), priorInside)
}

// priorModels learns the object model from the prior's core (all of it
// when it is too thin to have one) and the background from outside it.
func (pr *problem) priorModels(fg, bg histogram) {
	core := float32(priorCore)
	if !pr.hasCore(core) {
		core = 0
	}
	for i, d := range pr.priorD {
		switch {
		case d > core:
			fg.add(int(pr.bins[i]), 1)
		case d < 0:
			bg.add(int(pr.bins[i]), 1)
		}
	}
}

func (pr *problem) hasCore(depth float32) bool {
	for _, d := range pr.priorD {
		if d > depth {
			return true
		}
	}
	return false
}

// keepPriorComponents keeps the region that overlaps the prior most and
// any other mostly inside it (an organ the slice shows as two pieces), so
// a separate patch of similar tissue in the band is dropped.
func (pr *problem) keepPriorComponents(lab []bool) {
	ids, sizes := components(pr.comp, lab, pr.roi.w, pr.roi.h, true)
	if len(sizes) <= 2 {
		return
	}
	overlap := grow(pr.comp.score, len(sizes))
	pr.comp.score = overlap
	for i, id := range ids {
		if id != 0 && pr.priorD[i] > 0 {
			overlap[id]++
		}
	}
	best := 1
	for id := range overlap {
		if overlap[id] > overlap[best] {
			best = id
		}
	}
	keep := grow(pr.comp.keep, len(sizes))
	pr.comp.keep = keep
	for id := 1; id < len(sizes); id++ {
		keep[id] = id == best || 2*overlap[id] > float64(sizes[id])
	}
	for i, id := range ids {
		lab[i] = id != 0 && keep[id]
	}
}
