package builtin

import "math"

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
	leakEdgeCost = 4.0 // ... where the same tissue continues outside
	maxUnaryNats = 8.0
	// unimodalPreference breaks near-ties toward a one-tissue model, which
	// cannot absorb a neighbouring organ that sits inside the box.
	unimodalPreference = 1.15
)

// The boundary weight table covers beta*d2 in [0, expRange).
const expSteps, expRange = 64, 16

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
				sum += diff2(norm, nc, y*roi.w+x, ny*roi.w+nx)
				count++
			}
		}
	}
	if sum == 0 || count == 0 {
		return 1
	}
	return float64(count) / (2 * sum)
}

func diff2(norm []float32, nc, i, j int) float64 {
	d := 0.0
	for c := 0; c < nc; c++ {
		v := float64(norm[i*nc+c] - norm[j*nc+c])
		d += v * v
	}
	return d
}

// normalised copies the ROI's sharp channels in the binner's scale,
// interleaved.
func (pr *problem) normalised() []float32 {
	roi, nc := pr.roi, len(pr.e.chans)
	out := grow(pr.buf.norm, roi.w*roi.h*nc)
	pr.buf.norm = out
	for c, ch := range pr.e.sharp {
		lo, span := pr.b.lo[c], pr.b.hi[c]-pr.b.lo[c]
		for y := 0; y < roi.h; y++ {
			src := ch[(roi.y0+y)*pr.e.w+roi.x0:]
			for x := 0; x < roi.w; x++ {
				out[(y*roi.w+x)*nc+c] = (src[x] - lo) / span
			}
		}
	}
	return out
}

// edges computes the contrast-sensitive boundary capacities once per level.
// On a coarse level one edge stands for scale edges of the slice and one
// pixel for scale^2 pixels, so boundary weights shrink by 1/scale to keep
// the energy's balance.
func (pr *problem) edges() []int32 {
	roi := pr.roi
	n := roi.w * roi.h
	norm := pr.normalised()
	beta := pr.beta(norm)
	nc := len(pr.e.chans)
	edge := grow(pr.buf.edge, n*dirs)
	pr.buf.edge = edge
	lambda := smoothness * capScale / float64(pr.scale)
	// exp(-beta*d2) from a table in steps of 1/expSteps: capacities are
	// integers, so the table's 1.6% steps are below their resolution for
	// all but the strongest weights, and it saves four exp calls a pixel.
	var decay [expSteps * expRange]float64
	for k := range decay {
		decay[k] = lambda * math.Exp(-(float64(k)+0.5)/expSteps)
	}
	for y := 0; y < roi.h; y++ {
		for x := 0; x < roi.w; x++ {
			i := y*roi.w + x
			for k := 0; k < dirs; k += 2 {
				nx, ny := x+dirDX[k], y+dirDY[k]
				if nx < 0 || ny < 0 || nx >= roi.w || ny >= roi.h {
					continue
				}
				j := ny*roi.w + nx
				d2 := diff2(norm, nc, i, j)
				wgt := 0.0
				if t := int(beta * d2 * expSteps); t < len(decay) {
					wgt = decay[t]
				}
				if k >= 4 {
					wgt /= math.Sqrt2
				}
				if pr.inBox[i] != pr.inBox[j] {
					// A tight box touches the object: cutting along its
					// edge must not cost as much as an image boundary,
					// unless the same tissue carries on across it (see
					// leak.go), which is a neighbour the box cuts through.
					if !pr.noLeakCost && d2 < leakTolerance*leakTolerance*float64(nc) {
						wgt *= leakEdgeCost
					} else {
						wgt *= boxEdgeCut
					}
				}
				edge[i*dirs+k] = int32(wgt + 0.5)
			}
		}
	}
	return edge
}

// cut solves one graph cut for the given log-probabilities, writing the
// labelling and the clipped per-pixel log-likelihood ratio.
func (pr *problem) cut(g *gridFlow, edge []int32, prior []float64, lf, lb []float64, lab []bool, ratio []float64) {
	g.reset()
	for i := range lab {
		for k := 0; k < dirs; k += 2 {
			if c := edge[i*dirs+k]; c > 0 {
				g.setEdge(i, k, c)
			}
		}
		r := lf[pr.bins[i]] - lb[pr.bins[i]] + prior[i]
		if pr.priorD != nil {
			r += pr.shape(i)
		}
		if pr.prev != nil {
			if pr.prev[i] {
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

// boxPrior favours foreground toward the box centre, falling to zero on the
// inscribed ellipse and below it in the corners: where intensity cannot
// tell object from surroundings, a box still means "the object is here".
// A shape prior says where the object is better, so with one it is zero.
func (pr *problem) boxPrior() []float64 {
	roi := pr.roi
	out := grow(pr.buf.prior, roi.w*roi.h)
	pr.buf.prior = out
	box := pr.req.box
	if box == nil || pr.priorD != nil {
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
