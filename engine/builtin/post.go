package builtin

import (
	"container/heap"
	"math"
)

// components labels 4-connected regions of value v; ids start at 1. The
// returned slices belong to sc.
func components(sc *compScratch, m []bool, w, h int, v bool) (ids []int32, sizes []int) {
	ids = grow(sc.ids, len(m))
	sizes = append(sc.sizes[:0], 0)
	stack := sc.stack[:0]
	for s := range m {
		if m[s] != v || ids[s] != 0 {
			continue
		}
		id := int32(len(sizes))
		sizes = append(sizes, 0)
		ids[s] = id
		stack = append(stack[:0], int32(s))
		for len(stack) > 0 {
			i := int(stack[len(stack)-1])
			stack = stack[:len(stack)-1]
			sizes[id]++
			x, y := i%w, i/w
			if x+1 < w && m[i+1] == v && ids[i+1] == 0 {
				ids[i+1] = id
				stack = append(stack, int32(i+1))
			}
			if x > 0 && m[i-1] == v && ids[i-1] == 0 {
				ids[i-1] = id
				stack = append(stack, int32(i-1))
			}
			if y+1 < h && m[i+w] == v && ids[i+w] == 0 {
				ids[i+w] = id
				stack = append(stack, int32(i+w))
			}
			if y > 0 && m[i-w] == v && ids[i-w] == 0 {
				ids[i-w] = id
				stack = append(stack, int32(i-w))
			}
		}
	}
	sc.ids, sc.sizes, sc.stack = ids, sizes, stack
	return ids, sizes
}

// keepComponents keeps the regions holding a positive seed or, with none,
// the one with the most evidence (area times mean log-likelihood ratio, so
// a large weak region does not beat a clearly matching one).
func keepComponents(sc *compScratch, lab []bool, ratio []float64, w, h int, pos []int) {
	ids, sizes := components(sc, lab, w, h, true)
	if len(sizes) <= 2 {
		return
	}
	keep := grow(sc.keep, len(sizes))
	sc.keep = keep
	for _, i := range pos {
		if ids[i] != 0 {
			keep[ids[i]] = true
		}
	}
	if len(pos) == 0 {
		score := grow(sc.score, len(sizes))
		sc.score = score
		for i, id := range ids {
			if id != 0 {
				score[id] += 1 + math.Max(ratio[i], 0)
			}
		}
		best := 1
		for id := range score {
			if score[id] > score[best] {
				best = id
			}
		}
		keep[best] = true
	}
	for i, id := range ids {
		lab[i] = id != 0 && keep[id]
	}
}

// fillHoles sets background regions that do not touch the border.
func fillHoles(sc *compScratch, lab []bool, w, h int) {
	ids, sizes := components(sc, lab, w, h, false)
	border := grow(sc.keep, len(sizes))
	sc.keep = border
	for x := 0; x < w; x++ {
		border[ids[x]], border[ids[(h-1)*w+x]] = true, true
	}
	for y := 0; y < h; y++ {
		border[ids[y*w]], border[ids[y*w+w-1]] = true, true
	}
	for i, id := range ids {
		if id != 0 && !border[id] {
			lab[i] = true
		}
	}
}

// geodesicSplit removes the parts of the mask that are geodesically closer
// (inside the mask, paths crossing edges cost more) to a negative seed than
// to a positive one: a negative click inside an object takes away the lobe
// it was placed in rather than punching a hole that hole filling would undo.
func geodesicSplit(lab []bool, grad []float32, w, h int, pos, neg []int) {
	if len(neg) == 0 || len(pos) == 0 {
		return
	}
	dp := geodesic(lab, grad, w, h, pos)
	dn := geodesic(lab, grad, w, h, neg)
	for i, v := range lab {
		if v && dn[i] < dp[i] {
			lab[i] = false
		}
	}
}

type pqItem struct {
	i int
	d float64
}
type pq []pqItem

func (q pq) Len() int           { return len(q) }
func (q pq) Less(a, b int) bool { return q[a].d < q[b].d }
func (q pq) Swap(a, b int)      { q[a], q[b] = q[b], q[a] }
func (q *pq) Push(x any)        { *q = append(*q, x.(pqItem)) }
func (q *pq) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}

// geodesic is Dijkstra inside the mask from the seeds with step cost
// length * (1 + edge strength).
func geodesic(lab []bool, grad []float32, w, h int, seeds []int) []float64 {
	d := make([]float64, len(lab))
	for i := range d {
		d[i] = math.Inf(1)
	}
	var gmax float32
	for i, v := range lab {
		if v {
			gmax = max(gmax, grad[i])
		}
	}
	if gmax == 0 {
		gmax = 1
	}
	q := &pq{}
	for _, s := range seeds {
		d[s] = 0
		heap.Push(q, pqItem{s, 0})
	}
	for q.Len() > 0 {
		it := heap.Pop(q).(pqItem)
		if it.d > d[it.i] {
			continue
		}
		x, y := it.i%w, it.i/w
		for k := 0; k < dirs; k++ {
			nx, ny := x+dirDX[k], y+dirDY[k]
			if nx < 0 || ny < 0 || nx >= w || ny >= h {
				continue
			}
			j := ny*w + nx
			if !lab[j] {
				continue
			}
			step := 1.0
			if k >= 4 {
				step = math.Sqrt2
			}
			nd := it.d + step*(1+10*float64((grad[it.i]+grad[j])/(2*gmax)))
			if nd < d[j] {
				d[j] = nd
				heap.Push(q, pqItem{j, nd})
			}
		}
	}
	return d
}

// corePixel is the mask pixel farthest from the background and from the
// negative seeds: the stand-in positive seed when a negative click must
// split a box result that had no positive click.
func corePixel(lab []bool, w, h int, neg []int) int {
	blocked := append([]bool(nil), lab...)
	for _, i := range neg {
		blocked[i] = false
	}
	dt := chamfer(blocked, w, h)
	best, bestD := -1, -1.0
	for i, v := range blocked {
		if v && dt[i] > bestD {
			best, bestD = i, dt[i]
		}
	}
	return best
}

// chamfer is a two-pass 3-4 distance transform to the nearest false pixel
// (or the border), in pixels.
func chamfer(m []bool, w, h int) []float64 {
	d := make([]float64, len(m))
	inf := float64(w + h)
	for i, v := range m {
		if v {
			d[i] = inf
		}
	}
	get := func(x, y int) float64 {
		if x < 0 || y < 0 || x >= w || y >= h {
			return 0
		}
		return d[y*w+x]
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := y*w + x
			if d[i] == 0 {
				continue
			}
			d[i] = min(d[i], get(x-1, y)+1, get(x, y-1)+1, get(x-1, y-1)+4.0/3, get(x+1, y-1)+4.0/3)
		}
	}
	for y := h - 1; y >= 0; y-- {
		for x := w - 1; x >= 0; x-- {
			i := y*w + x
			if d[i] == 0 {
				continue
			}
			d[i] = min(d[i], get(x+1, y)+1, get(x, y+1)+1, get(x+1, y+1)+4.0/3, get(x-1, y+1)+4.0/3)
		}
	}
	return d
}
