package metrics

import (
	"fmt"
	"slices"
	"sort"
)

// CaseDice accumulates a case's 3-D Dice per class from the slices a user
// has labelled. Slices are keyed by index (in one plane), so labelling a
// slice again replaces its earlier contribution instead of counting twice.
// Slices never added do not count: a half-labelled case is scored only
// where the user worked. A slice can be recorded for some classes only (a
// user who labelled just the liver there): the others' Dice ignore it, so
// an organ nobody labelled on a slice is not scored as missed there.
type CaseDice struct {
	ids    []uint16
	slices map[int]map[uint16]Overlap // per slice, only the classes it counts for
	total  map[uint16]Overlap
	counts map[uint16]int // slices that count for each class
}

// NewCaseDice starts an empty accumulator for the given class ids.
func NewCaseDice(ids []uint16) *CaseDice {
	c := &CaseDice{
		ids:    append([]uint16(nil), ids...),
		slices: map[int]map[uint16]Overlap{},
		total:  make(map[uint16]Overlap, len(ids)),
		counts: make(map[uint16]int, len(ids)),
	}
	for _, id := range ids {
		c.total[id] = Overlap{}
	}
	return c
}

// SetSlice records slice n's ground-truth and predicted labels for every
// class, replacing anything recorded for n before.
func (c *CaseDice) SetSlice(n int, gt, pred []uint16) error {
	return c.SetSliceClasses(n, gt, pred, nil)
}

// SetSliceClasses records slice n for the classes in ids only (nil: all of
// the accumulator's classes), replacing anything recorded for n before.
// Ids the accumulator was not made with are ignored; when none is left
// (an empty, non-nil ids) the slice is forgotten, as by RemoveSlice.
func (c *CaseDice) SetSliceClasses(n int, gt, pred, ids []uint16) error {
	scope := c.ids
	if ids != nil {
		scope = c.known(ids)
	}
	counts, err := ClassDice(gt, pred, scope)
	if err != nil {
		return fmt.Errorf("slice %d: %w", n, err)
	}
	c.RemoveSlice(n)
	if len(scope) == 0 {
		return nil
	}
	c.slices[n] = counts
	for id, o := range counts {
		c.total[id] = c.total[id].Add(o)
		c.counts[id]++
	}
	return nil
}

// known keeps the ids of ids the accumulator scores, each once.
func (c *CaseDice) known(ids []uint16) []uint16 {
	var out []uint16
	for _, id := range ids {
		if _, ok := c.total[id]; ok && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// RemoveSlice forgets slice n (e.g. the user cleared it).
func (c *CaseDice) RemoveSlice(n int) {
	old, ok := c.slices[n]
	if !ok {
		return
	}
	for id, o := range old {
		c.total[id] = c.total[id].Sub(o)
		c.counts[id]--
	}
	delete(c.slices, n)
}

// Slices returns how many slices have been recorded (for any class).
func (c *CaseDice) Slices() int { return len(c.slices) }

// SlicesFor returns how many recorded slices count for class id.
func (c *CaseDice) SlicesFor(id uint16) int { return c.counts[id] }

// SliceIndices returns the recorded slice indices in ascending order.
func (c *CaseDice) SliceIndices() []int {
	out := make([]int, 0, len(c.slices))
	for n := range c.slices {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

// Overlap returns the summed counts of class id over the slices that count
// for it.
func (c *CaseDice) Overlap(id uint16) Overlap { return c.total[id] }

// Dice returns class id's 3-D Dice over the slices that count for it; ok
// is false when no slice counts for it or neither ground truth nor
// prediction contains it there.
func (c *CaseDice) Dice(id uint16) (float64, bool) { return c.total[id].Dice() }
