package builtin

import (
	"math/rand/v2"
	"testing"
)

// cutCost is the energy of a labelling: terminal costs plus the capacity of
// every arc from a source-side node to a sink-side node.
func cutCost(w, h int, src, snk []int32, caps [][dirs]int32, fg []bool) int64 {
	var e int64
	for i := 0; i < w*h; i++ {
		if fg[i] {
			e += int64(snk[i])
		} else {
			e += int64(src[i])
		}
		x, y := i%w, i/w
		for k := 0; k < dirs; k++ {
			nx, ny := x+dirDX[k], y+dirDY[k]
			if nx < 0 || ny < 0 || nx >= w || ny >= h {
				continue
			}
			if fg[i] && !fg[ny*w+nx] {
				e += int64(caps[i][k])
			}
		}
	}
	return e
}

// The BK solver's cut must be a minimum cut: compare with exhaustive search
// over all labellings of small grids with random capacities.
func TestGridFlowFindsMinimumCut(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 300; trial++ {
		w, h := 2+rng.IntN(3), 2+rng.IntN(2)
		n := w * h
		src, snk := make([]int32, n), make([]int32, n)
		caps := make([][dirs]int32, n)
		g := newGridFlow(w, h)
		for i := 0; i < n; i++ {
			src[i], snk[i] = int32(rng.IntN(20)), int32(rng.IntN(20))
			g.trcap[i] = src[i] - snk[i]
		}
		// Symmetric weights, set once per undirected edge.
		for i := 0; i < n; i++ {
			for k := 0; k < dirs; k += 2 {
				if g.head[i*dirs+k] < 0 {
					continue
				}
				c := int32(rng.IntN(12))
				g.setEdge(i, k, c)
				j := int(g.head[i*dirs+k])
				caps[i][k], caps[j][dirOpp[k]] = c, c
			}
		}
		g.solve()
		got := make([]bool, n)
		for i := range got {
			got[i] = g.inSource(i)
		}
		best := int64(1 << 62)
		lab := make([]bool, n)
		for m := 0; m < 1<<n; m++ {
			for i := range lab {
				lab[i] = m&(1<<i) != 0
			}
			best = min(best, cutCost(w, h, src, snk, caps, lab))
		}
		if c := cutCost(w, h, src, snk, caps, got); c != best {
			t.Fatalf("trial %d (%dx%d): BK cut costs %d, exhaustive minimum is %d", trial, w, h, c, best)
		}
	}
}
