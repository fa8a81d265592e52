package builtin

import (
	"context"
	"math"
)

// Tuning, chosen on the phantom and the AMOS slices (see phantom_test.go and realdata_test.go).
const (
	iterations   = 3 // GrabCut-style model re-estimation rounds
	smoothness   = 2.0
	capScale     = 64.0 // nats -> integer capacities
	hardCap      = 1 << 20
	seedRadius   = 2   // pixels forced by a click
	modelRadius  = 5   // pixels a click contributes to its intensity model
	prevBias     = 0.7 // nats pulling toward the previous mask
	boxBias      = 0.5 // nats toward foreground at the box centre
	boxEdgeCut   = 0.5 // boundary weight kept across the box edge
	maxUnaryNats = 8.0
	// unimodalPreference breaks near-ties toward a one-tissue model, which
	// cannot absorb a neighbouring organ that sits inside the box.
	unimodalPreference = 1.15
)

// problem is one decode restricted to a region of interest.
type problem struct {
	e      *embedding
	req    request
	roi    rect
	bins   []int32 // per ROI pixel
	nbins  int
	grey   bool
	hardFG []bool // per ROI pixel
	hardBG []bool
	inBox  []bool
}

func newProblem(e *embedding, req request) *problem {
	roi := req.region(e.w, e.h)
	n := roi.w * roi.h
	pr := &problem{e: e, req: req, roi: roi, bins: make([]int32, n),
		hardFG: make([]bool, n), hardBG: make([]bool, n), inBox: make([]bool, n), grey: len(e.chans) == 1}
	b := newBinner(e, roi)
	pr.nbins = b.bins()
	for y := 0; y < roi.h; y++ {
		for x := 0; x < roi.w; x++ {
			i := y*roi.w + x
			ix, iy := roi.x0+x, roi.y0+y
			pr.bins[i] = int32(b.bin(e, iy*e.w+ix))
			if req.box != nil {
				pr.inBox[i] = req.box.contains(ix, iy)
				pr.hardBG[i] = !pr.inBox[i]
			} else {
				pr.inBox[i] = true
				// The window edge is background: the object is assumed to
				// lie within reach of the clicks.
				pr.hardBG[i] = x == 0 || y == 0 || x == roi.w-1 || y == roi.h-1
			}
		}
	}
	for _, s := range req.seeds {
		pr.disc(s.x, s.y, seedRadius, func(i int) {
			if s.positive {
				pr.hardFG[i], pr.hardBG[i] = true, false
			} else {
				pr.hardBG[i], pr.hardFG[i] = true, false
			}
		})
	}
	return pr
}

// disc calls f for every ROI pixel within r of image pixel (cx, cy).
func (pr *problem) disc(cx, cy, r int, f func(i int)) {
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			x, y := cx+dx-pr.roi.x0, cy+dy-pr.roi.y0
			if dx*dx+dy*dy > r*r || x < 0 || y < 0 || x >= pr.roi.w || y >= pr.roi.h {
				continue
			}
			f(y*pr.roi.w + x)
		}
	}
}

// initialModels builds the first foreground and background histograms from
// the prompt: clicks, the previous mask, the box interior weighted toward
// its centre (a tight box is mostly object there), and the margin outside.
func (pr *problem) initialModels() (fg, bg histogram) {
	fg, bg = newHistogram(pr.nbins), newHistogram(pr.nbins)
	roi := pr.roi
	if box := pr.req.box; box != nil {
		cx, cy := float64(box.x0)+float64(box.w-1)/2, float64(box.y0)+float64(box.h-1)/2
		sx, sy := math.Max(float64(box.w)/4, 1), math.Max(float64(box.h)/4, 1)
		for y := 0; y < roi.h; y++ {
			for x := 0; x < roi.w; x++ {
				i := y*roi.w + x
				if !pr.inBox[i] {
					bg.add(int(pr.bins[i]), 1)
					continue
				}
				dx, dy := (float64(roi.x0+x)-cx)/sx, (float64(roi.y0+y)-cy)/sy
				fg.add(int(pr.bins[i]), math.Exp(-(dx*dx+dy*dy)/2))
			}
		}
	} else {
		for i, hb := range pr.hardBG {
			if hb {
				bg.add(int(pr.bins[i]), 1)
			}
		}
	}
	if prev := pr.req.prev; prev != nil {
		for y := 0; y < roi.h; y++ {
			for x := 0; x < roi.w; x++ {
				if prev[(roi.y0+y)*pr.e.w+roi.x0+x] {
					fg.add(int(pr.bins[y*roi.w+x]), 1)
				}
			}
		}
	}
	// A click is a strong statement about one intensity: weight its
	// neighbourhood like a sizeable region.
	for _, s := range pr.req.seeds {
		h := bg
		if s.positive {
			h = fg
		}
		pr.disc(s.x, s.y, modelRadius, func(i int) { h.add(int(pr.bins[i]), 4) })
	}
	return fg, bg
}

