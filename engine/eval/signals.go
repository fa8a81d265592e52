package eval

import (
	"sort"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/confidence"
	"github.com/segtui/segtui/engine/metrics"
)

// contrastRing is the band, in pixels, on each side of a mask's boundary
// that the contrast signal compares.
const contrastRing = 2

// maskSignals is what one decode tells about itself (m may be nil for
// semantic labellings) plus the boundary contrast on the slice's grey
// values. The cross-result signals (variants, neighbour, combined) are
// added once every result is in (crossSignals).
func maskSignals(m *engine.Mask, grey []float32, pred []bool, w, h int) map[string]float64 {
	s := confidence.FromMask(m)
	if c, ok := confidence.BoundaryContrast(grey, pred, w, h, contrastRing); ok {
		s[confidence.Contrast] = c
	}
	if len(s) == 0 {
		return nil
	}
	return s
}

// resultKey names one class on one slice of one case.
type resultKey struct {
	caseID string
	slice  int
	class  uint16
}

// crossSignals adds the signals that compare results: the mean Dice with
// the other variants' masks for the same case, slice and class (the same
// prompt in every protocol but propagate, whose prompts follow each
// variant's own masks), the mean Dice with the same variant's masks of the
// class on the neighbouring slices, and the combination of every signal
// within each variant. It reads masks, never ground truth, and replaces
// what an earlier call added, so merged and resumed runs get the same
// values as one run.
func crossSignals(res *Results) error {
	// Group every result of one case (all variants) so masks are decoded
	// once per case and dropped after.
	byCase := map[string][]*CaseResult{}
	var order []string
	for i := range res.Cases {
		c := &res.Cases[i]
		if _, ok := byCase[c.Case]; !ok {
			order = append(order, c.Case)
		}
		byCase[c.Case] = append(byCase[c.Case], c)
	}
	for _, id := range order {
		if err := caseCrossSignals(byCase[id]); err != nil {
			return err
		}
	}
	for _, v := range res.Variants {
		var recs []map[string]float64
		for i := range res.Cases {
			if res.Cases[i].Variant != v {
				continue
			}
			for j := range res.Cases[i].Slices {
				s := &res.Cases[i].Slices[j]
				if s.Signals == nil {
					s.Signals = map[string]float64{}
				}
				recs = append(recs, s.Signals)
			}
		}
		confidence.Combine(recs)
		for i := range res.Cases {
			for j := range res.Cases[i].Slices {
				if len(res.Cases[i].Slices[j].Signals) == 0 {
					res.Cases[i].Slices[j].Signals = nil
				}
			}
		}
	}
	return nil
}

type sliceClass struct {
	slice int
	class uint16
}

func caseCrossSignals(runs []*CaseResult) error {
	masks := make([]map[sliceClass][]bool, len(runs))
	for i, c := range runs {
		masks[i] = map[sliceClass][]bool{}
		for _, s := range c.Slices {
			m, err := s.Mask.Decode()
			if err != nil {
				return err
			}
			masks[i][sliceClass{s.Slice, s.Class}] = m
		}
	}
	for i, c := range runs {
		for j := range c.Slices {
			s := &c.Slices[j]
			if s.Signals == nil {
				s.Signals = map[string]float64{}
			}
			delete(s.Signals, confidence.Variants)
			delete(s.Signals, confidence.Neighbour)
			k := sliceClass{s.Slice, s.Class}
			mine := masks[i][k]
			sum, n := 0.0, 0
			for o := range runs {
				if o == i {
					continue
				}
				if other, ok := masks[o][k]; ok && len(other) == len(mine) {
					d, _ := metrics.Dice(mine, other) // both empty: 1, agreement
					sum += d
					n++
				}
			}
			if n > 0 {
				s.Signals[confidence.Variants] = sum / float64(n)
			}
			sum, n = 0, 0
			for _, d := range []int{-1, 1} {
				if nb, ok := masks[i][sliceClass{s.Slice + d, s.Class}]; ok && len(nb) == len(mine) {
					d, _ := metrics.Dice(mine, nb)
					sum += d
					n++
				}
			}
			if n > 0 {
				s.Signals[confidence.Neighbour] = sum / float64(n)
			}
		}
	}
	return nil
}

// assessSignals measures, per variant, how well each signal ranks the
// results' real Dice (only results with a Dice count): the table in
// results.md. Variants with no Dice at all get none.
func assessSignals(res *Results) map[string][]confidence.Assessment {
	out := map[string][]confidence.Assessment{}
	for _, v := range res.Variants {
		var rows []confidence.Assessment
		for _, name := range confidence.Order {
			var conf, dice []float64
			for _, c := range res.Cases {
				if c.Variant != v {
					continue
				}
				for _, s := range c.Slices {
					x, ok := s.Signals[name]
					if ok && s.Dice != nil {
						conf = append(conf, x)
						dice = append(dice, *s.Dice)
					}
				}
			}
			rows = append(rows, confidence.Assess(name, conf, dice))
		}
		if anyAssessed(rows) {
			out[v] = rows
		}
	}
	return out
}

func anyAssessed(rows []confidence.Assessment) bool {
	for _, r := range rows {
		if r.N > 0 {
			return true
		}
	}
	return false
}

// ConfidenceRef points at one per-slice result with its combined signal.
type ConfidenceRef struct {
	FailureRef
	Signal  float64 // the combined signal (0 least confident, 1 most)
	HasDice bool
}

// LeastConfidentFirst lists every per-slice result that has a combined
// signal, least confident first (ties in file order), for review without
// ground truth. Dice is filled where the result has one.
func (r *Results) LeastConfidentFirst() []ConfidenceRef {
	var out []ConfidenceRef
	for ci, c := range r.Cases {
		for si, s := range c.Slices {
			x, ok := s.Signals[confidence.Combined]
			if !ok {
				continue
			}
			ref := ConfidenceRef{FailureRef: FailureRef{Case: ci, Slice: si, Variant: c.Variant}, Signal: x}
			if s.Dice != nil {
				ref.Dice, ref.HasDice = *s.Dice, true
			}
			out = append(out, ref)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Signal < out[b].Signal })
	return out
}

// ContrastSignal is the contrast signal eval records for a mask on its
// slice's grey values, for callers outside eval (the TUI's ranking of a
// session's own labels); ok is false where it is undefined.
func ContrastSignal(grey []float32, mask []bool, w, h int) (float64, bool) {
	return confidence.BoundaryContrast(grey, mask, w, h, contrastRing)
}

// AddCrossSignals adds the signals that compare results (variants,
// neighbour, combined) to res, as eval does before writing it.
func AddCrossSignals(res *Results) error { return crossSignals(res) }
