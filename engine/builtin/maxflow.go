package builtin

// gridFlow is the Boykov-Kolmogorov max-flow algorithm ("An Experimental
// Comparison of Min-Cut/Max-Flow Algorithms for Energy Minimization in
// Vision", PAMI 2004) specialised to an image grid with 8 neighbours, so arcs
// are implicit (arc = node*8 + direction) and no per-arc allocation is made.
// Capacities are integers so residuals reach exactly zero.
type gridFlow struct {
	w, h   int
	n      int
	head   []int32 // arc -> neighbour node, -1 outside the grid
	rcap   []int32 // arc residual capacity
	trcap  []int32 // >0: residual from source, <0: residual to sink
	parent []int32 // arc to parent, or one of the constants below
	next   []int32 // active-list link; noNext when inactive, self at list end
	ts     []int32
	dist   []int32
	sink   []bool

	qFirst, qLast [2]int32
	orphans       []int32 // FIFO of orphan nodes, read from orphanHead
	orphanHead    int
	time          int32
}

const (
	parentNone     int32 = -1
	parentTerminal int32 = -2
	parentOrphan   int32 = -3
	noNext         int32 = -1
	infiniteDist   int32 = 1 << 30
	dirs                 = 8
)

var dirDX = [dirs]int{1, -1, 0, 0, 1, -1, 1, -1}
var dirDY = [dirs]int{0, 0, 1, -1, 1, -1, -1, 1}
var dirOpp = [dirs]int32{1, 0, 3, 2, 5, 4, 7, 6}

func newGridFlow(w, h int) *gridFlow {
	g := &gridFlow{}
	g.resize(w, h)
	return g
}

// resize makes the graph w x h with zero capacities; the neighbour table is
// rebuilt only when the size changes, so a graph reused across decodes of
// the same box costs no setup.
func (g *gridFlow) resize(w, h int) {
	n := w * h
	same := g.w == w && g.h == h && g.head != nil
	g.w, g.h, g.n = w, h, n
	g.rcap = grow(g.rcap, n*dirs)
	g.trcap = grow(g.trcap, n)
	g.parent = grow(g.parent, n)
	g.next = grow(g.next, n)
	g.ts = grow(g.ts, n)
	g.dist = grow(g.dist, n)
	g.sink = grow(g.sink, n)
	g.orphans, g.orphanHead, g.time = g.orphans[:0], 0, 0
	if same {
		return
	}
	g.head = grow(g.head, n*dirs)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			for k := 0; k < dirs; k++ {
				nx, ny := x+dirDX[k], y+dirDY[k]
				a := (y*w+x)*dirs + k
				if nx < 0 || ny < 0 || nx >= w || ny >= h {
					g.head[a] = -1
				} else {
					g.head[a] = int32(ny*w + nx)
				}
			}
		}
	}
}

func (g *gridFlow) sister(a int32) int32 {
	return g.head[a]*dirs + dirOpp[a%dirs]
}

// setEdge sets the capacity of the arc from node i in direction k and of
// its reverse (symmetric Potts weights).
func (g *gridFlow) setEdge(i int, k int, c int32) {
	a := int32(i*dirs + k)
	if g.head[a] < 0 {
		return
	}
	g.rcap[a] = c
	g.rcap[g.sister(a)] = c
}

func (g *gridFlow) setActive(i int32) {
	if g.next[i] != noNext {
		return
	}
	if g.qLast[1] != noNext {
		g.next[g.qLast[1]] = i
	} else {
		g.qFirst[1] = i
	}
	g.qLast[1] = i
	g.next[i] = i
}

func (g *gridFlow) nextActive() int32 {
	for {
		i := g.qFirst[0]
		if i == noNext {
			g.qFirst[0], g.qLast[0] = g.qFirst[1], g.qLast[1]
			g.qFirst[1], g.qLast[1] = noNext, noNext
			i = g.qFirst[0]
			if i == noNext {
				return noNext
			}
		}
		if g.next[i] == i {
			g.qFirst[0], g.qLast[0] = noNext, noNext
		} else {
			g.qFirst[0] = g.next[i]
		}
		g.next[i] = noNext
		if g.parent[i] != parentNone {
			return i
		}
	}
}