// refit re-estimates both models from a labelling, keeping the margin and
// negative clicks in the background model.
func (pr *problem) refit(lab []bool) (fg, bg histogram) {
	fg, bg = newHistogram(pr.nbins), newHistogram(pr.nbins)
	for i, v := range lab {
		if v {
			fg.add(int(pr.bins[i]), 1)
		} else {
			bg.add(int(pr.bins[i]), 1)
		}
	}
	for _, s := range pr.req.seeds {
		h := bg
		if s.positive {
			h = fg
		}
		pr.disc(s.x, s.y, modelRadius, func(i int) { h.add(int(pr.bins[i]), 4) })
	}
	return fg, bg
}

// beta is GrabCut's contrast normaliser: 1 / (2 * mean squared difference
// between neighbours), so the boundary term adapts to each image's contrast.
func (pr *problem) beta(norm []float32) float64 {
	roi, nc := pr.roi, len(pr.e.chans)
	sum, count := 0.0, 0
	for y := 0; y < roi.h; y++ {
		for x := 0; x < roi.w; x++ {
			for k := 0; k < dirs; k += 2 {
				nx, ny := x+dirDX[k], y+dirDY[k]
				if nx < 0 || ny < 0 || nx >= roi.w || ny >= roi.h {
					continue
				}
				sum += pr.diff2(norm, nc, y*roi.w+x, ny*roi.w+nx)
				count++
			}
		}
	}
	if sum == 0 || count == 0 {
		return 1
	}
	return float64(count) / (2 * sum)
}

func (pr *problem) diff2(norm []float32, nc, i, j int) float64 {
	d := 0.0
	for c := 0; c < nc; c++ {
		v := float64(norm[i*nc+c] - norm[j*nc+c])
		d += v * v
	}
	return d
}

// normalised copies the ROI's channels in the binner's scale, interleaved.
func (pr *problem) normalised() []float32 {
	roi, nc := pr.roi, len(pr.e.chans)
	b := newBinner(pr.e, roi)
	out := make([]float32, roi.w*roi.h*nc)
	for y := 0; y < roi.h; y++ {
		for x := 0; x < roi.w; x++ {
			src := (roi.y0+y)*pr.e.w + roi.x0 + x
			for c, ch := range pr.e.chans {
				out[(y*roi.w+x)*nc+c] = (ch[src] - b.lo[c]) / (b.hi[c] - b.lo[c])
			}
		}
	}
	return out
}

// edges computes the contrast-sensitive boundary capacities once per decode.
func (pr *problem) edges() []int32 {
	roi := pr.roi
	n := roi.w * roi.h
	norm := pr.normalised()
	beta := pr.beta(norm)
	nc := len(pr.e.chans)
	edge := make([]int32, n*dirs)
	for y := 0; y < roi.h; y++ {
		for x := 0; x < roi.w; x++ {
			i := y*roi.w + x
			for k := 0; k < dirs; k += 2 {
				nx, ny := x+dirDX[k], y+dirDY[k]
				if nx < 0 || ny < 0 || nx >= roi.w || ny >= roi.h {
					continue
				}
				dist := 1.0
				if k >= 4 {
					dist = math.Sqrt2
				}
				wgt := smoothness * math.Exp(-beta*pr.diff2(norm, nc, i, ny*roi.w+nx)) / dist
				if pr.inBox[i] != pr.inBox[ny*roi.w+nx] {
					// A tight box touches the object: cutting along its
					// edge must not cost as much as an image boundary.
					wgt *= boxEdgeCut
				}
				edge[i*dirs+k] = int32(wgt*capScale + 0.5)
			}
		}
	}
	return edge
}

// cut solves one graph cut for the given log-probabilities, writing the
// labelling and the clipped per-pixel log-likelihood ratio.
func (pr *problem) cut(g *gridFlow, edge []int32, prior []float64, lf, lb []float64, lab []bool, ratio []float64) {
	roi := pr.roi
	g.reset()
	for i := range lab {
		for k := 0; k < dirs; k += 2 {
			if c := edge[i*dirs+k]; c > 0 {
				g.setEdge(i, k, c)
			}
		}
		r := lf[pr.bins[i]] - lb[pr.bins[i]] + prior[i]
		if pr.req.prev != nil {
			if pr.req.prev[(roi.y0+i/roi.w)*pr.e.w+roi.x0+i%roi.w] {
				r += prevBias
			} else {
				r -= prevBias
			}
		}
		r = math.Max(-maxUnaryNats, math.Min(maxUnaryNats, r))
		ratio[i] = r
		switch {
		case pr.hardFG[i]:
			g.trcap[i] = hardCap
		case pr.hardBG[i]:
			g.trcap[i] = -hardCap
		default:
			// Source capacity is the cost of calling the pixel background;
			// only the difference matters to the cut.
			g.trcap[i] = int32(math.Round(r * capScale))
		}
	}
	g.solve()
	for i := range lab {
		lab[i] = g.inSource(i)
	}
}

