package builtin

import "math"

// problem is one decode at one resolution, restricted to a region of
// interest of the embedding it reads.
type problem struct {
	e      *embedding
	req    request // in e's pixels
	roi    rect
	b      binner
	scale  int // pixels of the slice per pixel of e along each axis
	buf    *levelBufs
	comp   *compScratch
	bins   []int32 // per ROI pixel
	nbins  int
	grey   bool
	hardFG []bool // per ROI pixel
	hardBG []bool
	inBox  []bool
	prev   []bool // previous mask per ROI pixel, nil without one
	// priorD is the signed distance in slice pixels from the prior's
	// outline per ROI pixel (positive inside), nil without a prior.
	priorD []float32
	// noLeakCost makes every cut along the box edge cheap: the fallback
	// when the box lies inside one uniform region.
	noLeakCost bool
}

func newProblem(e *embedding, req request, roi rect, b binner, scale int, buf *levelBufs, comp *compScratch) *problem {
	n := roi.w * roi.h
	pr := &problem{e: e, req: req, roi: roi, b: b, scale: scale, buf: buf, comp: comp,
		bins: grow(buf.bins, n), hardFG: grow(buf.hardFG, n), hardBG: grow(buf.hardBG, n),
		inBox: grow(buf.box, n), grey: len(e.chans) == 1, nbins: b.bins()}
	buf.bins, buf.hardFG, buf.hardBG, buf.box = pr.bins, pr.hardFG, pr.hardBG, pr.inBox
	if req.prev != nil {
		pr.prev = grow(buf.prev, n)
		buf.prev = pr.prev
		for y := 0; y < roi.h; y++ {
			copy(pr.prev[y*roi.w:(y+1)*roi.w], req.prev[(roi.y0+y)*e.w+roi.x0:])
		}
	}
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
	if req.prior != nil {
		pr.setPrior()
	}
	for _, s := range req.seeds {
		pr.disc(s.x, s.y, pr.forcedRadius(), func(i int) {
			if s.positive {
				pr.hardFG[i], pr.hardBG[i] = true, false
			} else {
				pr.hardBG[i], pr.hardFG[i] = true, false
			}
		})
	}
	return pr
}

// forcedRadius is the click's forced disc in this level's pixels.
func (pr *problem) forcedRadius() int { return max(seedRadius/pr.scale, 0) }

// clickModelRadius is the click's model disc in this level's pixels.
func (pr *problem) clickModelRadius() int { return max(modelRadius/pr.scale, 1) }

// disc calls f for every ROI pixel within r of pixel (cx, cy) of e.
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

// clickModels adds each click's neighbourhood to the model of its sign:
// a click is a strong statement about one intensity, so it weighs like a
// sizeable region.
func (pr *problem) clickModels(fg, bg histogram) {
	wgt := 4.0 * float64(pr.scale*pr.scale)
	for _, s := range pr.req.seeds {
		h := bg
		if s.positive {
			h = fg
		}
		pr.disc(s.x, s.y, pr.clickModelRadius(), func(i int) { h.add(int(pr.bins[i]), wgt) })
	}
}

// initialModels builds the first foreground and background histograms from
// the prompt: clicks, the previous mask, and either the prior (inside and
// around it) or the box interior weighted toward its centre (a tight box
// is mostly object there) and the margin outside.
func (pr *problem) initialModels() (fg, bg histogram) {
	fg, bg = newHistogram(pr.nbins), newHistogram(pr.nbins)
	roi := pr.roi
	if pr.priorD != nil {
		pr.priorModels(fg, bg)
	} else if box := pr.req.box; box != nil {
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
	for i, v := range pr.prev {
		if v {
			fg.add(int(pr.bins[i]), 1)
		}
	}
	pr.clickModels(fg, bg)
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
	pr.clickModels(fg, bg)
	return fg, bg
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
