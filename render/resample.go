package render

import "math"

// axis names one resampling problem: out samples covering [a, b) of a
// source axis of length n. Filter weights and nearest indices depend on
// nothing else, so a Composer keeps them while the axis stays the same.
type axis struct {
	n, out int
	a, b   float64
}

// taps holds, per output coordinate, a run of source indices and weights
// (normalised to sum 1), so the separable filter is two tight loops.
type taps struct {
	axis    axis
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

// makeTaps computes weights for ax, reusing t's slices; when shrinking,
// the kernel widens to average.
func (t *taps) make(ax axis) {
	if t.axis == ax && t.start != nil {
		return
	}
	n, out, a, b := ax.n, ax.out, ax.a, ax.b
	scale := (b - a) / float64(out)
	support := 2.0
	if scale > 1 {
		support *= scale
	}
	// An open interval of length 2*support holds at most ceil(2*support)
	// integers: exactly the taps with non-zero weight (4 when enlarging).
	width := min(n, int(math.Ceil(2*support)))
	t.axis, t.n = ax, width
	t.start = grow(t.start, out)
	t.weights = grow(t.weights, out*width)
	clear(t.weights)
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
}

// grow returns s resized to n, reallocating only when it is too small.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// resample scales the w-wide plane src with the filters tx (columns) and
// ty (rows) into dst (tx.axis.out x ty.axis.out), horizontally then
// vertically; mid is scratch, returned for reuse.
func resample(dst, src []float32, w int, tx, ty *taps, mid []float32) []float32 {
	outW, outH := tx.axis.out, ty.axis.out
	h := ty.axis.n
	// Only the source rows the vertical taps touch need the horizontal pass.
	rowLo, rowHi := h, 0
	for o := 0; o < outH; o++ {
		s := int(ty.start[o])
		rowLo = min(rowLo, s)
		rowHi = max(rowHi, min(h, s+ty.n))
	}
	mid = grow(mid, (rowHi-rowLo)*outW)
	for y := rowLo; y < rowHi; y++ {
		hpass(mid[(y-rowLo)*outW:(y-rowLo+1)*outW], src[y*w:(y+1)*w], tx)
	}
	for o := 0; o < outH; o++ {
		s := int(ty.start[o]) - rowLo
		vpass(dst[o*outW:(o+1)*outW], mid[s*outW:(s+ty.n)*outW], ty.weights[o*ty.n:(o+1)*ty.n])
	}
	return mid
}

// hpass filters one row. The sums run tap by tap from the first, the same
// order for every width, so results do not depend on the fast path taken.
func hpass(drow, srow []float32, t *taps) {
	if t.n == 4 {
		wts := t.weights[:4*len(drow)]
		starts := t.start[:len(drow)]
		for o, s := range starts {
			p := (*[4]float32)(srow[s:])
			wk := (*[4]float32)(wts[4*o:])
			drow[o] = wk[0]*p[0] + wk[1]*p[1] + wk[2]*p[2] + wk[3]*p[3]
		}
		return
	}
	n := t.n
	for o := range drow {
		s := int(t.start[o])
		px := srow[s : s+n]
		var acc float32
		for k, wk := range t.weights[o*n : (o+1)*n] {
			acc += wk * px[k]
		}
		drow[o] = acc
	}
}

// vpass writes drow as the weighted sum of the len(wts) rows stacked in
// rows (each len(drow) wide).
func vpass(drow, rows []float32, wts []float32) {
	w := len(drow)
	if len(wts) == 4 {
		r0, r1, r2, r3 := rows[:w], rows[w:2*w], rows[2*w:3*w], rows[3*w:4*w]
		w0, w1, w2, w3 := wts[0], wts[1], wts[2], wts[3]
		r1, r2, r3 = r1[:len(r0)], r2[:len(r0)], r3[:len(r0)] // one bounds check each, outside the loop
		drow = drow[:len(r0)]
		for x := range r0 {
			drow[x] = w0*r0[x] + w1*r1[x] + w2*r2[x] + w3*r3[x]
		}
		return
	}
	clear(drow)
	for k, wk := range wts {
		if wk == 0 {
			continue
		}
		r := rows[k*w : (k+1)*w]
		for x := range drow {
			drow[x] += wk * r[x]
		}
	}
}

// nearest holds, for each of the axis's out samples, the source index
// (-1 outside the source), and its inverse: first[s] is the first output
// sample whose index is >= s, for s in 0..n (first[n] ends the run).
type nearest struct {
	axis  axis
	idx   []int32 // ext[1 : out+1]
	ext   []int32 // idx with one more sample beyond each end of the frame
	first []int32
	out   bool // some samples fall outside the source
}

func (m *nearest) make(ax axis) {
	if m.axis == ax && m.idx != nil {
		return
	}
	m.axis = ax
	m.ext = grow(m.ext, ax.out+2)
	m.idx = m.ext[1 : ax.out+1]
	m.first = grow(m.first, ax.n+1)
	m.out = false
	scale := (ax.b - ax.a) / float64(ax.out)
	for o := range m.ext {
		s := int(math.Floor(ax.a + (float64(o-1)+0.5)*scale))
		if s < 0 || s >= ax.n {
			s = -1
			m.out = m.out || (o > 0 && o <= ax.out)
		}
		m.ext[o] = int32(s)
	}
	// Valid indices are non-decreasing and contiguous (outside only at the
	// ends), so one sweep inverts them.
	o := 0
	for o < ax.out && m.idx[o] < 0 {
		o++
	}
	for s := 0; s <= ax.n; s++ {
		for o < ax.out && m.idx[o] >= 0 && int(m.idx[o]) < s {
			o++
		}
		m.first[s] = int32(o)
	}
}
