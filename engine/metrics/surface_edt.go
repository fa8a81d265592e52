package metrics

import "math"

// edt returns, for every point of an N-D grid (axis 0 fastest), the
// Euclidean distance in mm to the nearest feature point, or +Inf when the
// grid has none. It is exact, not a chamfer approximation: the separable
// lower-envelope-of-parabolas algorithm (Felzenszwalb and Huttenlocher;
// Meijster et al.) run once per axis with that axis's spacing.
//
// Alongside squared distances it carries each point's nearest feature, and
// the final distance is recomputed from that feature's offset as
// sqrt(sum((d_a*s_a)^2)) in axis order, the arithmetic of
// scipy.ndimage.distance_transform_edt, so a surfel lying exactly at the
// tolerance is classified the same way as in the official script.
func edt(feature []bool, dims []int, spacing []float64) []float64 {
	n := len(feature)
	sq := make([]float64, n)
	near := make([]int32, n)
	any := false
	for i, f := range feature {
		if f {
			near[i] = int32(i)
			any = true
		} else {
			sq[i] = math.Inf(1)
			near[i] = -1
		}
	}
	out := make([]float64, n)
	if !any {
		for i := range out {
			out[i] = math.Inf(1)
		}
		return out
	}
	strides := make([]int, len(dims))
	stride := 1
	for a, d := range dims {
		strides[a] = stride
		stride *= d
	}
	maxLen := 0
	for _, d := range dims {
		maxLen = max(maxLen, d)
	}
	lw := newLineWork(maxLen)
	for a, d := range dims {
		st := strides[a]
		// Every point whose coordinate along a is 0 starts one line.
		for start := 0; start < n; start++ {
			if (start/st)%d != 0 {
				continue
			}
			lw.run(sq, near, start, st, d, spacing[a], math.Inf(1))
		}
	}
	for i := range out {
		p := near[i]
		if p < 0 {
			out[i] = math.Inf(1)
			continue
		}
		var sum float64
		for a, d := range dims {
			ci := (i / strides[a]) % d
			cp := (int(p) / strides[a]) % d
			v := float64(ci-cp) * spacing[a]
			sum += v * v
		}
		out[i] = math.Sqrt(sum)
	}
	return out
}

// lineWork holds the per-line buffers of the 1-D transform, reused across lines.
type lineWork struct {
	f   []float64
	idx []int32
	v   []int     // positions of the parabolas in the lower envelope
	z   []float64 // boundaries between them
}

func newLineWork(n int) *lineWork {
	return &lineWork{
		f: make([]float64, n), idx: make([]int32, n),
		v: make([]int, n), z: make([]float64, n+1),
	}
}

// run transforms one line of length d starting at start with step st:
// sq[q] <- min_p (s*(q-p))^2 + sq[p], carrying the nearest feature along.
// Points whose result exceeds limit are left unreached (+Inf, -1): a caller
// that only asks "within the tolerance?" never follows them further.
func (w *lineWork) run(sq []float64, near []int32, start, st, d int, s, limit float64) {
	f, idx := w.f[:d], w.idx[:d]
	k, first, last := -1, 0, 0
	for q := 0; q < d; q++ {
		f[q] = sq[start+q*st]
		idx[q] = near[start+q*st]
		if math.IsInf(f[q], 1) {
			continue // no feature reachable through this point yet
		}
		last = q
		xq := float64(q) * s
		if k < 0 {
			first = q
			k = 0
			w.v[0] = q
			w.z[0] = math.Inf(-1)
			w.z[1] = math.Inf(1)
			continue
		}
		// z[0] is -Inf, so the envelope never empties.
		var b float64
		for {
			p := w.v[k]
			xp := float64(p) * s
			b = ((f[q] + xq*xq) - (f[p] + xp*xp)) / (2 * (xq - xp))
			if b > w.z[k] {
				break
			}
			k--
		}
		k++
		w.v[k] = q
		w.z[k] = b
		w.z[k+1] = math.Inf(1)
	}
	if k < 0 {
		return // the whole line stays at +Inf
	}
	// f and idx are copies, so the line is written in place. A point more
	// than the limit's distance along the line from every reached point
	// stays unreached, as it was: only the span around them is visited.
	lo, hi := 0, d
	if reach := math.Sqrt(limit) / s; reach < float64(d) {
		r := int(reach) + 1
		lo, hi = max(0, first-r), min(d, last+r+1)
	}
	j := 0
	for q := lo; q < hi; q++ {
		x := float64(q) * s
		for w.z[j+1] < x {
			j++
		}
		p := w.v[j]
		dx := x - float64(p)*s
		if v := dx*dx + f[p]; v <= limit {
			sq[start+q*st], near[start+q*st] = v, idx[p]
		} else {
			sq[start+q*st], near[start+q*st] = math.Inf(1), -1
		}
	}
}

// DistanceTransform returns each grid point's exact Euclidean distance (in
// the units of spacing) to the nearest feature point, +Inf when there is
// none. The grid is axis 0 fastest, dims and spacing one entry per axis.
func DistanceTransform(feature []bool, dims []int, spacing []float64) []float64 {
	return edt(feature, dims, spacing)
}
