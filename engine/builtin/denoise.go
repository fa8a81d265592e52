package builtin

import "math"

// The intensity models read a denoised image. A plain Gaussian blur also
// blurs edges: the one-pixel fat plane between two organs of equal density
// fades into them (the spleen and the stomach become one region), and
// the rim pixels of a small vessel take on the darker fat around it (a
// 13-pixel IVC loses a ring, about 15% of its Dice). The sigma filter
// averages only neighbours within a few noise deviations of the pixel, so
// it smooths noise like the blur inside a tissue and leaves steps between
// tissues alone.

// rangeDeviations is how far, in noise deviations, a neighbour may differ
// and still count as the same tissue: two deviations of the difference of
// two noisy pixels (2*sqrt(2)), which keeps about 95% of a tissue's own
// neighbours.
const rangeDeviations = 2 * math.Sqrt2

// minNoise is the noise floor (a fifth of an 8-bit grey level): a clean
// synthetic image still gets a usable range.
const minNoise = 0.2 / 255

// noiseBins resolves the median pixel difference in steps of 1/16384.
const noiseBins, noiseSpan = 4096, 0.25

// noiseSigma estimates the standard deviation of the pixel noise from the
// differences of horizontal neighbours: the mean absolute difference of the
// 90% smallest, so that edges (the largest differences) do not count. A
// median would be as robust, but on 8-bit images of smooth tissue most
// neighbours are equal and the median is zero. Pairs touching the
// channel's extremes are skipped: windowed air and bone saturate to flat
// areas with no noise at all.
func noiseSigma(c []float32, w, h int) float32 {
	lo, hi := c[0], c[0]
	for _, v := range c {
		lo, hi = min(lo, v), max(hi, v)
	}
	var counts [noiseBins]int32
	n := 0
	for y := 0; y < h; y += 2 { // every other row is plenty of pairs
		row := c[y*w : (y+1)*w]
		for x := 0; x+1 < w; x++ {
			a, b := row[x], row[x+1]
			if a == lo || a == hi || b == lo || b == hi {
				continue
			}
			counts[min(int(abs32(a-b)*(noiseBins/noiseSpan)), noiseBins-1)]++
			n++
		}
	}
	keep := int32(n * 9 / 10)
	if keep == 0 {
		return minNoise
	}
	sum, seen := 0.0, int32(0)
	for k, cnt := range counts {
		take := min(cnt, keep-seen)
		sum += float64(take) * (float64(k) + 0.5) * (noiseSpan / noiseBins)
		if seen += take; seen == keep {
			break
		}
	}
	// For d ~ N(0, 2s^2), the mean of |d| below its 90th percentile is
	// 2*(phi(0)-phi(1.645))/0.9 * sqrt(2)*s = 0.929*s.
	return max(float32(sum/float64(keep)/0.929), minNoise)
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

// sigmaFilter smooths src with the 5-tap binomial kernel along x, then
// along y, each pass averaging only the taps within rangeDeviations*sigma
// of the centre value.
func sigmaFilter(src []float32, w, h int, sigma float32) []float32 {
	tol := float32(rangeDeviations) * sigma
	tmp := make([]float32, len(src))
	for y := 0; y < h; y++ {
		row, out := src[y*w:(y+1)*w], tmp[y*w:(y+1)*w]
		for x := range row {
			if x >= 2 && x+2 < w {
				out[x] = rangeTap(row[x-2], row[x-1], row[x], row[x+1], row[x+2], tol)
			} else {
				at := func(i int) float32 { return row[min(max(i, 0), w-1)] }
				out[x] = rangeTap(at(x-2), at(x-1), row[x], at(x+1), at(x+2), tol)
			}
		}
	}
	// The vertical pass walks rows, not columns, to stay in cache.
	out := make([]float32, len(src))
	for y := 0; y < h; y++ {
		r := func(d int) []float32 { yy := min(max(y+d, 0), h-1); return tmp[yy*w : (yy+1)*w] }
		a, b, c, d, e := r(-2), r(-1), r(0), r(1), r(2)
		dst := out[y*w : (y+1)*w]
		for x := range dst {
			dst[x] = rangeTap(a[x], b[x], c[x], d[x], e[x], tol)
		}
	}
	return out
}

// rangeTap is one tap of sigmaFilter: the binomial mean of a..e (c the
// centre) over the values within tol of c.
func rangeTap(a, b, c, d, e, tol float32) float32 {
	sum, wsum := 6*c, float32(6)
	if a-c <= tol && c-a <= tol {
		sum, wsum = sum+a, wsum+1
	}
	if b-c <= tol && c-b <= tol {
		sum, wsum = sum+4*b, wsum+4
	}
	if d-c <= tol && c-d <= tol {
		sum, wsum = sum+4*d, wsum+4
	}
	if e-c <= tol && c-e <= tol {
		sum, wsum = sum+e, wsum+1
	}
	return sum / wsum
}
