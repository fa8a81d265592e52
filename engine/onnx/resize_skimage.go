package onnx

import (
	"math"
	"runtime"
	"sync"
)

// resizeSkimage resizes interleaved RGB bytes (w x h) to nw x nh as
// MedSAM_Inference.py does: skimage.transform.resize(img, (nh, nw),
// order=3, preserve_range=True, anti_aliasing=True).astype(np.uint8).
// That is a Gaussian blur (sigma (factor-1)/2, only along axes that
// shrink), scipy.ndimage.zoom with a cubic B-spline (mirror boundary,
// half-pixel grid), a clip to the input's range and truncation. The steps
// and their order of floating-point operations follow SciPy 1.10 (Debian
// 12), so the bytes come out equal; a bilinear resize instead left a MedSAM
// export's masks at IoU 0.996..0.999 with the script's. The float64()
// conversions keep Go from fusing a multiply and an add, which SciPy's C
// build does not do either.
func resizeSkimage(src []uint8, w, h, nw, nh int) []uint8 {
	dims := [3]int{h, w, 3}
	img := make([]float64, len(src))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, v := range src {
		img[i] = float64(v)
		lo, hi = min(lo, img[i]), max(hi, img[i])
	}
	for axis, f := range [2]float64{float64(h) / float64(nh), float64(w) / float64(nw)} {
		if sigma := max(0, (f-1)/2); sigma > 1e-15 {
			gaussian1D(img, dims, axis, sigma)
		}
	}
	for axis := range dims {
		splineFilter1D(img, dims, axis)
	}
	out := make([]uint8, 3*nw*nh)
	zoomCubic(img, dims, nh, nw, func(i int, v float64) {
		out[i] = uint8(min(max(v, lo), hi)) // _clip_warp_output, then astype(uint8)
	})
	return out
}

// axisLines calls fn for every line along axis of a row-major array with
// dims, giving the index of its first element and the stride.
func axisLines(dims [3]int, axis int, fn func(start, stride int)) {
	strides := [3]int{dims[1] * dims[2], dims[2], 1}
	for i := 0; i < dims[0]; i++ {
		for j := 0; j < dims[1]; j++ {
			for k := 0; k < dims[2]; k++ {
				idx := [3]int{i, j, k}
				if idx[axis] != 0 {
					continue
				}
				fn(i*strides[0]+j*strides[1]+k, strides[axis])
			}
		}
	}
}

// splineZ is the cubic B-spline's filter pole, sqrt(3) - 2.
const splineZ = -0.267949192431122706472553658494127633

// splineFilter1D turns samples into cubic B-spline coefficients along one
// axis (scipy ni_splines.c apply_filter, mirror boundary), in place.
func splineFilter1D(a []float64, dims [3]int, axis int) {
	n := dims[axis]
	if n <= 1 {
		return
	}
	c := make([]float64, n)
	z := splineZ
	gain := (1.0 - z) * (1.0 - 1.0/z)
	zn1 := math.Pow(z, float64(n-1))
	axisLines(dims, axis, func(start, stride int) {
		for i := range c {
			c[i] = float64(a[start+i*stride] * gain)
		}
		// causal initialisation (mirror)
		c[0] = c[0] + float64(zn1*c[n-1])
		zi := z
		for i := 1; i < n-1; i++ {
			c[0] += float64(zi * (c[i] + float64(zn1*c[n-1-i])))
			zi *= z
		}
		c[0] /= 1 - float64(zn1*zn1)
		for i := 1; i < n; i++ {
			c[i] += float64(z * c[i-1])
		}
		// anticausal initialisation (mirror)
		c[n-1] = (float64(z*c[n-2]) + c[n-1]) * z / (float64(z*z) - 1)
		for i := n - 2; i >= 0; i-- {
			c[i] = z * (c[i+1] - c[i])
		}
		for i, v := range c {
			a[start+i*stride] = v
		}
	})
}

// mirrorIndex maps an index outside 0..n-1 back inside, mirroring about the
// end samples without repeating them (ndimage's 'mirror').
func mirrorIndex(idx, n int) int {
	if n <= 1 {
		return 0
	}
	s2 := 2*n - 2
	if idx < 0 {
		idx = s2*(-idx/s2) + idx
		if idx <= 1-n {
			return idx + s2
		}
		return -idx
	}
	if idx >= n {
		idx -= s2 * (idx / s2)
		if idx >= n {
			idx = s2 - idx
		}
	}
	return idx
}

// mirrorCoord is ndimage's map_coordinate for mirror mode.
func mirrorCoord(in float64, n int) float64 {
	if n <= 1 {
		return 0
	}
	s2 := float64(2*n - 2)
	if in < 0 {
		in = s2*float64(int64(-in/s2)) + in
		if in <= float64(1-n) {
			return in + s2
		}
		return -in
	}
	if in > float64(n-1) {
		in -= s2 * float64(int64(in/s2))
		if in >= float64(n) {
			in = s2 - in
		}
	}
	return in
}

// cubicTaps are one output index's four source indices and weights.
type cubicTaps struct {
	idx [4]int
	w   [4]float64
}

func cubicAxis(in, out int) []cubicTaps {
	zoom := float64(in) / float64(out)
	taps := make([]cubicTaps, out)
	for k := range taps {
		cc := (float64(k) + 0.5) * zoom
		cc -= 0.5
		taps[k] = cubicAt(mirrorCoord(cc, in), in)
	}
	return taps
}

