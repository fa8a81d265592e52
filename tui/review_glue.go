package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/confidence"
	"github.com/segtui/segtui/engine/eval"
	"github.com/segtui/segtui/keymap"
	"github.com/segtui/segtui/tui/review"
)

// Review mode's glue: the panel (tui/review) orders the results and takes
// its keys; the root opens the case it asks for, moves to the slice, puts
// the stored prompts and mask on screen and scores re-prompts, since all
// of that is the session's.

// LoadResults reads an evaluation's results.json (see review.LoadResults).
func LoadResults(path string) (*eval.Results, string, error) { return review.LoadResults(path) }

// ReviewPaths are the data and manifest a review reopens (see
// review.ReviewPaths).
func ReviewPaths(res *eval.Results, resultsPath, dataset, models string) (string, string, error) {
	return review.ReviewPaths(res, resultsPath, dataset, models)
}

// StartReview puts the model in review mode on res (read from path):
// Init then opens the worst failure instead of the first case.
func (m *Model) StartReview(res *eval.Results, path string) error {
	rv, err := review.New(res, path, reviewSetup(m.cfg, m.km, m.st))
	if err != nil {
		return err
	}
	m.review = rv
	return nil
}

// reviewSetup is what the review draws on of this program's config.
func reviewSetup(cfg Config, km keymap.KeyMap, st Styles) review.Setup {
	return review.Setup{Cases: caseIDs(cfg.Cases), Classes: cfg.Classes, Keys: review.NewKeyMap(km), Styles: st}
}

// reviewInit opens the worst failure when the model starts in review mode.
func (m *Model) reviewInit() (tea.Cmd, bool) {
	if m.review == nil {
		return nil, false
	}
	it, ok := m.review.Begin()
	if !ok {
		return nil, false
	}
	return m.applyReview(it), true
}

// onReviewKey passes n, N, R and C to the review (or, with no results,
// asks what they do without), and U to the disagreement overlay; ok
// reports whether the key was one.
func (m *Model) onReviewKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	at := review.Context{Opened: -1}
	if m.sess != nil && m.opened >= 0 && m.opened < len(m.cfg.Cases) {
		at.Opened = m.opened
	}
	var it review.Intent
	ok := false
	if m.review == nil {
		it, ok = review.Unloaded(review.NewKeyMap(m.km), msg, at)
	} else {
		var rv review.Model
		rv, it, ok = m.review.Update(msg, at)
		*m.review = rv
	}
	switch {
	case ok:
		return m.applyReview(it), true
	case key.Matches(msg, m.km.Disagreement) && m.focus != focusBrowser:
		return m.toggleDisagreement(), true
	}
	return nil, false
}

// applyReview does what the review asks: the message first, then the rest.
func (m *Model) applyReview(it review.Intent) tea.Cmd {
	switch {
	case it.Err != nil:
		m.setErr(it.Err)
	case it.Msg != "":
		m.setMsg("%s", it.Msg)
	}
	switch {
	case it.Close:
		m.review = nil
		return m.refresh()
	case it.LoadDefault:
		rv, open := review.OpenDefault(m.cfg.Root, reviewSetup(m.cfg, m.km, m.st))
		if rv != nil {
			m.review = rv
		}
		return m.applyReview(open)
	case it.RankLabels:
		res, err := m.liveResults()
		if err != nil {
			m.setMsg("%v", err)
			return nil
		}
		rv, err := review.Labels(res, reviewSetup(m.cfg, m.km, m.st), m.cfg.Cases[m.opened].ID)
		if err != nil {
			m.setErr(err)
			return nil
		}
		m.review = rv
		return m.applyReview(rv.First())
	case it.Jump:
		return m.jumpFailure()
	case it.Refresh:
		return m.refresh()
	}
	return nil
}

// jumpFailure goes to the current failure: its case (loaded first if
// need be), then plane, slice, class and variant, with its stored prompt
// and prediction.
func (m *Model) jumpFailure() tea.Cmd {
	f := m.review.Current()
	m.focus = focusImage
	if f.CaseIdx != m.opened || m.sess == nil {
		m.review.SetPending(true)
		m.setMsg("%s", m.review.Opening())
		return m.openCase(f.CaseIdx)
	}
	return m.showFailure()
}

// reviewAfterLoad finishes a jump whose case has just opened.
func (m *Model) reviewAfterLoad(msg caseLoadedMsg) tea.Cmd {
	rv := m.review
	if rv == nil || !rv.Pending() || msg.gen != m.loadGen {
		return nil
	}
	rv.SetPending(false)
	if msg.err != nil || m.sess == nil || m.opened != rv.Current().CaseIdx {
		return nil // the load error is already on the status line
	}
	return m.showFailure()
}

