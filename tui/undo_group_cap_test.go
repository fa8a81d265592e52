package tui

import (
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/phantom"
)

// A propagation run is one undo step however many slices it commits: a
// sagittal run across the phantom's 256 slices is longer than maxUndo,
// and trimming the history edit by edit left its first slices labelled
// after u took the run back. Older steps still go, each whole.
func TestUndoKeepsALongRunWhole(t *testing.T) {
	img, lab := phantom.New(phantom.DefaultSeed)
	s, err := NewSession("phantom", img, lab, datasets.FLARE22Classes())
	if err != nil {
		t.Fatal(err)
	}
	v := img.View(datasets.Sagittal)
	if v.Depth <= maxUndo+1 {
		t.Fatalf("phantom has %d sagittal slices; the test needs more than maxUndo+1=%d", v.Depth, maxUndo+1)
	}
	labels := func(id uint16) []uint16 {
		l := make([]uint16, v.Width*v.Height)
		for i := range l {
			l[i] = id
		}
		return l
	}
	// An older run of two slices, then a lone accept, then the long run.
	old := s.NewGroup()
	for _, n := range []int{0, 1} {
		if _, err := s.SetSliceGroup(sliceKey{datasets.Sagittal, n}, labels(2), onlyClasses(2), old); err != nil {
			t.Fatal(err)
		}
	}
	lone := sliceKey{datasets.Axial, 0}
	if _, err := s.SetSlice(lone, fill(mustSlice(s, lone), 3), onlyClasses(3)); err != nil {
		t.Fatal(err)
	}
	run := s.NewGroup()
	for n := 0; n < v.Depth; n++ {
		if _, err := s.SetSliceGroup(sliceKey{datasets.Sagittal, n}, labels(1), onlyClasses(1), run); err != nil {
			t.Fatal(err)
		}
	}
	// Undo the run as the u key does: while the next edit is of its group.
	for s.UndoGroup() == run {
		s.Undo()
	}
	for n := 2; n < v.Depth; n++ {
		if k := (sliceKey{datasets.Sagittal, n}); s.Labelled(k) {
			t.Fatalf("after undoing the %d-slice run, sagittal slice %d is still labelled %v", v.Depth, n, s.Scope(k))
		}
	}
	// The older run was trimmed whole: nothing of it is left to undo half.
	if g := s.UndoGroup(); g == old {
		t.Errorf("history still holds part of the older run (group %d) after trimming", old)
	}
	if s.CanUndo() {
		t.Errorf("history still holds %d edits older than the run; want them trimmed, the run kept", len(s.undo))
	}
}

func fill(l []uint16, id uint16) []uint16 {
	for i := range l {
		l[i] = id
	}
	return l
}

func mustSlice(s *Session, k sliceKey) []uint16 {
	l, _ := s.Edit.Slice(k.Plane, k.N)
	return l
}
