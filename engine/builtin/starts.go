package builtin

import (
	"math"
	"sort"
)

// Grey foreground models are unimodal: an organ on CT is one tissue, and a
// histogram learned from a box would also learn the neighbours inside it
// (a kidney in the liver's box) and keep them through every refit.
const (
	maxStarts   = 3    // intensity modes of the box tried as the object
	minModeMass = 0.08 // a mode must hold this share of the box
	peakReach   = 3    // bins either side of a peak used to fit it
	minSigma    = 1.2  // bins; quantisation and noise floor
	sigmaWiden  = 2.0  // organs vary more across a slice than near the peak
)

// starts returns the foreground log-probability tables to try.
func (pr *problem) starts() [][]float64 {
	fg, _ := pr.initialModels()
	if pr.unimodalStart(0) {
		return [][]float64{pr.gaussian(fg, peakOf(fg))}
	}
	first := fg.logProb(pr.grey)
	if !pr.grey || pr.hasUserEvidence() {
		return [][]float64{first}
	}
	// Box only: the object is one of the box's dominant intensities; the
	// centre-weighted histogram's peak is the first guess, the others are
	// tried for crescents and rings whose centre is something else.
	box := newHistogram(pr.nbins)
	for i, b := range pr.bins {
		if pr.inBox[i] {
			box.add(int(b), 1)
		}
	}
	peaks := []int{peakOf(fg)}
	for _, p := range modes(box) {
		dup := false
		for _, q := range peaks {
			dup = dup || abs(p-q) <= peakReach
		}
		if !dup && len(peaks) < maxStarts+1 {
			peaks = append(peaks, p)
		}
	}
	out := [][]float64{first}
	for _, p := range peaks {
		out = append(out, pr.gaussian(box, p))
	}
	return out
}

// unimodalStart says whether start k's object model is one tissue and
// stays so when refitted: the box modes after the first, and a grey
// prior's, whose core also covers what took the organ's place where it
// narrows (the model is its dominant tissue, the organ's).
func (pr *problem) unimodalStart(k int) bool {
	return k > 0 || pr.priorD != nil && pr.grey
}

func (pr *problem) hasUserEvidence() bool {
	return pr.req.prev != nil || pr.req.prior != nil || pr.req.hasPositive()
}

// refitLog re-estimates the models from a labelling.
func (pr *problem) refitLog(lab []bool, unimodal bool) ([]float64, histogram) {
	fg, bg := pr.refit(lab)
	if !unimodal {
		return fg.logProb(pr.grey), bg
	}
	return pr.gaussian(fg, peakOf(fg)), bg
}

// gaussian fits a normal distribution to the histogram mass near peak and
// returns per-bin log-probabilities, with a small uniform floor.
func (pr *problem) gaussian(h histogram, peak int) []float64 {
	sw, sm := 0.0, 0.0
	for b := max(peak-peakReach, 0); b <= min(peak+peakReach, len(h.w)-1); b++ {
		sw += h.w[b]
		sm += h.w[b] * (float64(b) + 0.5)
	}
	mu := float64(peak) + 0.5
	if sw > 0 {
		mu = sm / sw
	}
	sv := 0.0
	for b := max(peak-peakReach, 0); b <= min(peak+peakReach, len(h.w)-1); b++ {
		d := float64(b) + 0.5 - mu
		sv += h.w[b] * d * d
	}
	sigma := minSigma
	if sw > 0 {
		sigma = math.Max(minSigma, sigmaWiden*math.Sqrt(sv/sw))
	}
	out := make([]float64, len(h.w))
	total := 0.0
	for b := range out {
		d := (float64(b) + 0.5 - mu) / sigma
		out[b] = math.Exp(-d * d / 2)
		total += out[b]
	}
	u := 1 / float64(len(out))
	for b, v := range out {
		out[b] = math.Log(0.98*v/total + 0.02*u)
	}
	return out
}

// peakOf returns the bin of a histogram's largest lightly smoothed value.
func peakOf(h histogram) int {
	best, bestV := 0, -1.0
	for b := range h.w {
		v := h.w[b]
		if b > 0 {
			v += 0.5 * h.w[b-1]
		}
		if b+1 < len(h.w) {
			v += 0.5 * h.w[b+1]
		}
		if v > bestV {
			best, bestV = b, v
		}
	}
	return best
}

// modes lists a histogram's local maxima holding at least minModeMass of
// its total (within peakReach bins), largest first.
func modes(h histogram) []int {
	total := h.total()
	type mode struct {
		bin  int
		mass float64
	}
	var ms []mode
	for b := range h.w {
		isMax := true
		for d := -peakReach; d <= peakReach && isMax; d++ {
			if d != 0 && b+d >= 0 && b+d < len(h.w) && (h.w[b+d] > h.w[b] || (h.w[b+d] == h.w[b] && d < 0)) {
				isMax = false
			}
		}
		if !isMax || h.w[b] == 0 {
			continue
		}
		m := 0.0
		for d := -peakReach; d <= peakReach; d++ {
			if b+d >= 0 && b+d < len(h.w) {
				m += h.w[b+d]
			}
		}
		if m >= minModeMass*total {
			ms = append(ms, mode{b, m})
		}
	}
	sort.Slice(ms, func(a, b int) bool { return ms[a].mass > ms[b].mass })
	out := make([]int, len(ms))
	for i, m := range ms {
		out[i] = m.bin
	}
	return out
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
