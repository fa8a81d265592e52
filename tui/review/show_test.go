package review

import (
	"slices"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/eval"
)

// goTo jumps to the known item i (by its slice, class and variant).
func goTo(t *testing.T, rv *Model, i int) Failure {
	t.Helper()
	rv.First()
	for rv.indexOfPos() != i {
		next, it, _ := rv.Update(keyMsg("n"), Context{Opened: 0})
		*rv = next
		if !it.Jump {
			t.Fatalf("item %d is not in the order", i)
		}
	}
	return rv.Current()
}

func (rv *Model) indexOfPos() int { return indexOf(rv.Current()) }

// Show puts the last round's prompts, the stored mask (decoded) and the
// cursor at the first round's prompt on screen, with the summary.
func TestShowTheStoredResult(t *testing.T) {
	rv := newModel(t, results(items, true, false))
	f := goTo(t, rv, 1) // spleen, two rounds
	s, err := rv.Show(gridW, gridH, depth)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := f.Slice.Mask.Decode()
	last := f.Slice.Prompts[1]
	if s.Plane != datasets.Axial || s.Slice != 40 || datasets.FLARE22Classes().Classes[s.Class].ID != 3 || s.Variant != "builtin" || s.Live {
		t.Errorf("at %v slice %d class %d variant %q", s.Plane, s.Slice, s.Class, s.Variant)
	}
	if s.Box == nil || *s.Box != *last.Box || s.Box == last.Box || len(s.Points) != 2 || s.Points[0] != last.Points[0] {
		t.Errorf("prompts %v %v, want a copy of the last round's %v %v", s.Box, s.Points, last.Box, last.Points)
	}
	if s.Mask == nil || s.Mask != rv.Stored() || s.Mask.Width != gridW || !slices.Equal(s.Mask.Pix, want) {
		t.Error("the stored mask is not what Show returns and Stored reports")
	}
	// The first round is a box: the cursor goes to its centre.
	b := f.Slice.Prompts[0].Box
	if x, y := int((b.X0+b.X1)/2+0.5), int((b.Y0+b.Y1)/2+0.5); s.X != x || s.Y != y {
		t.Errorf("cursor %d,%d, want the box centre %d,%d", s.X, s.Y, x, y)
	}
	wantSummary := "failure 2/7 · spleen · slice 41 · builtin · Dice 0.300 · 2 rounds, last box [1,1,4,4] +(2,2) −(6,5)"
	if s.Summary != wantSummary || len(s.Notes) != 0 {
		t.Errorf("summary %q notes %v, want %q", s.Summary, s.Notes, wantSummary)
	}
}

// A class the dataset lacks shows as the first class with a note, named
// as the results name it.
func TestShowUnknownClass(t *testing.T) {
	rv := newModel(t, results([]item{{caseA, "builtin", 3, unknownClass, 0.2, 0, false}}, true, false))
	rv.First()
	s, err := rv.Show(gridW, gridH, depth)
	if err != nil {
		t.Fatal(err)
	}
	if s.Class != 0 || len(s.Notes) != 1 || s.Notes[0] != "class 99 is not in this dataset's class table" {
		t.Errorf("class %d notes %v", s.Class, s.Notes)
	}
	if !strings.Contains(s.Summary, " · tumour · slice 4 · ") {
		t.Errorf("summary %q does not name the class as the results do (sanitised)", s.Summary)
	}
}

// A stored result that does not fit the open case is an error that names
// the results file, the case and what changed; nothing counts as shown.
func TestShowDataChanged(t *testing.T) {
	rv := newModel(t, results(items, true, false))
	goTo(t, rv, 1)
	for _, c := range []struct {
		w, h, d int
		want    string
	}{
		{gridW, gridH, 40, "run/results.json: axial slice 40 of CASE_A is outside this case's 0..39: the data changed since the evaluation"},
		{gridW + 1, gridH, depth, "run/results.json, CASE_A slice 40: stored mask is 8x6 but the axial slice is 9x6: the data changed since the evaluation"},
	} {
		if _, err := rv.Show(c.w, c.h, c.d); err == nil || err.Error() != c.want {
			t.Errorf("%dx%dx%d: %v, want %q", c.w, c.h, c.d, err, c.want)
		}
		if rv.Stored() != nil {
			t.Error("a refused result counts as shown")
		}
	}
}

