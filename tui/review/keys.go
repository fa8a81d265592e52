package review

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/keymap"
)

// KeyMap is review's section of the program's keymap.
type KeyMap struct {
	Next, Prev key.Binding // the next and previous failure (n, N)
	Toggle     key.Binding // shows or hides the panel, or looks for results (R)
	Confidence key.Binding // ranks the open case least confident first (C)
}

// NewKeyMap takes review's bindings from the program's keymap, so user
// overrides apply.
func NewKeyMap(km keymap.KeyMap) KeyMap {
	return KeyMap{Next: km.NextFailure, Prev: km.PrevFailure, Toggle: km.Review, Confidence: km.Confidence}
}

// ShortHelp is what the panel's hint line shows.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Next, k.Prev, k.Toggle} }

// FullHelp lists every review binding.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev, k.Toggle, k.Confidence}}
}

// Context is what a key needs to know of the root: the open case.
type Context struct {
	Opened int // index into Setup.Cases of the open case; -1: none
}

// Intent is what the root must do after a review key. The message (Msg,
// or Err as an error) comes first, then at most one of the rest.
type Intent struct {
	Msg string
	Err error
	// Jump goes to Current: its case (opened first if need be, with
	// SetPending), then Show.
	Jump bool
	// Refresh redraws: the panel's width changed.
	Refresh bool
	// Close drops the review (the ranking of the session's labels).
	Close bool
	// LoadDefault looks for eval's default output folder (OpenDefault).
	LoadDefault bool
	// RankLabels ranks the session's labels on the open case (Labels).
	RankLabels bool
}

// Unloaded is what a review key does while no results are loaded; ok
// reports whether msg is one.
func Unloaded(k KeyMap, msg tea.KeyMsg, at Context) (_ Intent, ok bool) {
	switch {
	case key.Matches(msg, k.Next), key.Matches(msg, k.Prev):
		return Intent{Msg: fmt.Sprintf("no evaluation results loaded: press %s to look for them, or start with segtui review RESULTS.json", k.Toggle.Help().Key)}, true
	case key.Matches(msg, k.Toggle):
		return Intent{LoadDefault: true}, true
	case key.Matches(msg, k.Confidence):
		if at.Opened < 0 {
			return openFirst(k), true
		}
		return Intent{RankLabels: true}, true
	}
	return Intent{}, false
}

func openFirst(k KeyMap) Intent {
	return Intent{Msg: fmt.Sprintf("open a case first: %s ranks its results least confident first", k.Confidence.Help().Key)}
}

// Update handles n, N, R and C; ok reports whether msg was one.
func (rv Model) Update(msg tea.KeyMsg, at Context) (_ Model, _ Intent, ok bool) {
	switch {
	case key.Matches(msg, rv.KeyMap.Next), key.Matches(msg, rv.KeyMap.Prev):
		step := 1
		if key.Matches(msg, rv.KeyMap.Prev) {
			step = -1
		}
		n := len(rv.order)
		next := rv.pos + step
		if rv.pos < 0 {
			next = 0
		}
		if next < 0 || next >= n {
			return rv, Intent{Msg: fmt.Sprintf("no %s failure: this is %d of %d", map[int]string{1: "further", -1: "worse"}[step], rv.pos+1, n)}, true
		}
		return rv, rv.jump(next), true
	case key.Matches(msg, rv.KeyMap.Toggle):
		it := rv.toggle()
		return rv, it, true
	case key.Matches(msg, rv.KeyMap.Confidence):
		next, it := rv.toggleConfidence(at)
		return next, it, true
	}
	return rv, Intent{}, false
}

// First goes to the first failure.
func (rv *Model) First() Intent { return rv.jump(0) }

// Begin goes to the first failure unless a jump was made: review mode
// opens on the worst failure instead of the first case.
func (rv *Model) Begin() (Intent, bool) {
	if rv.pos >= 0 {
		return Intent{}, false
	}
	return rv.jump(0), true
}

// jump makes failure i the current one, with nothing of it on screen yet.
func (rv *Model) jump(i int) Intent {
	rv.pos, rv.show, rv.now, rv.stored = i, true, nil, nil
	return Intent{Jump: true}
}

// toggle shows or hides the panel.
func (rv *Model) toggle() Intent {
	rv.show = !rv.show
	if !rv.show {
		return Intent{Msg: fmt.Sprintf("review panel hidden; %s brings it back", rv.KeyMap.Toggle.Help().Key), Refresh: true}
	}
	if rv.pos < 0 {
		return rv.jump(0)
	}
	return Intent{Msg: rv.summary(rv.order[rv.pos]), Refresh: true}
}

// toggleConfidence (C) ranks the open case least confident first; pressed
// again, it goes back to the whole run's order, or closes the ranking of
// the session's labels.
func (rv Model) toggleConfidence(at Context) (Model, Intent) {
	if at.Opened < 0 || at.Opened >= len(rv.setup.Cases) {
		return rv, openFirst(rv.KeyMap)
	}
	if rv.byConf && rv.caseOnly != "" {
		if rv.live {
			return rv, Intent{Msg: "confidence ranking of your labels closed", Close: true}
		}
		whole, err := New(rv.res, rv.path, rv.setup)
		if err != nil {
			return rv, Intent{Err: err}
		}
		msg := fmt.Sprintf("review: every case, %s", whole.orderNote())
		it := whole.jump(0)
		it.Msg = msg
		return *whole, it
	}
	byCase, err := NewConfidence(rv.res, rv.path, rv.setup, rv.setup.Cases[at.Opened])
	if err != nil {
		return rv, Intent{Err: err}
	}
	return *byCase, byCase.jump(0)
}
