package review

import (
	"fmt"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/confidence"
	"github.com/segtui/segtui/engine/eval"
)

// hasAnyDice says whether any per-slice result was scored against ground
// truth; without, review orders by confidence.
func hasAnyDice(res *eval.Results) bool {
	for _, c := range res.Cases {
		for _, s := range c.Slices {
			if s.Dice != nil {
				return true
			}
		}
	}
	return false
}

// NewConfidence orders res's per-slice results least confident first (the
// combined signal eval records; ties by class, case, slice and variant),
// for every case of s or, with caseOnly, for one. Results keep their Dice
// where they have one, so the two can be read side by side.
func NewConfidence(res *eval.Results, path string, s Setup, caseOnly string) (*Model, error) {
	rv, idx, variant, err := base(res, path, s)
	if err != nil {
		return nil, err
	}
	rv.byConf, rv.caseOnly = true, caseOnly
	for _, ref := range res.LeastConfidentFirst() {
		cr := &res.Cases[ref.Case]
		if caseOnly != "" && cr.Case != caseOnly {
			continue
		}
		ci, ok := idx[cr.Case]
		if !ok {
			rv.skipped++
			continue
		}
		rv.order = append(rv.order, Failure{CaseIdx: ci, Res: cr, Slice: &cr.Slices[ref.Slice], Dice: ref.Dice,
			Conf: ref.Signal, HasConf: true, NoDice: !ref.HasDice})
	}
	sortFailures(rv.order, variant, func(f Failure) float64 { return f.Conf })
	if len(rv.order) == 0 {
		switch {
		case caseOnly != "":
			return nil, fmt.Errorf("%s has no results with confidence signals for case %s: evaluate it (segtui eval, with --prompts where it has no labels)", path, datasets.SanitizeName(caseOnly))
		case rv.skipped > 0:
			return nil, fmt.Errorf("%s: none of its %d per-slice results name a case of this dataset (cases %s, ...): is it the evaluated data?", path, rv.skipped, datasets.SanitizeName(res.Cases[0].Case))
		}
		return nil, fmt.Errorf("%s has no per-slice results with a Dice or confidence signals to review (written by an older segtui eval?)", path)
	}
	rv.measureList()
	return rv, nil
}

// Labels ranks res, the session's own labels on case caseID as eval's
// results (one variant, LiveVariant), least confident first; C closes it
// again.
func Labels(res *eval.Results, s Setup, caseID string) (*Model, error) {
	rv, err := NewConfidence(res, "this session's labels", s, caseID)
	if err != nil {
		return nil, err
	}
	rv.live = true
	return rv, nil
}

// itemName is what the message line calls one entry of the order.
func (rv *Model) itemName() string {
	if rv.byConf {
		return "least confident"
	}
	return "failure"
}

// orderNote is the panel title's note on the order.
func (rv *Model) orderNote() string {
	switch {
	case rv.byConf && rv.caseOnly != "":
		return "this case" // the message line says "least confident"
	case rv.byConf:
		return "least confident"
	}
	return "worst first"
}

// scoreTexts are the message line's scores: confidence where the results
// have it, and Dice, or that there is no ground truth.
func (f Failure) scoreTexts() []string {
	var out []string
	if f.HasConf {
		out = append(out, fmt.Sprintf("confidence %.2f", f.Conf))
	}
	if f.NoDice {
		return append(out, "no ground truth")
	}
	return append(out, fmt.Sprintf("Dice %.3f", f.Dice))
}

// signalLines are the panel's lines for the stored result's signals, in
// report order; "combined" is shown as the confidence above them.
func signalLines(s *eval.SliceResult) []string {
	var out []string
	for _, name := range confidence.Order {
		if name == confidence.Combined {
			continue
		}
		if v, ok := s.Signals[name]; ok {
			out = append(out, fmt.Sprintf(" %-9s %.3g", name, v))
		}
	}
	return out
}

// listValue is the number the panel's list shows for an entry: its
// confidence in confidence order, else its Dice.
func (f Failure) listValue() string {
	if f.HasConf {
		return fmt.Sprintf("%.3f", f.Conf)
	}
	return fmt.Sprintf("%.3f", f.Dice)
}
