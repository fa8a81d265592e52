package builtin

// The model search (several starting models, each refitted a few times)
// dominates a decode. For a large object it runs on a block-averaged copy
// of the region, where an organ a few hundred pixels wide is still tens of
// pixels wide, and only the chosen models are cut at full resolution.
const (
	coarseMinSide = 40 // the object's short side must stay this wide when shrunk
	maxCoarse     = 4
)

// coarseFactor is how many slice pixels one coarse pixel spans per axis.
func coarseFactor(req request, roi rect) int {
	side := min(roi.w, roi.h) / 2 // a click's window is about twice its object
	switch {
	case req.box != nil:
		side = min(req.box.w, req.box.h)
	case req.prior != nil:
		side = min(req.priorBox.w, req.priorBox.h)
	}
	return min(max(side/coarseMinSide, 1), maxCoarse)
}

// downsample builds the coarse level of roi: block means of the channels,
// and the prompt in coarse pixels. The embedding and the previous mask live
// in ws.
func downsample(ws *workspace, e *embedding, req request, roi rect, f int) (*embedding, request) {
	cw, ch := (roi.w+f-1)/f, (roi.h+f-1)/f
	ce := &ws.coarseEmb
	ce.w, ce.h, ce.spacing = cw, ch, [2]float64{e.spacing[0] * float64(f), e.spacing[1] * float64(f)}
	for len(ce.chans) < len(e.chans) {
		ce.chans = append(ce.chans, nil)
	}
	ce.chans = ce.chans[:len(e.chans)]
	for c, src := range e.chans {
		ce.chans[c] = grow(ce.chans[c], cw*ch)
		blockMean(ce.chans[c], src, e.w, roi, f)
	}
	ce.sharp = ce.chans // block means are smoother than either
	ce.noise = ce.noise[:0]
	for _, s := range e.noise {
		ce.noise = append(ce.noise, s/float32(f)) // a mean of f*f pixels
	}
	var cr request
	if b := req.box; b != nil {
		x0, y0 := (b.x0-roi.x0)/f, (b.y0-roi.y0)/f
		x1, y1 := (b.x0+b.w-1-roi.x0)/f, (b.y0+b.h-1-roi.y0)/f
		cr.box = &rect{x0, y0, x1 - x0 + 1, y1 - y0 + 1}
	}
	for _, s := range req.seeds {
		if roi.contains(s.x, s.y) {
			cr.seeds = append(cr.seeds, seed{(s.x - roi.x0) / f, (s.y - roi.y0) / f, s.positive})
		}
	}
	if req.prev != nil {
		ws.coarsePrev = majority(grow(ws.coarsePrev, cw*ch), req.prev, e.w, roi, f)
		cr.prev = ws.coarsePrev
	}
	if req.prior != nil {
		ws.coarsePrior = majority(grow(ws.coarsePrior, cw*ch), req.prior, e.w, roi, f)
		cr.prior, cr.priorReach = ws.coarsePrior, req.priorReach
	}
	return ce, cr
}

// majority shrinks the roi part of a mask (row stride w) by f: a coarse
// pixel is set when most of its block is.
func majority(dst, m []bool, w int, roi rect, f int) []bool {
	cw, ch := (roi.w+f-1)/f, (roi.h+f-1)/f
	for cy := 0; cy < ch; cy++ {
		for cx := 0; cx < cw; cx++ {
			in, all := 0, 0
			for y := roi.y0 + cy*f; y < min(roi.y0+(cy+1)*f, roi.y0+roi.h); y++ {
				for x := roi.x0 + cx*f; x < min(roi.x0+(cx+1)*f, roi.x0+roi.w); x++ {
					all++
					if m[y*w+x] {
						in++
					}
				}
			}
			dst[cy*cw+cx] = 2*in >= all
		}
	}
	return dst
}
