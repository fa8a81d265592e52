package tui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
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

// newConfidenceReview orders res's per-slice results least confident
// first (the combined signal eval records; ties by class, case, slice and
// variant), for every case this session has or, with caseOnly, for one.
// Results keep their Dice where they have one, so the two can be read
// side by side.
func newConfidenceReview(res *eval.Results, path string, cases []CaseEntry, caseOnly string) (*reviewState, error) {
	rv, idx, variant, err := reviewBase(res, path, cases)
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
		rv.order = append(rv.order, failure{caseIdx: ci, res: cr, slice: &cr.Slices[ref.Slice], dice: ref.Dice,
			conf: ref.Signal, hasConf: true, noDice: !ref.HasDice})
	}
	sortFailures(rv.order, variant, func(f failure) float64 { return f.conf })
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

// toggleConfidenceReview (C) ranks the open case least confident first:
// the loaded evaluation results (segtui review, R) of that case, else this
// session's own labels on it (liveResults). Pressed again, it goes back to
// the whole run's order, or closes the ranking of the labels.
func (m *Model) toggleConfidenceReview() tea.Cmd {
	if m.sess == nil || m.opened < 0 || m.opened >= len(m.cfg.Cases) {
		m.setMsg("open a case first: %s ranks its results least confident first", m.km.Confidence.Help().Key)
		return nil
	}
	if rv := m.review; rv != nil && rv.byConf && rv.caseOnly != "" {
		if rv.live {
			m.review = nil
			m.setMsg("confidence ranking of your labels closed")
			return m.refresh()
		}
		whole, err := newReview(rv.res, rv.path, m.cfg.Cases)
		if err != nil {
			m.setErr(err)
			return nil
		}
		m.review = whole
		m.setMsg("review: every case, %s", whole.orderNote())
		return m.jumpFailure(0)
	}
	res, path, live := (*eval.Results)(nil), "", false
	if m.review != nil {
		res, path = m.review.res, m.review.path
	} else {
		var err error
		if res, err = m.liveResults(); err != nil {
			m.setMsg("%v", err)
			return nil
		}
		path, live = "this session's labels", true
	}
	rv, err := newConfidenceReview(res, path, m.cfg.Cases, m.cfg.Cases[m.opened].ID)
	if err != nil {
		m.setErr(err)
		return nil
	}
	rv.live = live
	m.review = rv
	return m.jumpFailure(0)
}

// itemName is what the status line calls one entry of the order.
func (rv *reviewState) itemName() string {
	if rv.byConf {
		return "least confident"
	}
	return "failure"
}

// orderNote is the panel title's note on the order.
func (rv *reviewState) orderNote() string {
	switch {
	case rv.byConf && rv.caseOnly != "":
		return "this case" // the status line says "least confident"
	case rv.byConf:
		return "least confident"
	}
	return "worst first"
}

// scoreTexts are the status line's scores: confidence where the results
// have it, and Dice, or that there is no ground truth.
func (f failure) scoreTexts() []string {
	var out []string
	if f.hasConf {
		out = append(out, fmt.Sprintf("confidence %.2f", f.conf))
	}
	if f.noDice {
		return append(out, "no ground truth")
	}
	return append(out, fmt.Sprintf("Dice %.3f", f.dice))
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
func (f failure) listValue() string {
	if f.hasConf {
		return fmt.Sprintf("%.3f", f.conf)
	}
	return fmt.Sprintf("%.3f", f.dice)
}
