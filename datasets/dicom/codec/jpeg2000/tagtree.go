package jpeg2000

// tagTree is a T.800 B.10.2 tag tree: each node holds the minimum of its
// children; decoding reveals values one threshold at a time.
type tagTree struct {
	nodes  []tagNode
	leaves int
}

type tagNode struct {
	parent int // -1 at the root
	value  int
	low    int
}

const tagInfinity = 1 << 30

func newTagTree(w, h int) *tagTree {
	t := &tagTree{leaves: w * h}
	// Levels from the leaves up; each level's nodes follow the previous level's.
	type level struct{ w, h, start int }
	var levels []level
	n := 0
	for {
		levels = append(levels, level{w, h, n})
		n += w * h
		if w*h <= 1 {
			break
		}
		w, h = (w+1)/2, (h+1)/2
	}
	t.nodes = make([]tagNode, n)
	for li, l := range levels {
		for y := 0; y < l.h; y++ {
			for x := 0; x < l.w; x++ {
				i := l.start + y*l.w + x
				t.nodes[i] = tagNode{parent: -1, value: tagInfinity}
				if li+1 < len(levels) {
					p := levels[li+1]
					t.nodes[i].parent = p.start + (y/2)*p.w + x/2
				}
			}
		}
	}
	return t
}

// decode reads bits until leaf's value is known to be below threshold or
// at least threshold; it reports whether it is below.
func (t *tagTree) decode(br *bitReader, leaf, threshold int) (bool, error) {
	var stack [32]int
	sp := 0
	for n := leaf; t.nodes[n].parent >= 0; n = t.nodes[n].parent {
		stack[sp] = n
		sp++
	}
	node := leaf
	if sp > 0 {
		node = t.nodes[stack[sp-1]].parent
	}
	low := 0
	for {
		nd := &t.nodes[node]
		if low > nd.low {
			nd.low = low
		} else {
			low = nd.low
		}
		for low < threshold && low < nd.value {
			b, err := br.bit()
			if err != nil {
				return false, err
			}
			if b == 1 {
				nd.value = low
			} else {
				low++
			}
		}
		nd.low = low
		if sp == 0 {
			break
		}
		sp--
		node = stack[sp]
	}
	return t.nodes[node].value < threshold, nil
}

// value decodes the leaf's exact value (at most limit, else an error).
func (t *tagTree) value(br *bitReader, leaf, limit int) (int, error) {
	for th := 1; th <= limit+1; th++ {
		below, err := t.decode(br, leaf, th)
		if err != nil {
			return 0, err
		}
		if below {
			return th - 1, nil
		}
	}
	return 0, errTagTree
}
