package eval

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/propagate"
)

// Protocol is how prompts are derived from the ground truth.
type Protocol struct {
	Box, Point bool // first prompt: a box, a point, or both
	Rounds     int  // iterative refinement rounds after the first prompt (0: none)
	// Propagate prompts each class once, with its box on the slice where
	// it is largest, and carries the result through the volume with the
	// TUI's propagation rules (package propagate); scored in 3-D.
	Propagate bool
}

// ParseProtocol accepts box, point, box+point, iterative:N (start from a
// box), iterative:N:point (start from a point) and propagate.
func ParseProtocol(s string) (Protocol, error) {
	switch s {
	case "propagate":
		return Protocol{Box: true, Propagate: true}, nil
	case "box":
		return Protocol{Box: true}, nil
	case "point":
		return Protocol{Point: true}, nil
	case "box+point":
		return Protocol{Box: true, Point: true}, nil
	}
	if rest, ok := strings.CutPrefix(s, "iterative:"); ok {
		n, start, _ := strings.Cut(rest, ":")
		rounds, err := strconv.Atoi(n)
		if err != nil || rounds < 1 || rounds > 64 {
			return Protocol{}, fmt.Errorf("prompt protocol %q: expected iterative:N with N from 1 to 64", s)
		}
		switch start {
		case "", "box":
			return Protocol{Box: true, Rounds: rounds}, nil
		case "point":
			return Protocol{Point: true, Rounds: rounds}, nil
		}
		return Protocol{}, fmt.Errorf("prompt protocol %q: iterative prompting starts from box or point, not %q", s, start)
	}
	return Protocol{}, fmt.Errorf("unknown prompt protocol %q: expected box, point, box+point, iterative:N, iterative:N:point or propagate", s)
}

func (p Protocol) String() string {
	if p.Propagate {
		return "propagate"
	}
	first := "box"
	switch {
	case p.Box && p.Point:
		first = "box+point"
	case p.Point:
		first = "point"
	}
	if p.Rounds == 0 {
		return first
	}
	if first == "box" {
		return fmt.Sprintf("iterative:%d", p.Rounds)
	}
	return fmt.Sprintf("iterative:%d:%s", p.Rounds, first)
}

// FirstPrompt builds the opening prompt for one class on one slice.
func (p Protocol) FirstPrompt(gt []bool, w, h int, margin, jitter float64, rng *rand.Rand) (engine.Prompt, bool) {
	var pr engine.Prompt
	if p.Box {
		b, ok := BoxPrompt(gt, w, h, margin, jitter, rng)
		if !ok {
			return pr, false
		}
		pr.Box = &b
	}
	if p.Point {
		pt, ok := CenterPoint(gt, w, h)
		if !ok {
			return pr, false
		}
		pr.Points = append(pr.Points, pt)
	}
	return pr, true
}

// BoxPrompt is the ground truth's bounding box (corners inclusive), each
// side first pushed out by margin pixels (MedSAM's SAM baseline, bbox_shift
// 20: x_min = max(0, x_min - 20), x_max = min(W, x_max + 20)), then moved by
// a uniform whole number of pixels in [-jitter, +jitter] (MedSAM's
// training-time perturbation) and kept inside the image.
func BoxPrompt(gt []bool, w, h int, margin, jitter float64, rng *rand.Rand) (engine.Box, bool) {
	x0, y0, x1, y1 := w, h, -1, -1
	for i, v := range gt {
		if v {
			x, y := i%w, i/w
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
		}
	}
	if x1 < 0 {
		return engine.Box{}, false
	}
	if m := int(math.Floor(margin)); m > 0 {
		x0, y0, x1, y1 = max(0, x0-m), max(0, y0-m), min(w, x1+m), min(h, y1+m)
	}
	j := int(math.Floor(jitter))
	if j > 0 && rng != nil {
		d := func() int { return rng.IntN(2*j+1) - j }
		x0, y0, x1, y1 = x0+d(), y0+d(), x1+d(), y1+d()
		x0, y0 = clamp(x0, 0, w-1), clamp(y0, 0, h-1)
		x1, y1 = clamp(x1, x0, w-1), clamp(y1, y0, h-1)
	}
	return engine.Box{X0: float64(x0), Y0: float64(y0), X1: float64(x1), Y1: float64(y1)}, true
}

func clamp(v, lo, hi int) int { return max(lo, min(hi, v)) }

// CenterPoint is the positive click at the pixel farthest from the mask's
// boundary (outside the image counts as outside the mask); ties go to the
// first pixel in row order, so it is deterministic.
func CenterPoint(mask []bool, w, h int) (engine.Point, bool) {
	x, y, ok := farthestInside(mask, w, h)
	return engine.Point{X: float64(x), Y: float64(y), Positive: true}, ok
}

// farthestInside is the mask's deepest pixel (see propagate.DeepestPixel).
func farthestInside(mask []bool, w, h int) (int, int, bool) {
	return propagate.DeepestPixel(mask, w, h)
}

// Correction returns the iterative protocol's next clicks: a positive point
// in the largest missed region (ground truth not predicted) and a negative
// point in the largest over-segmented region (predicted, not ground truth),
// each at the pixel of that region farthest from its boundary. Either is
// nil when there is no such region.
func Correction(gt, pred []bool, w, h int) (pos, neg *engine.Point) {
	missed := make([]bool, len(gt))
	extra := make([]bool, len(gt))
	for i := range gt {
		missed[i] = gt[i] && !pred[i]
		extra[i] = pred[i] && !gt[i]
	}
	if r := largestRegion(missed, w, h); r != nil {
		x, y, _ := farthestInside(r, w, h)
		pos = &engine.Point{X: float64(x), Y: float64(y), Positive: true}
	}
	if r := largestRegion(extra, w, h); r != nil {
		x, y, _ := farthestInside(r, w, h)
		neg = &engine.Point{X: float64(x), Y: float64(y), Positive: false}
	}
	return pos, neg
}

// largestRegion keeps the largest 4-connected component (the first found
// on ties), or returns nil for an empty mask.
func largestRegion(m []bool, w, h int) []bool {
	label := make([]int32, len(m))
	var best, bestSize int32 = 0, 0
	next := int32(0)
	stack := []int{}
	for i, v := range m {
		if !v || label[i] != 0 {
			continue
		}
		next++
		label[i] = next
		size := int32(0)
		stack = append(stack[:0], i)
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			size++
			x, y := p%w, p/w
			for _, q := range [4][2]int{{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}} {
				if q[0] < 0 || q[1] < 0 || q[0] >= w || q[1] >= h {
					continue
				}
				n := q[1]*w + q[0]
				if m[n] && label[n] == 0 {
					label[n] = next
					stack = append(stack, n)
				}
			}
		}
		if size > bestSize {
			best, bestSize = next, size
		}
	}
	if best == 0 {
		return nil
	}
	out := make([]bool, len(m))
	for i, l := range label {
		out[i] = l == best
	}
	return out
}

// promptRNG gives each (case, slice, class) its own stream, so prompts are
// the same for every variant, in any order, and after a resume.
func promptRNG(seed uint64, caseID string, slice int, class uint16) *rand.Rand {
	h := uint64(14695981039346656037)
	for _, b := range []byte(caseID) {
		h = (h ^ uint64(b)) * 1099511628211
	}
	h = (h ^ uint64(slice)) * 1099511628211
	h = (h ^ uint64(class)) * 1099511628211
	return rand.New(rand.NewPCG(seed, h))
}
