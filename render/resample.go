package render

import "math"

// taps holds, per output coordinate, a run of source indices and weights
// (normalised to sum 1), so the separable filter is two tight loops.
type taps struct {
	start   []int32
	n       int // weights per output coordinate
	weights []float32
}

// catmullRom is the cubic convolution kernel (a = -0.5): sharp without
// visible ringing on CT edges, 4 taps when enlarging.
func catmullRom(x float64) float64 {
	x = math.Abs(x)
	switch {
	case x < 1:
		return (1.5*x-2.5)*x*x + 1
	case x < 2:
		return ((-0.5*x+2.5)*x-4)*x + 2
	}
	return 0
}

// makeTaps computes weights for out samples covering [a, b) of a source
// axis of length n; when shrinking, the kernel widens to average.
func makeTaps(n, out int, a, b float64) taps {
	scale := (b - a) / float64(out)
	support := 2.0
	if scale > 1 {
		support *= scale
	}
	width := min(n, int(math.Ceil(support))*2+1)
	t := taps{start: make([]int32, out), n: width, weights: make([]float32, out*width)}
	kscale := math.Max(scale, 1)
	for o := 0; o < out; o++ {
		c := a + (float64(o)+0.5)*scale - 0.5 // source pixel-centre coordinate
		first := int(math.Floor(c - support + 1))
		// Keep the whole run inside the source so loops need no bounds checks.
		first = max(0, min(first, n-width))
		t.start[o] = int32(first)
		w := t.weights[o*width : (o+1)*width]
		var sum float64
		for k := range w {
			s := first + k
			if s < 0 || s >= n {
				continue
			}
			v := catmullRom((float64(s) - c) / kscale)
			w[k] = float32(v)
			sum += v
		}
		if sum == 0 {
			// Far outside the source: repeat the nearest edge pixel.
			nearest := max(0, min(n-1, int(math.Floor(c+0.5)))) - first
			if nearest >= 0 && nearest < width {
				w[nearest] = 1
			}
			continue
		}
		for k := range w {
			w[k] = float32(float64(w[k]) / sum)
		}
	}
	return t
}

// resample scales a w x h plane (row-major) so that region maps onto an
// outW x outH plane, horizontally then vertically.
func resample(src []float32, w, h int, region Rect, outW, outH int) []float32 {
	tx := makeTaps(w, outW, region.X0, region.X1)
	ty := makeTaps(h, outH, region.Y0, region.Y1)
	// Only the source rows the vertical taps touch need the horizontal pass.
	rowLo, rowHi := h, 0
	for o := 0; o < outH; o++ {
		s := int(ty.start[o])
		rowLo = min(rowLo, s)
		rowHi = max(rowHi, min(h, s+ty.n))
	}
	mid := make([]float32, (rowHi-rowLo)*outW)
	for y := rowLo; y < rowHi; y++ {
		srow := src[y*w : (y+1)*w]
		drow := mid[(y-rowLo)*outW : (y-rowLo+1)*outW]
		for o := range drow {
			s := int(tx.start[o])
			ws := tx.weights[o*tx.n : (o+1)*tx.n]
			px := srow[s : s+len(ws)]
			var acc float32
			for k, wk := range ws {
				acc += wk * px[k]
			}
			drow[o] = acc
		}
	}
	dst := make([]float32, outW*outH)
	for o := 0; o < outH; o++ {
		s := int(ty.start[o]) - rowLo
		ws := ty.weights[o*ty.n : (o+1)*ty.n]
		drow := dst[o*outW : (o+1)*outW]
		for k, wk := range ws {
			if wk == 0 || s+k >= rowHi-rowLo {
				continue
			}
			mrow := mid[(s+k)*outW : (s+k+1)*outW]
			for x := range drow {
				drow[x] += wk * mrow[x]
			}
		}
	}
	return dst
}

// nearestIndex returns, for each of out samples covering [a, b) of an axis
// of length n, the source index (or -1 outside the source).
func nearestIndex(n, out int, a, b float64) []int32 {
	idx := make([]int32, out)
	scale := (b - a) / float64(out)
	for o := range idx {
		s := int(math.Floor(a + (float64(o)+0.5)*scale))
		if s < 0 || s >= n {
			s = -1
		}
		idx[o] = int32(s)
	}
	return idx
}

// resampleLabels scales a label plane nearest-neighbour; outside the
// source is 0.
func resampleLabels(src []uint16, w, h int, region Rect, outW, outH int) []uint16 {
	ix := nearestIndex(w, outW, region.X0, region.X1)
	iy := nearestIndex(h, outH, region.Y0, region.Y1)
	dst := make([]uint16, outW*outH)
	for y, sy := range iy {
		if sy < 0 {
			continue
		}
		srow := src[int(sy)*w : (int(sy)+1)*w]
		drow := dst[y*outW : (y+1)*outW]
		for x, sx := range ix {
			if sx >= 0 {
				drow[x] = srow[sx]
			}
		}
	}
	return dst
}
