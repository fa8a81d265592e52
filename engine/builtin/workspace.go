package builtin

// workspace holds the buffers one decode needs, so that repeated prompts on
// the same slice (dragging a box, adding clicks) allocate almost nothing.
// Workspaces live in the Engine's pool: one per concurrent decode.
type workspace struct {
	coarse, fine levelBufs
	coarseEmb    embedding
	coarsePrev   []bool
	coarsePrior  []bool
	comp         compScratch
	counts       [percentileBins]int32 // binner percentiles
}

// levelBufs are the per-pixel arrays of one resolution level.
type levelBufs struct {
	flow                *gridFlow
	bins                []int32
	hardFG, hardBG, box []bool
	edge                []int32
	prior               []float64
	norm                []float32
	prev                []bool
	priorMask           []bool
	priorD, priorTmp    []float32
	labs                [2][]bool
	ratios              [2][]float64
	raws                [2][]bool // labellings before component selection
	settleVal           []float32
	settleBand          []bool
	settleNext          []bool
}

// compScratch is reused by connected-component labelling.
type compScratch struct {
	ids   []int32
	stack []int32
	sizes []int
	score []float64
	keep  []bool
}

// grow returns s resized to n zeroed elements, reallocating only when its
// capacity is short.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// flowFor returns the level's max-flow graph sized w x h, rebuilding the
// neighbour table only when the size changes.
func (l *levelBufs) flowFor(w, h int) *gridFlow {
	if l.flow == nil {
		l.flow = newGridFlow(w, h)
		return l.flow
	}
	l.flow.resize(w, h)
	return l.flow
}