func (g *gridFlow) orphanFront(i int32) {
	g.parent[i] = parentOrphan
	// Front insertion: the adoption stage processes these first.
	if g.orphanHead > 0 {
		g.orphanHead--
		g.orphans[g.orphanHead] = i
		return
	}
	g.orphans = append(g.orphans, 0)
	copy(g.orphans[1:], g.orphans)
	g.orphans[0] = i
}

func (g *gridFlow) orphanRear(i int32) {
	g.parent[i] = parentOrphan
	g.orphans = append(g.orphans, i)
}

// solve runs max-flow; afterwards inSource reports the minimum cut side.
func (g *gridFlow) solve() {
	g.qFirst = [2]int32{noNext, noNext}
	g.qLast = [2]int32{noNext, noNext}
	for i := 0; i < g.n; i++ {
		g.next[i] = noNext
		g.ts[i] = 0
		switch {
		case g.trcap[i] > 0:
			g.sink[i], g.parent[i], g.dist[i] = false, parentTerminal, 1
			g.setActive(int32(i))
		case g.trcap[i] < 0:
			g.sink[i], g.parent[i], g.dist[i] = true, parentTerminal, 1
			g.setActive(int32(i))
		default:
			g.parent[i] = parentNone
		}
	}
	current := noNext
	for {
		i := current
		if i != noNext {
			g.next[i] = noNext
			if g.parent[i] == parentNone {
				i = noNext
			}
		}
		if i == noNext {
			if i = g.nextActive(); i == noNext {
				break
			}
		}
		found := int32(-1)
		base := i * dirs
		if !g.sink[i] {
			for a := base; a < base+dirs; a++ {
				j := g.head[a]
				if j < 0 || g.rcap[a] == 0 {
					continue
				}
				if g.parent[j] == parentNone {
					g.sink[j], g.parent[j], g.ts[j], g.dist[j] = false, g.sister(a), g.ts[i], g.dist[i]+1
					g.setActive(j)
				} else if g.sink[j] {
					found = a
					break
				} else if g.ts[j] <= g.ts[i] && g.dist[j] > g.dist[i] {
					g.parent[j], g.ts[j], g.dist[j] = g.sister(a), g.ts[i], g.dist[i]+1
				}
			}
		} else {
			for a := base; a < base+dirs; a++ {
				j := g.head[a]
				if j < 0 || g.rcap[g.sister(a)] == 0 {
					continue
				}
				if g.parent[j] == parentNone {
					g.sink[j], g.parent[j], g.ts[j], g.dist[j] = true, g.sister(a), g.ts[i], g.dist[i]+1
					g.setActive(j)
				} else if !g.sink[j] {
					found = g.sister(a)
					break
				} else if g.ts[j] <= g.ts[i] && g.dist[j] > g.dist[i] {
					g.parent[j], g.ts[j], g.dist[j] = g.sister(a), g.ts[i], g.dist[i]+1
				}
			}
		}
		g.time++
		if found < 0 {
			current = noNext
			continue
		}
		g.next[i] = i // keep i as the current node
		current = i
		g.augment(found)
		for g.orphanHead < len(g.orphans) {
			o := g.orphans[g.orphanHead]
			g.orphanHead++
			if g.sink[o] {
				g.adoptSink(o)
			} else {
				g.adoptSource(o)
			}
		}
		g.orphans, g.orphanHead = g.orphans[:0], 0
	}
}

