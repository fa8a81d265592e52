package metrics

import "math"

// box3 is an inclusive voxel box; hi < lo along an axis means empty.
type box3 struct{ lo, hi [3]int }

func emptyBox3(dim [3]int) box3 {
	return box3{lo: dim, hi: [3]int{-1, -1, -1}}
}

func (b box3) empty() bool { return b.hi[0] < b.lo[0] || b.hi[1] < b.lo[1] || b.hi[2] < b.lo[2] }

func (b *box3) add(i, j, k int) {
	b.lo = [3]int{min(b.lo[0], i), min(b.lo[1], j), min(b.lo[2], k)}
	b.hi = [3]int{max(b.hi[0], i), max(b.hi[1], j), max(b.hi[2], k)}
}

func (b *box3) union(o box3) {
	for a := range 3 {
		b.lo[a], b.hi[a] = min(b.lo[a], o.lo[a]), max(b.hi[a], o.hi[a])
	}
}

// crop3 is one class's ground truth and prediction inside a box, as 0/1
// bytes padded with one layer of background on every side, so that every
// 2x2x2 neighbourhood touching the box reads inside the arrays.
//
// Cropping to the box of both masks is exact, as in the official
// surface-distance code: every surfel and every surface point a distance
// is measured to lies on the box's corners, so no margin for the
// tolerance is needed and nothing outside changes a value.
type crop3 struct {
	dims     [3]int // box size + 2 per axis
	gt, pred []uint8
	counts   Overlap // voxels of each mask inside the box
}

// scratch is the memory of one class's scoring, kept by a worker for the
// next class: hundreds of classes would otherwise allocate (and collect)
// their grids again and again.
type scratch struct {
	gt, pred, codeGT, codePred []uint8
	sq                         [2][]float64
	near                       [2][]int32
}

func resize[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}

func newCrop3(b box3, w *scratch) crop3 {
	d := [3]int{b.hi[0] - b.lo[0] + 3, b.hi[1] - b.lo[1] + 3, b.hi[2] - b.lo[2] + 3}
	n := d[0] * d[1] * d[2]
	w.gt, w.pred = resize(w.gt, n), resize(w.pred, n)
	clear(w.gt)
	clear(w.pred)
	return crop3{dims: d, gt: w.gt, pred: w.pred}
}

// cropLabels extracts class id from two label volumes (i fastest).
func cropLabels(gt, pred []uint16, dim [3]int, b box3, id uint16, ws *scratch) crop3 {
	c := newCrop3(b, ws)
	w := b.hi[0] - b.lo[0] + 1
	for k := b.lo[2]; k <= b.hi[2]; k++ {
		for j := b.lo[1]; j <= b.hi[1]; j++ {
			src := b.lo[0] + dim[0]*(j+dim[1]*k)
			dst := 1 + c.dims[0]*(j-b.lo[1]+1+c.dims[1]*(k-b.lo[2]+1))
			g, p := gt[src:src+w], pred[src:src+w]
			cg, cp := c.gt[dst:dst+w], c.pred[dst:dst+w]
			for x := range g {
				ig, ip := g[x] == id, p[x] == id
				if ig {
					cg[x] = 1
					c.counts.GT++
					if ip {
						c.counts.Inter++
					}
				}
				if ip {
					cp[x] = 1
					c.counts.Pred++
				}
			}
		}
	}
	return c
}

// cropMasks extracts a box from two binary volumes (i fastest).
func cropMasks(gt, pred []bool, dim [3]int, b box3, ws *scratch) crop3 {
	c := newCrop3(b, ws)
	w := b.hi[0] - b.lo[0] + 1
	for k := b.lo[2]; k <= b.hi[2]; k++ {
		for j := b.lo[1]; j <= b.hi[1]; j++ {
			src := b.lo[0] + dim[0]*(j+dim[1]*k)
			dst := 1 + c.dims[0]*(j-b.lo[1]+1+c.dims[1]*(k-b.lo[2]+1))
			g, p := gt[src:src+w], pred[src:src+w]
			cg, cp := c.gt[dst:dst+w], c.pred[dst:dst+w]
			for x := range g {
				if g[x] {
					cg[x] = 1
					c.counts.GT++
					if p[x] {
						c.counts.Inter++
					}
				}
				if p[x] {
					cp[x] = 1
					c.counts.Pred++
				}
			}
		}
	}
	return c
}

