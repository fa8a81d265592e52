package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/segtui/segtui/engine/confidence"
	"github.com/segtui/segtui/engine/eval"
)

// withSignals gives every known result of the fixture a combined signal
// that does not follow its Dice (a fixed scramble), and the contrast
// signal; without GT it also drops every Dice, as eval --prompts writes.
func withSignals(res *eval.Results, keepDice bool) {
	scramble := []float64{0.62, 0.08, 0.91, 0.45, 0.27, 0.70, 0.33, 0.5}
	i := 0
	for ci := range res.Cases {
		for si := range res.Cases[ci].Slices {
			s := &res.Cases[ci].Slices[si]
			s.Signals = map[string]float64{confidence.Combined: scramble[i%len(scramble)], confidence.Contrast: float64(i)}
			if !keepDice {
				s.Dice = nil
			}
			i++
		}
	}
}

// Results without ground truth are reviewed least confident first: the
// order is the combined signal's, n steps through it, and the status line
// and panel show the signal and say there is no ground truth.
func TestReviewWithoutGroundTruthGoesLeastConfidentFirst(t *testing.T) {
	res, path := reviewFixture(t, fixtureItems)
	withSignals(res, false)
	m := newReviewModel(t, res, path, GraphicsNone, 120, 40)
	rv := m.review
	if !rv.ByConfidence() || len(rv.Order()) != known {
		t.Fatalf("review by confidence %v with %d results, want %d", rv.ByConfidence(), len(rv.Order()), known)
	}
	// Independent of the code under test: the known results' signals, sorted.
	var want []float64
	for _, c := range res.Cases {
		if c.Case == "GONE_CASE" {
			continue
		}
		for _, s := range c.Slices {
			want = append(want, s.Signals[confidence.Combined])
		}
	}
	for i := range want {
		for j := i; j > 0 && want[j] < want[j-1]; j-- {
			want[j], want[j-1] = want[j-1], want[j]
		}
	}
	for i := 0; i < known; i++ {
		if i > 0 {
			press(m, "n")
		}
		f := rv.Order()[rv.Pos()]
		if rv.Pos() != i || f.Conf != want[i] || m.n != f.Slice.Slice {
			t.Fatalf("step %d: at %d, confidence %v on slice %d, want confidence %v", i, rv.Pos(), f.Conf, m.n, want[i])
		}
		prefix := fmt.Sprintf("least confident %d/%d · ", i+1, known)
		if !strings.HasPrefix(m.msg, prefix) || !strings.Contains(m.msg, fmt.Sprintf("confidence %.2f", want[i])) || !strings.Contains(m.msg, "no ground truth") {
			t.Fatalf("status %q: want %q, the confidence and no ground truth", m.msg, prefix)
		}
	}
	screen := ansi.Strip(m.View())
	for _, s := range []string{"Review 7/7 least confident", "confidence ", "contrast", "eval Dice – (no GT)"} {
		if !strings.Contains(screen, s) {
			t.Fatalf("review panel lacks %q:\n%s", s, screen)
		}
	}
}