// At is true only on the failure's case, plane, slice and class, with
// ground truth, once its case has arrived.
func TestAt(t *testing.T) {
	rv := newModel(t, results(items, true, false))
	if _, ok := rv.At(Place{}); ok {
		t.Fatal("on a failure before any jump")
	}
	f := goTo(t, rv, 4) // left kidney, slice 44
	on := Place{Case: 0, Plane: datasets.Axial, Slice: 44, Class: 13, ClassOK: true, HasGT: true}
	if got, ok := rv.At(on); !ok || got.Slice != f.Slice {
		t.Fatal("not on the failure at its place")
	}
	for name, p := range map[string]Place{
		"other case":  {Case: 1, Plane: datasets.Axial, Slice: 44, Class: 13, ClassOK: true, HasGT: true},
		"other plane": {Case: 0, Plane: datasets.Coronal, Slice: 44, Class: 13, ClassOK: true, HasGT: true},
		"other slice": {Case: 0, Plane: datasets.Axial, Slice: 45, Class: 13, ClassOK: true, HasGT: true},
		"other class": {Case: 0, Plane: datasets.Axial, Slice: 44, Class: 1, ClassOK: true, HasGT: true},
		"no class":    {Case: 0, Plane: datasets.Axial, Slice: 44, Class: 13, HasGT: true},
		"no GT":       {Case: 0, Plane: datasets.Axial, Slice: 44, Class: 13, ClassOK: true},
	} {
		if _, ok := rv.At(p); ok {
			t.Errorf("%s: on the failure", name)
		}
	}
	rv.SetPending(true)
	if _, ok := rv.At(on); ok {
		t.Error("on the failure while its case loads")
	}
}

// SetNow keeps the re-prompt's Dice and puts it next to the stored one.
func TestSetNow(t *testing.T) {
	rv := newModel(t, results(items, true, false))
	goTo(t, rv, 0) // liver, 0.9
	msg := rv.SetNow(0.8125, "builtin-2\x1b[1m")
	if want := "now 0.812 (builtin-2) vs 0.900 in eval (builtin) · liver · slice 41"; msg != want {
		t.Errorf("message %q, want %q", msg, want)
	}
	if rv.Now() == nil || *rv.Now() != 0.8125 || rv.NowBy() != "builtin-2\x1b[1m" {
		t.Errorf("now %v by %q", rv.Now(), rv.NowBy())
	}
	if want := "opening CASE_A for failure 5/7…"; rv.Opening() != want {
		t.Errorf("opening message %q, want %q", rv.Opening(), want)
	}
}

// The cursor goes to the first point, else the box centre, else the
// prediction's centre, else the slice's, always inside the slice.
func TestPromptCentre(t *testing.T) {
	pix := rectMask(4, 2, 6, 4)
	for _, c := range []struct {
		name string
		ps   []eval.PromptRecord
		pix  []bool
		x, y int
	}{
		{"point", []eval.PromptRecord{{Box: &engine.Box{X0: 0, Y0: 0, X1: 2, Y1: 2}, Points: []engine.Point{{X: 3.4, Y: 1.6}}}}, pix, 3, 2},
		{"point outside", []eval.PromptRecord{{Points: []engine.Point{{X: 20, Y: -3}}}}, pix, gridW - 1, 0},
		{"box", []eval.PromptRecord{{Box: &engine.Box{X0: 0, Y0: 0, X1: 3, Y1: 2}}}, pix, 2, 1},
		{"mask", nil, pix, 5, 3},
		{"nothing", nil, make([]bool, gridW*gridH), gridW / 2, gridH / 2},
	} {
		if x, y := promptCentre(c.ps, gridW, gridH, c.pix); x != c.x || y != c.y {
			t.Errorf("%s: %d,%d, want %d,%d", c.name, x, y, c.x, c.y)
		}
	}
}
