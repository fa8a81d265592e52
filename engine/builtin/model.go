package builtin

import "math"

// binner quantises the denoised channels inside the region of interest.
// Ranges come from the region's own robust percentiles, so a low-contrast
// image (an 8-bit PNG exported with a wide window) still spreads its organs
// over many bins.
type binner struct {
	levels int
	lo, hi []float32
}

func newBinner(e *embedding, r rect, counts *[percentileBins]int32) binner {
	b := binner{levels: 48}
	if len(e.chans) == 3 {
		b.levels = 10
	}
	for _, c := range e.chans {
		lo, hi := percentiles(c, e.w, r, counts)
		if hi-lo < 1e-6 {
			hi = lo + 1e-6
		}
		b.lo, b.hi = append(b.lo, lo), append(b.hi, hi)
	}
	return b
}

// percentileBins is the resolution of the 1st/99th percentile estimate: a
// counting pass instead of a sort of every pixel in the region.
const percentileBins = 4096

// percentiles returns the 1st and 99th percentiles of c inside r.
func percentiles(c []float32, stride int, r rect, counts *[percentileBins]int32) (lo, hi float32) {
	mn, mx := float32(math.Inf(1)), float32(math.Inf(-1))
	for y := r.y0; y < r.y0+r.h; y++ {
		for _, v := range c[y*stride+r.x0 : y*stride+r.x0+r.w] {
			mn, mx = min(mn, v), max(mx, v)
		}
	}
	if !(mx > mn) {
		return mn, mn
	}
	clear(counts[:])
	scale := float32(percentileBins) / (mx - mn)
	for y := r.y0; y < r.y0+r.h; y++ {
		for _, v := range c[y*stride+r.x0 : y*stride+r.x0+r.w] {
			counts[min(int((v-mn)*scale), percentileBins-1)]++
		}
	}
	n := r.w * r.h
	skip := int32(n / 100)
	width := (mx - mn) / percentileBins
	seen := int32(0)
	lo, hi = mn, mx
	for k, cnt := range counts {
		if seen+cnt > skip {
			lo = mn + float32(k)*width
			break
		}
		seen += cnt
	}
	seen = 0
	for k := percentileBins - 1; k >= 0; k-- {
		if seen+counts[k] > skip {
			hi = mn + float32(k+1)*width
			break
		}
		seen += counts[k]
	}
	return lo, hi
}

func (b binner) bins() int {
	n := 1
	for range b.lo {
		n *= b.levels
	}
	return n
}

func (b binner) bin(e *embedding, i int) int {
	idx := 0
	for c, ch := range e.chans {
		q := int(float32(b.levels) * (ch[i] - b.lo[c]) / (b.hi[c] - b.lo[c]))
		idx = idx*b.levels + min(max(q, 0), b.levels-1)
	}
	return idx
}

// histogram is a weighted intensity histogram turned into log-probabilities.
type histogram struct {
	w []float64
}

func newHistogram(n int) histogram { return histogram{w: make([]float64, n)} }

func (h histogram) add(bin int, weight float64) { h.w[bin] += weight }

func (h histogram) total() float64 {
	s := 0.0
	for _, v := range h.w {
		s += v
	}
	return s
}

// logProb smooths neighbouring bins (grey only: in 3-D colour bins
// neighbours are not adjacent in the array) and mixes in a little of the
// uniform distribution so unseen intensities are unlikely, not impossible.
func (h histogram) logProb(smooth bool) []float64 {
	p := append([]float64(nil), h.w...)
	if smooth {
		for pass := 0; pass < 2; pass++ {
			q := make([]float64, len(p))
			for i := range p {
				q[i] = 0.5 * p[i]
				if i > 0 {
					q[i] += 0.25 * p[i-1]
				} else {
					q[i] += 0.25 * p[i]
				}
				if i+1 < len(p) {
					q[i] += 0.25 * p[i+1]
				} else {
					q[i] += 0.25 * p[i]
				}
			}
			p = q
		}
	}
	s := 0.0
	for _, v := range p {
		s += v
	}
	out := make([]float64, len(p))
	u := 1 / float64(len(p))
	for i, v := range p {
		pr := u
		if s > 0 {
			pr = 0.98*v/s + 0.02*u
		}
		out[i] = math.Log(pr)
	}
	return out
}