// cubicAt is the cubic B-spline's taps at source position cc
// (get_spline_interpolation_weights, order 3), mirrored at the ends.
func cubicAt(cc float64, in int) cubicTaps {
	var t cubicTaps
	start := int(math.Floor(cc)) - 1
	x := cc - math.Floor(cc)
	y, z := x, 1.0-x
	t.w[1] = (float64(y*y*(y-2.0)*3.0) + 4.0) / 6.0
	t.w[2] = (float64(z*z*(z-2.0)*3.0) + 4.0) / 6.0
	t.w[0] = z * z * z / 6.0
	t.w[3] = 1.0
	for i := 0; i < 3; i++ {
		t.w[3] -= t.w[i]
	}
	for i := range t.idx {
		t.idx[i] = mirrorIndex(start+i, in)
	}
	return t
}

// zoomCubic evaluates the B-spline coefficients a (dims h x w x 3) on an
// nh x nw x 3 half-pixel grid, as ndimage's zoom: each value is the sum
// over the 4x4x4 taps, term by term, of ((a*wy)*wx)*wc. That order only
// matters where the value is within rounding of an integer (flat regions),
// since the caller truncates: elsewhere a separable sum, six times fewer
// operations, gives the same byte; near an integer the value is summed
// again in ndimage's order. Rows are split across the cores.
func zoomCubic(a []float64, dims [3]int, nh, nw int, set func(i int, v float64)) {
	ys, xs, cs := cubicAxis(dims[0], nh), cubicAxis(dims[1], nw), cubicAxis(3, 3)
	w := dims[1]
	exact := func(ty, tx *cubicTaps, tc *cubicTaps) float64 {
		t := 0.0
		for i := 0; i < 4; i++ {
			row := ty.idx[i] * w
			for j := 0; j < 4; j++ {
				base := 3 * (row + tx.idx[j])
				for k := 0; k < 4; k++ {
					t += float64(float64(float64(a[base+tc.idx[k]]*ty.w[i])*tx.w[j]) * tc.w[k])
				}
			}
		}
		return t
	}
	rows := func(y0, y1 int) {
		col := make([]float64, 3*w) // the row oy, interpolated vertically
		for oy := y0; oy < y1; oy++ {
			ty := &ys[oy]
			clear(col)
			for i := 0; i < 4; i++ {
				src := a[3*ty.idx[i]*w : 3*(ty.idx[i]+1)*w]
				for x, v := range src {
					col[x] += v * ty.w[i]
				}
			}
			for ox := range xs {
				tx := &xs[ox]
				var u [3]float64
				for j := 0; j < 4; j++ {
					o := 3 * tx.idx[j]
					u[0] += col[o] * tx.w[j]
					u[1] += col[o+1] * tx.w[j]
					u[2] += col[o+2] * tx.w[j]
				}
				for oc := range cs {
					tc := &cs[oc]
					v := u[tc.idx[0]]*tc.w[0] + u[tc.idx[1]]*tc.w[1] + u[tc.idx[2]]*tc.w[2] + u[tc.idx[3]]*tc.w[3]
					if math.Abs(v-math.Round(v)) < 1e-7 {
						v = exact(ty, tx, tc)
					}
					set(3*(oy*nw+ox)+oc, v)
				}
			}
		}
	}
	parallelRows(nh, rows)
}

// parallelRows splits 0..n into one block per core.
func parallelRows(n int, fn func(y0, y1 int)) {
	workers := min(runtime.GOMAXPROCS(0), max(n/16, 1))
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		y0, y1 := n*k/workers, n*(k+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(y0, y1)
		}()
	}
	wg.Wait()
}

// gaussian1D blurs along one axis as scipy.ndimage.gaussian_filter1d
// (truncate 4, mirror boundary), in place.
func gaussian1D(a []float64, dims [3]int, axis int, sigma float64) {
	radius := int(4*sigma + 0.5)
	k := make([]float64, 2*radius+1)
	for i := range k {
		x := float64(i - radius)
		k[i] = math.Exp(-0.5 / (sigma * sigma) * (x * x))
	}
	sum := numpySum(k)
	for i := range k {
		k[i] /= sum
	}
	n := dims[axis]
	line := make([]float64, n)
	axisLines(dims, axis, func(start, stride int) {
		for i := range line {
			line[i] = a[start+i*stride]
		}
		at := func(i int) float64 { return line[mirrorIndex(i, n)] }
		for l := 0; l < n; l++ {
			v := float64(line[l] * k[radius])
			for j := -radius; j < 0; j++ {
				v += float64((at(l+j) + at(l-j)) * k[radius+j])
			}
			a[start+l*stride] = v
		}
	})
}

// numpySum adds as numpy's pairwise sum does for up to 128 values.
func numpySum(a []float64) float64 {
	if len(a) < 8 {
		s := 0.0
		for _, v := range a {
			s += v
		}
		return s
	}
	var r [8]float64
	copy(r[:], a[:8])
	i := 8
	for ; i < len(a)-len(a)%8; i += 8 {
		for j := range r {
			r[j] += a[i+j]
		}
	}
	s := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
	for ; i < len(a); i++ {
		s += a[i]
	}
	return s
}
