package builtin

import (
	"context"
	"math"
)

// Tuning, chosen on the phantom and the AMOS slices (see quality_test.go).
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

// segment runs the iterated graph cut and returns the ROI labelling and the
// per-pixel foreground log-likelihood ratio of the final models.
func (pr *problem) segment(ctx context.Context) ([]bool, []float64, error) {
	roi := pr.roi
	n := roi.w * roi.h
	norm := pr.normalised()
	beta := pr.beta(norm)
	nc := len(pr.e.chans)
	// Boundary weights do not change between rounds.
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
	prior := pr.boxPrior()
	fg, bg := pr.initialModels()
	lab := make([]bool, n)
	ratio := make([]float64, n)
	for it := 0; it < iterations; it++ {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		lf, lb := fg.logProb(pr.grey), bg.logProb(pr.grey)
		g := newGridFlow(roi.w, roi.h)
		for i := 0; i < n; i++ {
			for k := 0; k < dirs; k += 2 {
				if c := edge[i*dirs+k]; c > 0 {
					g.setEdge(i, k, c)
				}
			}
			r := lf[pr.bins[i]] - lb[pr.bins[i]]
			if pr.req.prev != nil {
				if pr.req.prev[(roi.y0+i/roi.w)*pr.e.w+roi.x0+i%roi.w] {
					r += prevBias
				} else {
					r -= prevBias
				}
			}
			r += prior[i]
			r = math.Max(-maxUnaryNats, math.Min(maxUnaryNats, r))
			ratio[i] = r
			switch {
			case pr.hardFG[i]:
				g.trcap[i] = hardCap
			case pr.hardBG[i]:
				g.trcap[i] = -hardCap
			default:
				// Source capacity is the cost of calling the pixel
				// background; only the difference matters to the cut.
				g.trcap[i] = int32(math.Round(r * capScale))
			}
		}
		g.solve()
		changed := 0
		for i := range lab {
			v := g.inSource(i)
			if v != lab[i] {
				changed++
			}
			lab[i] = v
		}
		if changed == 0 {
			break
		}
		fg, bg = pr.refit(lab)
	}
	return lab, ratio, nil
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
