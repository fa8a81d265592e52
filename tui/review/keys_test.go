package review

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func keyMsg(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// n and N step through the order and ask the root to jump; at either end
// they say so and stay.
func TestNextAndPrevious(t *testing.T) {
	rv := newModel(t, results(items, true, false))
	at := Context{Opened: 0}
	if it, ok := rv.Begin(); !ok || !it.Jump || rv.Pos() != 0 {
		t.Fatalf("Begin: %+v %v at %d", it, ok, rv.Pos())
	}
	if _, ok := rv.Begin(); ok {
		t.Fatal("Begin after a jump jumped again")
	}
	for i := 1; i < known; i++ {
		next, it, ok := rv.Update(keyMsg("n"), at)
		*rv = next
		if !ok || !it.Jump || it.Msg != "" || rv.Pos() != i {
			t.Fatalf("n to %d: %+v at %d", i, it, rv.Pos())
		}
	}
	next, it, _ := rv.Update(keyMsg("n"), at)
	*rv = next
	if it.Jump || it.Msg != "no further failure: this is 7 of 7" || rv.Pos() != known-1 {
		t.Errorf("n past the last: %+v at %d", it, rv.Pos())
	}
	for i := known - 2; i >= 0; i-- {
		*rv, it, _ = rv.Update(keyMsg("N"), at)
		if !it.Jump || rv.Pos() != i {
			t.Fatalf("N to %d: %+v at %d", i, it, rv.Pos())
		}
	}
	*rv, it, _ = rv.Update(keyMsg("N"), at)
	if it.Jump || it.Msg != "no worse failure: this is 1 of 7" || rv.Pos() != 0 {
		t.Errorf("N before the first: %+v at %d", it, rv.Pos())
	}
	if _, _, ok := rv.Update(keyMsg("x"), at); ok {
		t.Error("x was taken as a review key")
	}
}

// A jump forgets what was on screen of the last failure: its stored mask
// and its re-prompt's Dice.
func TestJumpForgetsTheLastFailure(t *testing.T) {
	rv := newModel(t, results(items, true, false))
	rv.First()
	if _, err := rv.Show(gridW, gridH, depth); err != nil {
		t.Fatal(err)
	}
	rv.SetNow(0.5, "builtin")
	if rv.Stored() == nil || rv.Now() == nil {
		t.Fatal("Show and SetNow left nothing")
	}
	*rv, _, _ = rv.Update(keyMsg("n"), Context{Opened: 0})
	if rv.Stored() != nil || rv.Now() != nil {
		t.Errorf("after n: stored %v, now %v", rv.Stored() != nil, rv.Now())
	}
}

// R hides the panel (the image pane widens) and brings it back with the
// failure's summary, or, before any jump, by jumping to the first.
func TestToggle(t *testing.T) {
	rv := newModel(t, results(items, true, false))
	at := Context{Opened: -1}
	var it Intent
	for i, step := range []struct {
		visible bool
		want    Intent
	}{
		{false, Intent{Msg: "review panel hidden; R brings it back", Refresh: true}},
		{true, Intent{Jump: true}},
		{false, Intent{Msg: "review panel hidden; R brings it back", Refresh: true}},
		{true, Intent{Msg: "failure 1/7 · pancreas · slice 31 · builtin · Dice 0.050 · box [1,1,5,4]", Refresh: true}},
	} {
		var ok bool
		*rv, it, ok = rv.Update(keyMsg("R"), at)
		if !ok || it != step.want || rv.Visible() != step.visible || rv.Pos() != 0 && step.want.Jump {
			t.Fatalf("R %d: visible %v, %+v; want %v, %+v", i+1, rv.Visible(), it, step.visible, step.want)
		}
	}
}

// C ranks the open case least confident first, and C again goes back to
// the whole run worst first; with no case open it says to open one.
func TestConfidenceKey(t *testing.T) {
	rv := newModel(t, results(items, true, true))
	rv.First()
	_, it, ok := rv.Update(keyMsg("C"), Context{Opened: -1})
	if !ok || it.Msg != "open a case first: C ranks its results least confident first" || it.Jump {
		t.Fatalf("C with no case open: %+v", it)
	}
	*rv, it, _ = rv.Update(keyMsg("C"), Context{Opened: 0})
	if !it.Jump || !rv.ByConfidence() || rv.CaseOnly() != caseA || len(rv.Order()) != known-1 || rv.Pos() != 0 {
		t.Fatalf("C on %s: %+v, by confidence %v on %q with %d", caseA, it, rv.ByConfidence(), rv.CaseOnly(), len(rv.Order()))
	}
	*rv, it, _ = rv.Update(keyMsg("C"), Context{Opened: 0})
	if !it.Jump || it.Msg != "review: every case, worst first" || rv.ByConfidence() || len(rv.Order()) != known || rv.Pos() != 0 {
		t.Fatalf("C again: %+v, by confidence %v with %d", it, rv.ByConfidence(), len(rv.Order()))
	}
	// Without signals for the case, C says so and keeps the order.
	plain := newModel(t, results(items, true, false))
	plain.First()
	next, it, _ := plain.Update(keyMsg("C"), Context{Opened: 1})
	if it.Err == nil || it.Jump || next.ByConfidence() {
		t.Errorf("C without signals: %+v", it)
	}
}

// The ranking of the session's labels closes on C.
func TestLabelsCloseOnC(t *testing.T) {
	res := results(items[:3], true, true)
	rv, err := Labels(res, setup(), caseA)
	if err != nil {
		t.Fatal(err)
	}
	if !rv.Live() || rv.CaseOnly() != caseA || !rv.ByConfidence() {
		t.Fatalf("Labels: live %v on %q", rv.Live(), rv.CaseOnly())
	}
	rv.First()
	_, it, _ := rv.Update(keyMsg("C"), Context{Opened: 0})
	if !it.Close || it.Msg != "confidence ranking of your labels closed" {
		t.Errorf("C on the labels' ranking: %+v", it)
	}
}

// With no results loaded, n and N say how to load some, R looks for them
// and C ranks the session's labels once a case is open.
func TestUnloaded(t *testing.T) {
	k := setup().Keys
	for _, c := range []struct {
		key    string
		opened int
		want   Intent
	}{
		{"n", 0, Intent{Msg: "no evaluation results loaded: press R to look for them, or start with segtui review RESULTS.json"}},
		{"N", -1, Intent{Msg: "no evaluation results loaded: press R to look for them, or start with segtui review RESULTS.json"}},
		{"R", -1, Intent{LoadDefault: true}},
		{"C", -1, Intent{Msg: "open a case first: C ranks its results least confident first"}},
		{"C", 1, Intent{RankLabels: true}},
	} {
		it, ok := Unloaded(k, keyMsg(c.key), Context{Opened: c.opened})
		if !ok || it != c.want {
			t.Errorf("%s (case %d): %+v, want %+v", c.key, c.opened, it, c.want)
		}
	}
	if _, ok := Unloaded(k, keyMsg("a"), Context{}); ok {
		t.Error("a was taken as a review key")
	}
}
