package propagate

import (
	"context"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/metrics"
)

// Slices gives a run what it needs of one slice of the plane.
type Slices struct {
	Depth, Width, Height int
	Family               engine.Family
	// Grey is slice n's values, for the intensity rule.
	Grey func(n int) []float32
	// Decode runs the engine on slice n with prompt p and returns its mask.
	Decode func(ctx context.Context, n int, p engine.Prompt) ([]bool, error)
}

// Front is how one direction of a run went.
type Front struct {
	Step int    // +1 (towards higher slice numbers) or -1
	Done int    // slices accepted
	Stop string // why it ended: a Rule.Stop reason or "end of stack"
}

// Accepted is one slice a run accepted, with the prompt that made it.
type Accepted struct {
	N      int
	Mask   []bool
	Prompt engine.Prompt
}

// Run carries mask, accepted on slice start, through the plane the way the
// TUI's P key does: each direction prompts the next slice from the mask
// accepted before it (retrying once with the deepest-point click when the
// rule asks), and ends at the first slice the rule rejects. margin is
// Rule.RangeMargin times the display window's width. It returns the
// accepted slices (start excluded) and both fronts, up first.
func (r Rule) Run(ctx context.Context, s Slices, start int, mask []bool, margin float64) ([]Accepted, [2]Front, error) {
	in := NewIntensityRange(s.Grey(start), mask, margin)
	startArea := metrics.Area(mask)
	var out []Accepted
	fronts := [2]Front{{Step: 1}, {Step: -1}}
	for i := range fronts {
		f := &fronts[i]
		prev, prevArea := mask, startArea
		for n := start + f.Step; ; n += f.Step {
			if n < 0 || n >= s.Depth {
				f.Stop = "end of stack"
				break
			}
			a, reason, err := r.step(ctx, s, n, prev, prevArea, in)
			if err != nil {
				return nil, fronts, err
			}
			if reason != "" {
				f.Stop = reason
				break
			}
			out = append(out, a)
			f.Done++
			prev, prevArea = a.Mask, metrics.Area(a.Mask)
		}
	}
	return out, fronts, nil
}

// step decodes slice n, box (or prior) first, then once more with the
// click when that result is rejected and the rule retries.
func (r Rule) step(ctx context.Context, s Slices, n int, prev []bool, prevArea int, in IntensityRange) (Accepted, string, error) {
	grey := s.Grey(n)
	var reason string
	for _, point := range []bool{false, true} {
		if point && !r.RetryPoint {
			break
		}
		p, _ := r.Prompt(prev, s.Width, s.Height, s.Family, point) // prev is never empty
		m, err := s.Decode(ctx, n, p)
		if err != nil {
			return Accepted{}, "", err
		}
		if reason = r.Stop(n, m, metrics.Area(m), prevArea, grey, in); reason == "" {
			return Accepted{N: n, Mask: m, Prompt: p}, "", nil
		}
	}
	return Accepted{}, reason, nil
}