// augment pushes the bottleneck flow along source tree -> mid -> sink tree.
func (g *gridFlow) augment(mid int32) {
	bottleneck := g.rcap[mid]
	i := g.head[g.sister(mid)]
	for {
		a := g.parent[i]
		if a == parentTerminal {
			break
		}
		bottleneck = min(bottleneck, g.rcap[g.sister(a)])
		i = g.head[a]
	}
	bottleneck = min(bottleneck, g.trcap[i])
	i = g.head[mid]
	for {
		a := g.parent[i]
		if a == parentTerminal {
			break
		}
		bottleneck = min(bottleneck, g.rcap[a])
		i = g.head[a]
	}
	bottleneck = min(bottleneck, -g.trcap[i])

	g.rcap[g.sister(mid)] += bottleneck
	g.rcap[mid] -= bottleneck
	i = g.head[g.sister(mid)]
	for {
		a := g.parent[i]
		if a == parentTerminal {
			break
		}
		s := g.sister(a)
		g.rcap[a] += bottleneck
		g.rcap[s] -= bottleneck
		if g.rcap[s] == 0 {
			g.orphanFront(i)
		}
		i = g.head[a]
	}
	g.trcap[i] -= bottleneck
	if g.trcap[i] == 0 {
		g.orphanFront(i)
	}
	i = g.head[mid]
	for {
		a := g.parent[i]
		if a == parentTerminal {
			break
		}
		g.rcap[g.sister(a)] += bottleneck
		g.rcap[a] -= bottleneck
		if g.rcap[a] == 0 {
			g.orphanFront(i)
		}
		i = g.head[a]
	}
	g.trcap[i] += bottleneck
	if g.trcap[i] == 0 {
		g.orphanFront(i)
	}
}

// originDist follows j's parents to a terminal, returning the path length
// or infiniteDist when it meets an orphan; it caches lengths via ts/dist.
func (g *gridFlow) originDist(j int32) int32 {
	d := int32(0)
	for {
		if g.ts[j] == g.time {
			return d + g.dist[j]
		}
		a := g.parent[j]
		d++
		if a == parentTerminal {
			g.ts[j], g.dist[j] = g.time, 1
			return d
		}
		if a == parentOrphan {
			return infiniteDist
		}
		j = g.head[a]
	}
}

func (g *gridFlow) adoptSource(i int32) { g.adopt(i, false) }
func (g *gridFlow) adoptSink(i int32)   { g.adopt(i, true) }

// adopt finds orphan i a new parent in its own tree, or frees it.
func (g *gridFlow) adopt(i int32, sinkTree bool) {
	best, dMin := parentNone, infiniteDist
	base := i * dirs
	for a0 := base; a0 < base+dirs; a0++ {
		j := g.head[a0]
		if j < 0 {
			continue
		}
		c := g.rcap[g.sister(a0)]
		if sinkTree {
			c = g.rcap[a0]
		}
		if c == 0 || g.sink[j] != sinkTree || g.parent[j] == parentNone {
			continue
		}
		d := g.originDist(j)
		if d >= infiniteDist {
			continue
		}
		if d < dMin {
			best, dMin = a0, d
		}
		for k := j; g.ts[k] != g.time; k = g.head[g.parent[k]] {
			g.ts[k], g.dist[k] = g.time, d
			d--
		}
	}
	g.parent[i] = best
	if best != parentNone {
		g.ts[i], g.dist[i] = g.time, dMin+1
		return
	}
	for a0 := base; a0 < base+dirs; a0++ {
		j := g.head[a0]
		if j < 0 || g.sink[j] != sinkTree {
			continue
		}
		a := g.parent[j]
		if a == parentNone {
			continue
		}
		c := g.rcap[g.sister(a0)]
		if sinkTree {
			c = g.rcap[a0]
		}
		if c != 0 {
			g.setActive(j)
		}
		if a != parentTerminal && a != parentOrphan && g.head[a] == i {
			g.orphanRear(j)
		}
	}
}

// inSource reports whether node i ended on the source (foreground) side.
func (g *gridFlow) inSource(i int) bool {
	return g.parent[i] != parentNone && !g.sink[i]
}

// reset clears capacities so the graph can be reused for another cut.
func (g *gridFlow) reset() {
	clear(g.rcap)
	clear(g.trcap)
	g.orphans, g.orphanHead = g.orphans[:0], 0
}