// cornerDims is the corner grid of a crop: one corner more than the box
// has voxels along each axis.
func (c crop3) cornerDims() [3]int {
	return [3]int{c.dims[0] - 1, c.dims[1] - 1, c.dims[2] - 1}
}

// codes returns each corner's 2x2x2 neighbourhood code, with the bit
// weights of neighbourCodes (the reference's correlation kernel): voxel
// offset (di, dj, dk) carries 1 << (7 - (4di + 2dj + dk)). Corner (i, j,
// k) reads padded voxels i..i+1, j..j+1, k..k+1.
func (c crop3) codes(mask, out []uint8) []uint8 {
	m := c.cornerDims()
	p0, plane := c.dims[0], c.dims[0]*c.dims[1]
	out = resize(out, m[0]*m[1]*m[2])
	parallelFor(m[2], max(1, 1<<16/(m[0]*m[1]+1)), func(k0, k1 int) {
		for k := k0; k < k1; k++ {
			for j := 0; j < m[1]; j++ {
				a := p0*j + plane*k // (j, k)
				b := a + plane      // (j, k+1)
				cc := a + p0        // (j+1, k)
				d := cc + plane     // (j+1, k+1)
				// col is the 4-bit pattern of one padded column x at
				// rows (j,k), (j,k+1), (j+1,k), (j+1,k+1); a corner
				// joins column i (di = 0, high bits) and i+1.
				col := func(x int) uint8 {
					return mask[a+x]<<3 | mask[b+x]<<2 | mask[cc+x]<<1 | mask[d+x]
				}
				row := out[m[0]*(j+m[1]*k):][:m[0]]
				prev := col(0)
				for i := range row {
					cur := col(i + 1)
					row[i] = prev<<4 | cur
					prev = cur
				}
			}
		}
	})
	return out
}

func isBorder(code uint8) bool { return code != 0 && code != 255 }

// nsd scores the crop at tol mm. With collect it also returns every surfel
// with its distance and area (SurfaceDistances3D). Surfels are summed in
// corner order, GT first, so the value does not depend on the core count.
func (c crop3) nsd(spacing [3]float64, tol float64, collect bool, w *scratch) (float64, Surfaces) {
	m := c.cornerDims()
	n := m[0] * m[1] * m[2]
	w.codeGT, w.codePred = c.codes(c.gt, w.codeGT), c.codes(c.pred, w.codePred)
	codeGT, codePred := w.codeGT, w.codePred
	for x := range 2 {
		w.sq[x], w.near[x] = resize(w.sq[x], n), resize(w.near[x], n)
	}
	// Only "within tol" matters for the score; the margin keeps every
	// corner whose distance, recomputed from its feature's offset, could
	// round to tol or below.
	limit := sq(tol * (1 + 1e-9))
	if collect {
		limit = math.Inf(1)
	}
	var nearGT, nearPred []int32
	parallelFor(2, 1, func(lo, hi int) {
		for x := lo; x < hi; x++ {
			if x == 0 {
				nearGT = featureTransform3(codeGT, m, spacing, limit, w.sq[0], w.near[0])
			} else {
				nearPred = featureTransform3(codePred, m, spacing, limit, w.sq[1], w.near[1])
			}
		}
	})
	area := surfelAreas3D(spacing)
	var inGT, inPred, allGT, allPred float64
	var s Surfaces
	for i := range codeGT {
		if cg := codeGT[i]; isBorder(cg) {
			d := featureDistance3(i, nearPred[i], m, spacing)
			allGT += area[cg]
			if d <= tol {
				inGT += area[cg]
			}
			if collect {
				s.GTToPred = append(s.GTToPred, d)
				s.GTArea = append(s.GTArea, area[cg])
			}
		}
	}
	for i := range codePred {
		if cp := codePred[i]; isBorder(cp) {
			d := featureDistance3(i, nearGT[i], m, spacing)
			allPred += area[cp]
			if d <= tol {
				inPred += area[cp]
			}
			if collect {
				s.PredToGT = append(s.PredToGT, d)
				s.PredArea = append(s.PredArea, area[cp])
			}
		}
	}
	return (inGT + inPred) / (allGT + allPred), s
}
