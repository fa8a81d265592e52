package review

import (
	"strings"
	"testing"

	"github.com/segtui/segtui/engine/eval"
)

// want is an entry of the expected order, derived from items without the
// code under test.
type want struct {
	caseIdx, slice int
	class          uint16
	variant        string
	key            float64
}

// expected sorts the known items by key (insertion sort), ties by class,
// case, slice and variant order.
func expected(key func(item) float64, caseOnly string) []want {
	var exp []want
	for _, it := range items {
		ci := map[string]int{caseA: 0, caseB: 1}[it.caseID]
		if it.caseID == "GONE_CASE" || caseOnly != "" && it.caseID != caseOnly {
			continue
		}
		exp = append(exp, want{ci, it.slice, it.class, it.variant, key(it)})
	}
	less := func(a, b want) bool {
		switch {
		case a.key != b.key:
			return a.key < b.key
		case a.class != b.class:
			return a.class < b.class
		case a.caseIdx != b.caseIdx:
			return a.caseIdx < b.caseIdx
		case a.slice != b.slice:
			return a.slice < b.slice
		}
		return a.variant < b.variant
	}
	for i := range exp {
		for j := i; j > 0 && less(exp[j], exp[j-1]); j-- {
			exp[j], exp[j-1] = exp[j-1], exp[j]
		}
	}
	return exp
}

func checkOrder(t *testing.T, rv *Model, exp []want, key func(Failure) float64) {
	t.Helper()
	if len(rv.Order()) != len(exp) {
		t.Fatalf("order has %d results, want %d", len(rv.Order()), len(exp))
	}
	for i, f := range rv.Order() {
		got := want{f.CaseIdx, f.Slice.Slice, f.Slice.Class, f.Res.Variant, key(f)}
		if got != exp[i] {
			t.Errorf("entry %d: %+v, want %+v", i, got, exp[i])
		}
	}
}

// Results with Dice go worst first, ties by class (the Dice-1 pair comes
// IVC before stomach), results of cases the session lacks are counted and
// left out, and nothing is on screen before the first jump.
func TestOrderWorstFirst(t *testing.T) {
	rv := newModel(t, results(items, true, true))
	exp := expected(func(it item) float64 { return it.dice }, "")
	if exp[0].caseIdx != 1 || exp[known-2].class != 6 || exp[known-1].class != 11 {
		t.Fatalf("fixture: want the second case's result first and the Dice-1 tie in class order, got %+v", exp)
	}
	checkOrder(t, rv, exp, func(f Failure) float64 { return f.Dice })
	if rv.Skipped() != 1 || rv.ByConfidence() || rv.Pos() != -1 || !rv.Visible() || rv.Stored() != nil || rv.Now() != nil {
		t.Errorf("skipped %d, by confidence %v, at %d, visible %v", rv.Skipped(), rv.ByConfidence(), rv.Pos(), rv.Visible())
	}
	for i, f := range rv.Order() {
		if f.HasConf || f.NoDice { // worst first lists Dice, not the signal
			t.Errorf("entry %d: has confidence %v, no Dice %v", i, f.HasConf, f.NoDice)
		}
	}
}

// Results without any Dice go least confident first, say there is no
// ground truth, and a confidence ranking of one case keeps the Dice.
func TestOrderLeastConfidentFirst(t *testing.T) {
	rv := newModel(t, results(items, false, true))
	checkOrder(t, rv, expected(func(it item) float64 { return it.conf }, ""), func(f Failure) float64 { return f.Conf })
	if !rv.ByConfidence() || rv.CaseOnly() != "" || rv.Live() {
		t.Errorf("by confidence %v, case %q, live %v", rv.ByConfidence(), rv.CaseOnly(), rv.Live())
	}
	for i, f := range rv.Order() {
		if !f.HasConf || !f.NoDice {
			t.Errorf("entry %d: has confidence %v, no Dice %v", i, f.HasConf, f.NoDice)
		}
	}
	one, err := NewConfidence(results(items, true, true), "r.json", setup(), caseA)
	if err != nil {
		t.Fatal(err)
	}
	checkOrder(t, one, expected(func(it item) float64 { return it.conf }, caseA), func(f Failure) float64 { return f.Conf })
	for i, f := range one.Order() {
		if f.NoDice || f.Dice != items[indexOf(f)].dice {
			t.Errorf("entry %d: Dice %v (no Dice %v), want the stored one", i, f.Dice, f.NoDice)
		}
	}
}

func indexOf(f Failure) int {
	for i, it := range items {
		if it.slice == f.Slice.Slice && it.class == f.Slice.Class && it.variant == f.Res.Variant && it.caseID == f.Res.Case {
			return i
		}
	}
	return -1
}

// Results that cannot be reviewed here are refused with what was expected
// and found.
func TestOrderErrors(t *testing.T) {
	gone := []item{items[len(items)-1]}
	for _, c := range []struct {
		name string
		res  *eval.Results
		conf string
		want string
	}{
		{"only other cases", results(gone, true, false), "", "none of its 1 per-slice results name a case of this dataset (cases GONE_CASE, ...)"},
		{"only other cases, no Dice", results(gone, false, true), "", "none of its 1 per-slice results name a case of this dataset"},
		{"neither Dice nor signals", results(items, false, false), "", "no per-slice results with a Dice or confidence signals"},
		{"bad plane", &eval.Results{Plane: "oblique"}, "", "oblique"},
		{"case without signals", results(items, true, false), caseB, "no results with confidence signals for case CASE_B"},
	} {
		var err error
		if c.conf != "" {
			_, err = NewConfidence(c.res, "r.json", setup(), c.conf)
		} else {
			_, err = New(c.res, "r.json", setup())
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}
