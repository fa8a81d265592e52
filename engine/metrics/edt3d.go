package metrics

import "math"

// featureTransform3 returns, for every corner of an m-sized grid (i
// fastest), the index of its nearest border corner (codes neither 0 nor
// 255), or -1 when there is none. It is edt's algorithm (the same 1-D
// lower envelope per line, so the same choice among equally near
// features) specialised to three axes: lines are walked without index
// arithmetic per point and each pass runs on every core.
//
// Corners farther than sqrt(limit) mm from every feature are left without
// one (-1), as if the grid had no feature. That changes nothing within the
// limit: a feature's partial sums along the passes never exceed its final
// squared distance, so the nearest one of a corner within the limit is
// never dropped on the way. Far from every surface, that leaves most lines
// of a large organ's box with nothing to do. sq and near are work space,
// reused between classes (len(codes) each).
func featureTransform3(codes []uint8, m [3]int, spacing [3]float64, limit float64, sq []float64, near []int32) []int32 {
	for i, c := range codes {
		if isBorder(c) {
			sq[i], near[i] = 0, int32(i)
		} else {
			sq[i] = math.Inf(1)
			near[i] = -1
		}
	}
	plane := m[0] * m[1]
	maxLen := max(m[0], m[1], m[2])
	// Lines along i: one per (j, k), contiguous, where every point is a
	// feature or not yet reached, so the nearest feature on the line is all
	// the envelope would find.
	parallelFor(m[2], max(1, 1<<15/(plane+1)), func(k0, k1 int) {
		left := make([]int32, m[0])
		for k := k0; k < k1; k++ {
			for j := 0; j < m[1]; j++ {
				start := m[0]*j + plane*k
				nearestOnRow(sq[start:start+m[0]], near[start:start+m[0]], left, spacing[0], limit)
			}
		}
	})
	// Along j: one per (i, k); neighbouring i share cache lines.
	parallelFor(m[2], max(1, 1<<15/(plane+1)), func(k0, k1 int) {
		w := newLineWork(maxLen)
		for k := k0; k < k1; k++ {
			for i := 0; i < m[0]; i++ {
				w.run(sq, near, i+plane*k, m[0], m[1], spacing[1], limit)
			}
		}
	})
	// Along k: one per (i, j).
	parallelFor(m[1], max(1, 1<<15/(m[0]*m[2]+1)), func(j0, j1 int) {
		w := newLineWork(maxLen)
		for j := j0; j < j1; j++ {
			for i := 0; i < m[0]; i++ {
				w.run(sq, near, i+m[0]*j, plane, m[2], spacing[2], limit)
			}
		}
	})
	return near
}

// featureDistance3 is the distance in mm from corner i to its nearest
// feature, recomputed from their offset as sqrt(sum((d_a*s_a)^2)) in axis
// order, the arithmetic of scipy.ndimage.distance_transform_edt (and of
// edt), so a surfel exactly at the tolerance falls the same way.
func featureDistance3(i int, near int32, m [3]int, spacing [3]float64) float64 {
	if near < 0 {
		return math.Inf(1)
	}
	p := int(near)
	ci := [3]int{i % m[0], (i / m[0]) % m[1], i / (m[0] * m[1])}
	cp := [3]int{p % m[0], (p / m[0]) % m[1], p / (m[0] * m[1])}
	var sum float64
	for a := range 3 {
		v := float64(ci[a]-cp[a]) * spacing[a]
		sum += v * v
	}
	return math.Sqrt(sum)
}

// nearestOnRow is lineWork.run for a row whose points are features (sq 0)
// or unreached (+Inf): each point takes its nearest feature on the row, in
// two scans instead of the envelope. Between two equally near features it
// takes the one the envelope takes (the right one when their parabolas'
// boundary, computed as run computes it, lies strictly below the point),
// and sq is run's (x_q - x_p)^2, so the next passes see the same values;
// beyond limit a point stays unreached, as in run.
func nearestOnRow(sq []float64, near []int32, left []int32, s, limit float64) {
	last := int32(-1)
	for q := range sq {
		if near[q] >= 0 {
			last = int32(q)
		}
		left[q] = last
	}
	if last < 0 {
		return // no feature on the row: it stays at +Inf
	}
	right := int32(-1)
	for q := len(sq) - 1; q >= 0; q-- {
		if left[q] == int32(q) {
			right = int32(q)
			continue // a feature is its own nearest
		}
		p := left[q]
		if right >= 0 && (p < 0 || pickRight(int(p), int(right), q, s)) {
			p = right
		}
		xq, xp := float64(q)*s, float64(p)*s
		if dx := xq - xp; dx*dx <= limit {
			sq[q], near[q] = dx*dx, near[p]
		}
	}
}

// pickRight reports whether the envelope of features l < r assigns q (l <
// q < r) to r.
func pickRight(l, r, q int, s float64) bool {
	switch dl, dr := q-l, r-q; {
	case dl < dr:
		return false
	case dr < dl:
		return true
	}
	xl, xr := float64(l)*s, float64(r)*s
	b := ((0 + xr*xr) - (0 + xl*xl)) / (2 * (xr - xl))
	return b < float64(q)*s
}
