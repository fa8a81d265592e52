package builtin

import (
	"context"
	"math"
)

// leakWeight is how much a hypothesis loses for running out of the box.
const leakWeight = 0.5

// candidate is one segmentation hypothesis, the models that produced it and
// how well it fits the prompt.
type candidate struct {
	lab      []bool
	ratio    []float64
	fg, bg   []float64 // log-probabilities of the last cut
	unimodal bool
	score    float64
}

// search runs the iterated graph cut from each starting model and returns
// the hypothesis that best fits the prompt. Its lab and ratio live in the
// level's buffers.
func (pr *problem) search(ctx context.Context) (*candidate, error) {
	n := pr.roi.w * pr.roi.h
	edge := pr.edges()
	prior := pr.boxPrior()
	g := pr.buf.flowFor(pr.roi.w, pr.roi.h)
	for k := range pr.buf.labs {
		pr.buf.labs[k] = grow(pr.buf.labs[k], n)
		pr.buf.ratios[k] = grow(pr.buf.ratios[k], n)
	}
	var best *candidate
	slot, bestSlot := 0, 0
	_, bg0 := pr.initialModels()
	for k, fg := range pr.starts() {
		// Start 0 is the histogram model (any shape of distribution); the
		// others are unimodal and stay unimodal when refitted.
		c := &candidate{lab: pr.buf.labs[slot], ratio: pr.buf.ratios[slot], unimodal: pr.unimodalStart(k)}
		bg := bg0
		for it := 0; it < iterations; it++ {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			c.fg, c.bg = fg, bg.logProb(pr.grey)
			pr.cut(g, edge, prior, c.fg, c.bg, c.lab, c.ratio)
			if it+1 < iterations {
				fg, bg = pr.refitLog(c.lab, c.unimodal)
			}
		}
		pr.saveRaw(slot, c.lab)
		pr.finish(c.lab, c.ratio)
		c.score = pr.fit(c.lab, c.ratio) * (1 - pr.marginMatch(c.fg)) * (1 - leakWeight*pr.leakShare(c.lab))
		if c.unimodal {
			c.score *= unimodalPreference
		}
		if best == nil || c.score > best.score {
			best, bestSlot = c, slot
			slot = 1 - slot // keep the winner's buffers, write the next into the other
		}
	}
	pr.preferParts(best.lab, best.ratio, pr.buf.raws[bestSlot])
	return best, nil
}

// final cuts this level once with models found on a coarser one.
func (pr *problem) final(ctx context.Context, c *candidate) ([]bool, []float64, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	n := pr.roi.w * pr.roi.h
	edge := pr.edges()
	prior := pr.boxPrior()
	g := pr.buf.flowFor(pr.roi.w, pr.roi.h)
	lab, ratio := grow(pr.buf.labs[0], n), grow(pr.buf.ratios[0], n)
	pr.buf.labs[0], pr.buf.ratios[0] = lab, ratio
	pr.cut(g, edge, prior, c.fg, c.bg, lab, ratio)
	pr.saveRaw(0, lab)
	pr.finish(lab, ratio)
	pr.preferParts(lab, ratio, pr.buf.raws[0])
	return lab, ratio, nil
}

// finish keeps the components the prompt points at and fills holes.
func (pr *problem) finish(lab []bool, ratio []float64) {
	if pos := pr.positiveIndices(); pr.priorD != nil && len(pos) == 0 {
		pr.keepPriorComponents(lab)
	} else {
		keepComponents(pr.comp, lab, ratio, pr.roi.w, pr.roi.h, pos)
	}
	fillHoles(pr.comp, lab, pr.roi.w, pr.roi.h)
}

// saveRaw keeps a cut's labelling before component selection.
func (pr *problem) saveRaw(slot int, lab []bool) {
	pr.buf.raws[slot] = append(pr.buf.raws[slot][:0], lab...)
}

// preferParts replaces lab, a single region, by the set of regions of the
// raw cut that together fit the box better, if there is one.
func (pr *problem) preferParts(lab []bool, ratio []float64, raw []bool) {
	if pr.req.box == nil || pr.priorD != nil || len(pr.positiveIndices()) > 0 {
		return
	}
	pr.keepBoxParts(raw, ratio)
	fillHoles(pr.comp, raw, pr.roi.w, pr.roi.h)
	if pr.fit(raw, ratio) > pr.fit(lab, ratio) {
		copy(lab, raw)
	}
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
