package metrics

import (
	"fmt"
	"sort"
)

// CaseDice accumulates a case's 3-D Dice per class from the slices a user
// has labelled. Slices are keyed by index (in one plane), so labelling a
// slice again replaces its earlier contribution instead of counting twice.
// Slices never added do not count: a half-labelled case is scored only
// where the user worked.
type CaseDice struct {
	ids    []uint16
	slices map[int]map[uint16]Overlap
	total  map[uint16]Overlap
}

// NewCaseDice starts an empty accumulator for the given class ids.
func NewCaseDice(ids []uint16) *CaseDice {
	c := &CaseDice{
		ids:    append([]uint16(nil), ids...),
		slices: map[int]map[uint16]Overlap{},
		total:  make(map[uint16]Overlap, len(ids)),
	}
	for _, id := range ids {
		c.total[id] = Overlap{}
	}
	return c
}

// SetSlice records slice n's ground-truth and predicted labels, replacing
// anything recorded for n before.
func (c *CaseDice) SetSlice(n int, gt, pred []uint16) error {
	counts, err := ClassDice(gt, pred, c.ids)
	if err != nil {
		return fmt.Errorf("slice %d: %w", n, err)
	}
	c.RemoveSlice(n)
	c.slices[n] = counts
	for id, o := range counts {
		c.total[id] = c.total[id].Add(o)
	}
	return nil
}

// RemoveSlice forgets slice n (e.g. the user cleared it).
func (c *CaseDice) RemoveSlice(n int) {
	old, ok := c.slices[n]
	if !ok {
		return
	}
	for id, o := range old {
		c.total[id] = c.total[id].Sub(o)
	}
	delete(c.slices, n)
}

// Slices returns how many slices have been recorded.
func (c *CaseDice) Slices() int { return len(c.slices) }

// SliceIndices returns the recorded slice indices in ascending order.
func (c *CaseDice) SliceIndices() []int {
	out := make([]int, 0, len(c.slices))
	for n := range c.slices {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

// Overlap returns the summed counts of class id over the recorded slices.
func (c *CaseDice) Overlap(id uint16) Overlap { return c.total[id] }

// Dice returns class id's 3-D Dice over the recorded slices; ok is false
// when neither ground truth nor prediction contains it there.
func (c *CaseDice) Dice(id uint16) (float64, bool) { return c.total[id].Dice() }