// candidate is one segmentation hypothesis and how well it fits the prompt.
type candidate struct {
	lab   []bool
	ratio []float64
	score float64
}

// segment runs the iterated graph cut from each starting model and keeps
// the hypothesis that best fits the prompt.
func (pr *problem) segment(ctx context.Context) ([]bool, []float64, error) {
	n := pr.roi.w * pr.roi.h
	edge := pr.edges()
	prior := pr.boxPrior()
	g := newGridFlow(pr.roi.w, pr.roi.h)
	var best *candidate
	for k, fg := range pr.starts() {
		// Start 0 is the histogram model (any shape of distribution); the
		// others are unimodal and stay unimodal when refitted.
		unimodal := k > 0
		_, bg := pr.initialModels()
		c := &candidate{lab: make([]bool, n), ratio: make([]float64, n)}
		for it := 0; it < iterations; it++ {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
			pr.cut(g, edge, prior, fg, bg.logProb(pr.grey), c.lab, c.ratio)
			if it+1 < iterations {
				fg, bg = pr.refitLog(c.lab, unimodal)
			}
		}
		pr.finish(c.lab, c.ratio)
		c.score = pr.fit(c.lab, c.ratio) * (1 - pr.marginMatch(fg))
		if unimodal {
			c.score *= unimodalPreference
		}
		if best == nil || c.score > best.score {
			best = c
		}
	}
	return best.lab, best.ratio, nil
}

// finish keeps the components the prompt points at and fills holes.
func (pr *problem) finish(lab []bool, ratio []float64) {
	keepComponents(lab, ratio, pr.roi.w, pr.roi.h, pr.positiveIndices())
	fillHoles(lab, pr.roi.w, pr.roi.h)
}

func (pr *problem) positiveIndices() []int {
	var pos []int
	for _, s := range pr.req.seeds {
		if s.positive && pr.roi.contains(s.x, s.y) {
			pos = append(pos, (s.y-pr.roi.y0)*pr.roi.w+s.x-pr.roi.x0)
		}
	}
	return pos
}

// marginMatch is the share of the margin outside the box that looks like
// the foreground model (within about two standard deviations of its
// peak): a model that also describes the surroundings, such as fat around
// a small organ, is a poor explanation of why the box was drawn there.
func (pr *problem) marginMatch(lf []float64) float64 {
	if pr.req.box == nil {
		return 0
	}
	top := math.Inf(-1)
	for _, v := range lf {
		top = math.Max(top, v)
	}
	match, total := 0, 0
	for i, in := range pr.inBox {
		if in {
			continue
		}
		total++
		if lf[pr.bins[i]] > top-2 {
			match++
		}
	}
	if total == 0 {
		return 0
	}
	return float64(match) / float64(total)
}

// fit scores a hypothesis: its mean foreground probability, times, for a
// box prompt, how well its bounding box matches the box (a box is drawn
// around one object, so the object should reach every side).
func (pr *problem) fit(lab []bool, ratio []float64) float64 {
	roi := pr.roi
	sum, count := 0.0, 0
	x0, y0, x1, y1 := roi.w, roi.h, -1, -1
	for i, v := range lab {
		if !v {
			continue
		}
		sum += 1 / (1 + math.Exp(-ratio[i]))
		count++
		x, y := i%roi.w, i/roi.w
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
	}
	if count == 0 {
		return 0
	}
	score := sum / float64(count)
	if b := pr.req.box; b != nil {
		bx0, by0 := b.x0-roi.x0, b.y0-roi.y0
		bx1, by1 := bx0+b.w-1, by0+b.h-1
		ix := max(0, min(x1, bx1)-max(x0, bx0)+1)
		iy := max(0, min(y1, by1)-max(y0, by0)+1)
		inter := float64(ix * iy)
		union := float64((x1-x0+1)*(y1-y0+1)+b.w*b.h) - inter
		score *= inter / union
	}
	return score
}

// boxPrior favours foreground toward the box centre, falling to zero on the
// inscribed ellipse and below it in the corners: where intensity cannot
// tell object from surroundings, a box still means "the object is here".
func (pr *problem) boxPrior() []float64 {
	roi := pr.roi
	out := make([]float64, roi.w*roi.h)
	box := pr.req.box
	if box == nil {
		return out
	}
	cx, cy := float64(box.x0)+float64(box.w-1)/2, float64(box.y0)+float64(box.h-1)/2
	rx, ry := math.Max(float64(box.w)/2, 1), math.Max(float64(box.h)/2, 1)
	for y := 0; y < roi.h; y++ {
		for x := 0; x < roi.w; x++ {
			i := y*roi.w + x
			if !pr.inBox[i] {
				continue
			}
			dx, dy := (float64(roi.x0+x)-cx)/rx, (float64(roi.y0+y)-cy)/ry
			out[i] = boxBias * (1 - (dx*dx + dy*dy))
		}
	}
	return out
}