// showFailure sets plane, slice, class and variant of the current failure
// on the open case and puts its stored prompts and prediction on screen.
func (m *Model) showFailure() tea.Cmd {
	v := m.sess.Image.View(m.review.Plane())
	s, err := m.review.Show(v.Width, v.Height, v.Depth)
	if err != nil {
		m.setErr(err)
		return nil
	}
	m.plane, m.n, m.class = s.Plane, s.Slice, s.Class
	notes := s.Notes
	if !s.Live {
		engine := -1
		for i, slot := range m.slots {
			if slot.entry.Name == s.Variant {
				engine = i
				break
			}
		}
		if engine >= 0 {
			m.engine = engine
		} else {
			notes = append(notes, fmt.Sprintf("variant %s is not loaded (pass --models)", datasets.SanitizeName(s.Variant)))
		}
	}
	m.clearPrompts()
	m.points, m.box = s.Points, s.Box
	m.proposal = s.Mask
	m.cx, m.cy = s.X, s.Y
	m.setMsg("%s", s.Summary)
	if len(notes) > 0 {
		m.msg += " (" + strings.Join(notes, "; ") + ")"
	}
	return tea.Batch(m.refresh(), m.prefetch())
}

// onFailure reports whether the view is on the current failure's case,
// plane, slice and class, where re-prompts are compared with it.
func (m *Model) onFailure() (review.Failure, bool) {
	if m.review == nil || m.sess == nil {
		return review.Failure{}, false
	}
	c, ok := m.activeClass()
	return m.review.At(review.Place{Case: m.opened, Plane: m.plane, Slice: m.n, Class: c.ID, ClassOK: ok, HasGT: m.sess.GT != nil})
}

// reviewAfterDecode scores a new proposal on the failure's class against
// ground truth and puts it next to the stored Dice.
func (m *Model) reviewAfterDecode(msg decodedMsg) {
	f, ok := m.onFailure()
	if !ok || msg.err != nil || msg.mask == nil || m.proposal != msg.mask {
		return
	}
	gt, _ := m.sess.GT.Slice(m.plane, m.n)
	d := maskDice(classMask(gt, f.Slice.Class), msg.mask.Pix)
	m.setMsg("%s", m.review.SetNow(d, m.slots[msg.engineIndex].entry.Name))
}

// storedShown reports whether the proposal on screen is the stored
// prediction, drawn in its own colour.
func (m *Model) storedShown() bool {
	return m.review != nil && m.review.Stored() != nil && m.proposal == m.review.Stored()
}

// reviewPanel draws the review panel w x h in place of the case browser.
func (m *Model) reviewPanel(w, h int) string {
	_, onIt := m.onFailure()
	m.review.SetSize(w, h)
	m.review.SetData(review.Data{OnIt: onIt, Stored: m.storedShown()})
	return m.review.View()
}

// liveResults ranks this session's labels on the open case, in the
// current plane, as eval's results: one per class on each slice that has
// it, with the signals that need no model run (boundary contrast, change
// from the neighbouring slices, their combination) and the Dice against
// ground truth where the case has it. For a propagated class the
// neighbour signal is the change the propagation made from slice to slice.
func (m *Model) liveResults() (*eval.Results, error) {
	v := m.view()
	res := &eval.Results{Version: eval.ResultsVersion, Dataset: m.cfg.Root, Plane: m.plane.String(), Protocol: "session labels", Variants: []string{review.LiveVariant}}
	for _, c := range m.cfg.Classes.Classes {
		res.Classes = append(res.Classes, eval.ClassInfo{ID: c.ID, Name: c.Name})
	}
	cr := eval.CaseResult{Case: m.cfg.Cases[m.opened].ID, Variant: review.LiveVariant}
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

// maskDice is Dice with the FLARE22 convention eval uses: both empty is 1.
func maskDice(gt, pred []bool) float64 {
	var inter, g, p int
	for i, on := range gt {
		if on {
			g++
			if pred[i] {
				inter++
			}
		}
		if pred[i] {
			p++
		}
	}
	if g+p == 0 {
		return 1
	}
	return 2 * float64(inter) / float64(g+p)
}

// classMask is where a label slice holds id.
func classMask(l []uint16, id uint16) []bool {
	m := make([]bool, len(l))
	for i, v := range l {
		m[i] = v == id
	}
	return m
}
