package metrics

import (
	"strings"
	"testing"
)

// twoOrgans labels a disc of class 1 and a rectangle of class 2.
func twoOrgans(cx, r, x0 int) []uint16 {
	l := make([]uint16, testW*testH)
	paint(l, 1, disc(cx, 18, r))
	paint(l, 2, rect(x0, x0+8, 30, 40))
	return l
}

// overlapOf counts class id between label maps directly, so the expected
// values do not come from the accumulator under test.
func overlapOf(id uint16, gt, pred []uint16) Overlap {
	var o Overlap
	for i := range gt {
		g, p := gt[i] == id, pred[i] == id
		if g {
			o.GT++
		}
		if p {
			o.Pred++
		}
		if g && p {
			o.Inter++
		}
	}
	return o
}

func TestCaseDiceClassScopeCountsOnlyItsSlices(t *testing.T) {
	c := NewCaseDice([]uint16{0, 1, 2})
	gt0, pred0 := twoOrgans(20, 8, 40), twoOrgans(21, 7, 42)
	// Slice 1: only class 1 was labelled; class 2 is in the ground truth
	// but the prediction has none of it, which must not count as a miss.
	gt1 := twoOrgans(22, 9, 38)
	pred1 := make([]uint16, len(gt1))
	paint(pred1, 1, disc(23, 18, 8))
	if err := c.SetSlice(0, gt0, pred0); err != nil {
		t.Fatal(err)
	}
	if err := c.SetSliceClasses(1, gt1, pred1, []uint16{1}); err != nil {
		t.Fatal(err)
	}
	want1 := overlapOf(1, gt0, pred0).Add(overlapOf(1, gt1, pred1))
	if got := c.Overlap(1); got != want1 {
		t.Fatalf("class 1 counts %+v, want %+v over both slices", got, want1)
	}
	for _, id := range []uint16{0, 2} {
		if got, want := c.Overlap(id), overlapOf(id, gt0, pred0); got != want {
			t.Fatalf("class %d counts %+v, want slice 0's alone %+v", id, got, want)
		}
	}
	if c.Slices() != 2 || c.SlicesFor(1) != 2 || c.SlicesFor(2) != 1 || c.SlicesFor(0) != 1 {
		t.Fatalf("slices %d, for 1: %d, for 2: %d, for 0: %d; want 2, 2, 1, 1", c.Slices(), c.SlicesFor(1), c.SlicesFor(2), c.SlicesFor(0))
	}

	// Re-recording slice 1 for both classes replaces its contribution.
	if err := c.SetSliceClasses(1, gt1, pred1, []uint16{2, 1, 2}); err != nil {
		t.Fatal(err)
	}
	want2 := overlapOf(2, gt0, pred0).Add(overlapOf(2, gt1, pred1))
	if got := c.Overlap(2); got != want2 || c.Overlap(1) != want1 || c.SlicesFor(2) != 2 {
		t.Fatalf("after widening: class 2 %+v on %d slices, class 1 %+v; want %+v on 2, %+v", got, c.SlicesFor(2), c.Overlap(1), want2, want1)
	}

	// Narrowing back, then forgetting.
	if err := c.SetSliceClasses(1, gt1, pred1, []uint16{1}); err != nil {
		t.Fatal(err)
	}
	if got := c.Overlap(2); got != overlapOf(2, gt0, pred0) {
		t.Fatalf("after narrowing class 2 %+v, want slice 0's alone", got)
	}
	c.RemoveSlice(0)
	if _, ok := c.Dice(2); ok || c.SlicesFor(2) != 0 {
		t.Fatalf("class 2 with no slice in scope: ok=%v on %d slices, want a dash on 0", ok, c.SlicesFor(2))
	}
	if d, ok := c.Dice(1); !ok || !near(d, mustDice(overlapOf(1, gt1, pred1))) {
		t.Fatalf("class 1 Dice %v,%v, want slice 1's", d, ok)
	}
}

func mustDice(o Overlap) float64 {
	d, _ := o.Dice()
	return d
}

func TestCaseDiceSetSliceIsAllClasses(t *testing.T) {
	gt, pred := twoOrgans(20, 8, 40), twoOrgans(21, 7, 42)
	a, b := NewCaseDice([]uint16{0, 1, 2}), NewCaseDice([]uint16{0, 1, 2})
	if err := a.SetSlice(3, gt, pred); err != nil {
		t.Fatal(err)
	}
	if err := b.SetSliceClasses(3, gt, pred, nil); err != nil {
		t.Fatal(err)
	}
	for _, id := range []uint16{0, 1, 2} {
		if a.Overlap(id) != b.Overlap(id) || a.Overlap(id) != overlapOf(id, gt, pred) {
			t.Fatalf("class %d: SetSlice %+v, nil ids %+v, direct %+v", id, a.Overlap(id), b.Overlap(id), overlapOf(id, gt, pred))
		}
	}
}

func TestCaseDiceSetSliceClassesEdges(t *testing.T) {
	c := NewCaseDice([]uint16{1, 2})
	gt, pred := twoOrgans(20, 8, 40), twoOrgans(21, 7, 42)
	// An id the accumulator does not score is ignored, not added.
	if err := c.SetSliceClasses(4, gt, pred, []uint16{2, 9}); err != nil {
		t.Fatal(err)
	}
	if c.SlicesFor(9) != 0 || c.SlicesFor(2) != 1 || c.SlicesFor(1) != 0 {
		t.Fatalf("for 9: %d, for 2: %d, for 1: %d; want 0, 1, 0", c.SlicesFor(9), c.SlicesFor(2), c.SlicesFor(1))
	}
	// No class left: the slice is forgotten.
	if err := c.SetSliceClasses(4, gt, pred, []uint16{}); err != nil {
		t.Fatal(err)
	}
	if c.Slices() != 0 || c.Overlap(2) != (Overlap{}) {
		t.Fatalf("empty ids left %d slices, class 2 %+v", c.Slices(), c.Overlap(2))
	}
	// A length mismatch is an error naming the slice, whatever the scope,
	// and leaves what was recorded.
	if err := c.SetSlice(4, gt, pred); err != nil {
		t.Fatal(err)
	}
	for _, ids := range [][]uint16{nil, {1}, {}} {
		if err := c.SetSliceClasses(4, gt, pred[:10], ids); err == nil || !strings.Contains(err.Error(), "slice 4") {
			t.Fatalf("ids %v: want an error naming slice 4, got %v", ids, err)
		}
	}
	if c.Slices() != 1 || c.Overlap(1) != overlapOf(1, gt, pred) {
		t.Fatalf("a failed record changed the totals: %d slices, %+v", c.Slices(), c.Overlap(1))
	}
}