// C on the open case ranks that case's results by confidence with their
// Dice beside it; C again goes back to the whole run worst Dice first.
func TestConfidenceKeyRanksTheOpenCase(t *testing.T) {
	res, path := reviewFixture(t, fixtureItems)
	withSignals(res, true)
	m := newReviewModel(t, res, path, GraphicsNone, 120, 40)
	if m.review.ByConfidence() {
		t.Fatal("results with Dice start worst first")
	}
	press(m, "n") // from the second case's result to the phantom's, which has six
	open := m.cfg.Cases[m.opened].ID
	press(m, "C")
	rv := m.review
	if !rv.ByConfidence() || rv.CaseOnly() != open || len(rv.Order()) != known-1 {
		t.Fatalf("C: by confidence %v on case %q with %d results, want the open case %q's %d", rv.ByConfidence(), rv.CaseOnly(), len(rv.Order()), open, known-1)
	}
	for i, f := range rv.Order() {
		if f.Res.Case != rv.CaseOnly() || i > 0 && f.Conf < rv.Order()[i-1].Conf {
			t.Fatalf("entry %d: case %q confidence %v after %v", i, f.Res.Case, f.Conf, rv.Order()[max(0, i-1)].Conf)
		}
	}
	f := rv.Order()[0]
	if !strings.Contains(m.msg, fmt.Sprintf("Dice %.3f", f.Dice)) || !strings.Contains(m.msg, fmt.Sprintf("confidence %.2f", f.Conf)) {
		t.Fatalf("status %q: want the confidence and the Dice side by side", m.msg)
	}
	press(m, "C")
	if m.review.ByConfidence() || len(m.review.Order()) != known {
		t.Fatalf("C again: by confidence %v with %d results, want the whole run worst first", m.review.ByConfidence(), len(m.review.Order()))
	}
}

// With no results loaded, C ranks the session's own labels on the open
// case: every labelled class on every slice, least confident first by the
// signals that need no model (contrast, change from the neighbouring
// slices), each with its Dice against the ground truth; n steps on and C
// again closes the ranking.
func TestConfidenceKeyRanksYourLabels(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 120, 40)
	press(m, "C")
	if m.review != nil || !strings.Contains(m.msg, "no labels") {
		t.Fatalf("C with nothing labelled: review %v, message %q", m.review != nil, m.msg)
	}
	start := m.n
	for _, step := range []string{"", ".", "."} {
		if step != "" {
			press(m, step)
		}
		press(m, "a")
	}
	type sc struct {
		slice int
		class uint16
	}
	labelled := map[sc]bool{}
	for n := start; n <= start+2; n++ {
		ed, _ := m.sess.Edit.Slice(m.plane, n)
		for _, id := range ed {
			if id != 0 {
				labelled[sc{n, id}] = true
			}
		}
	}
	if len(labelled) < 6 {
		t.Fatalf("a on three slices labelled %d slice classes", len(labelled))
	}
	press(m, "C")
	rv := m.review
	if rv == nil || !rv.Live() || len(rv.Order()) != len(labelled) {
		t.Fatalf("C: review %+v, want the %d labelled slice classes", rv, len(labelled))
	}
	for i, f := range rv.Order() {
		if !labelled[sc{f.Slice.Slice, f.Slice.Class}] || i > 0 && f.Conf < rv.Order()[i-1].Conf || f.NoDice {
			t.Fatalf("entry %d: slice %d class %d confidence %v (Dice known %v)", i, f.Slice.Slice, f.Slice.Class, f.Conf, !f.NoDice)
		}
		gt, _ := m.sess.GT.Slice(m.plane, f.Slice.Slice)
		ed, _ := m.sess.Edit.Slice(m.plane, f.Slice.Slice)
		if want := maskDice(classMask(gt, f.Slice.Class), classMask(ed, f.Slice.Class)); f.Dice != want {
			t.Fatalf("entry %d: Dice %v, want %v", i, f.Dice, want)
		}
	}
	f := rv.Order()[0]
	if m.n != f.Slice.Slice || !strings.HasPrefix(m.msg, fmt.Sprintf("least confident 1/%d · ", len(labelled))) ||
		!strings.Contains(m.msg, "your labels · ") || !strings.Contains(m.msg, "no prompt recorded") || !strings.Contains(m.msg, fmt.Sprintf("Dice %.3f", f.Dice)) {
		t.Fatalf("on slice %d, status %q", m.n, m.msg)
	}
	press(m, "n")
	if rv.Pos() != 1 || m.n != rv.Order()[1].Slice.Slice {
		t.Fatalf("n: at %d on slice %d", rv.Pos(), m.n)
	}
	press(m, "C")
	if m.review != nil {
		t.Fatal("C again did not close the ranking of your labels")
	}
}
