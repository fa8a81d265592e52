package tui

import (
	"fmt"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/confidence"
	"github.com/segtui/segtui/engine/eval"
)

// liveVariant names the results ranked from this session's own labels.
const liveVariant = "your labels"

// liveResults ranks this session's labels on the open case, in the
// current plane, as eval's results: one per class on each slice that has
// it, with the signals that need no model run (boundary contrast, change
// from the neighbouring slices, their combination) and the Dice against
// ground truth where the case has it. For a propagated class the
// neighbour signal is the change the propagation made from slice to slice.
func (m *Model) liveResults() (*eval.Results, error) {
	v := m.view()
	res := &eval.Results{Version: eval.ResultsVersion, Dataset: m.cfg.Root, Plane: m.plane.String(), Protocol: "session labels", Variants: []string{liveVariant}}
	for _, c := range m.cfg.Classes.Classes {
		res.Classes = append(res.Classes, eval.ClassInfo{ID: c.ID, Name: c.Name})
	}
	cr := eval.CaseResult{Case: m.cfg.Cases[m.opened].ID, Variant: liveVariant}
	for n := 0; n < v.Depth; n++ {
		ed, _ := m.sess.Edit.Slice(m.plane, n)
		var gt []uint16
		if m.sess.GT != nil {
			gt, _ = m.sess.GT.Slice(m.plane, n)
		}
		grey, _ := m.sess.Image.Slice(m.plane, n)
		for _, id := range eval.PresentIDs(ed) {
			mask := classMask(ed, id)
			s := eval.SliceResult{Slice: n, Class: id, Mask: eval.EncodeRLE(mask, v.Width, v.Height), Signals: map[string]float64{}}
			if c, ok := eval.ContrastSignal(grey, mask, v.Width, v.Height); ok {
				s.Signals[confidence.Contrast] = c
			}
			if gt != nil {
				d := maskDice(classMask(gt, id), mask)
				s.Dice = &d
			}
			cr.Slices = append(cr.Slices, s)
		}
	}
	if len(cr.Slices) == 0 {
		return nil, fmt.Errorf("no labels on %s in the %s plane yet: label slices (a, enter or P), then %s ranks them least confident first", datasets.SanitizeName(cr.Case), m.plane, m.km.Confidence.Help().Key)
	}
	res.Cases = []eval.CaseResult{cr}
	if err := eval.AddCrossSignals(res); err != nil {
		return nil, err
	}
	return res, nil
}

// noPromptText is what the review says of a result with no prompt.
func noPromptText(f failure) string {
	if f.res.Variant == liveVariant {
		return "no prompt recorded"
	}
	return "no prompt (semantic)"
}
