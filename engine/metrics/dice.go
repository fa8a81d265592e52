// Package metrics scores segmentations against ground truth: Dice per slice,
// per class, and per case accumulated slice by slice.
package metrics

import "fmt"

// Overlap holds the pixel counts Dice is computed from, so counts can be
// summed over slices before dividing (a case's 3-D Dice is not the mean of
// its slice Dice values).
type Overlap struct {
	Inter int64 // pixels in both ground truth and prediction
	GT    int64 // ground-truth pixels
	Pred  int64 // predicted pixels
}

// Dice is 2|G∩P|/(|G|+|P|). When both are empty it returns (1, false): the
// FLARE22 convention scores that 1, and ok=false lets a caller show a dash
// instead of a misleading perfect score. Empty ground truth with a
// non-empty prediction is a real error and scores (0, true).
func (o Overlap) Dice() (score float64, ok bool) {
	sum := o.GT + o.Pred
	if sum == 0 {
		return 1, false
	}
	return 2 * float64(o.Inter) / float64(sum), true
}

// HasGT reports whether the ground truth contains the class at all.
func (o Overlap) HasGT() bool { return o.GT > 0 }

// Add returns the element-wise sum of two overlaps.
func (o Overlap) Add(b Overlap) Overlap {
	return Overlap{Inter: o.Inter + b.Inter, GT: o.GT + b.GT, Pred: o.Pred + b.Pred}
}

// Sub returns o minus b, used to take back a slice that was re-labelled.
func (o Overlap) Sub(b Overlap) Overlap {
	return Overlap{Inter: o.Inter - b.Inter, GT: o.GT - b.GT, Pred: o.Pred - b.Pred}
}

// Count tallies two binary masks of one slice.
func Count(gt, pred []bool) (Overlap, error) {
	if len(gt) != len(pred) {
		return Overlap{}, fmt.Errorf("dice: ground truth has %d pixels but prediction has %d: they must cover the same slice", len(gt), len(pred))
	}
	var o Overlap
	for i, g := range gt {
		p := pred[i]
		if g {
			o.GT++
			if p {
				o.Inter++
			}
		}
		if p {
			o.Pred++
		}
	}
	return o, nil
}

// Dice scores two binary masks of one slice; see Overlap.Dice for ok. The
// masks must have the same length: a mismatch is a programming error (two
// different slices) and panics with both lengths; use Count to get an error.
func Dice(gt, pred []bool) (float64, bool) {
	o, err := Count(gt, pred)
	if err != nil {
		panic(err)
	}
	return o.Dice()
}

// ClassDice counts, for each id in ids, the overlap between the pixels
// labelled id in gt and in pred (one slice or one volume, same layout).
// Ids absent from both still get an entry, whose Dice reports ok=false.
func ClassDice(gt, pred []uint16, ids []uint16) (map[uint16]Overlap, error) {
	if len(gt) != len(pred) {
		return nil, fmt.Errorf("dice: ground-truth labels have %d pixels but predicted labels have %d: they must cover the same slice", len(gt), len(pred))
	}
	// A slot table indexed by label keeps the pixel loop free of map
	// lookups; it is as long as the largest requested id, not 65536.
	maxID := 0
	for _, id := range ids {
		maxID = max(maxID, int(id))
	}
	slot := make([]int, maxID+1)
	for i := range slot {
		slot[i] = -1
	}
	for i, id := range ids {
		slot[id] = i
	}
	counts := make([]Overlap, len(ids))
	for i, g := range gt {
		p := pred[i]
		if int(g) < len(slot) && slot[g] >= 0 {
			counts[slot[g]].GT++
			if g == p {
				counts[slot[g]].Inter++
			}
		}
		if int(p) < len(slot) && slot[p] >= 0 {
			counts[slot[p]].Pred++
		}
	}
	out := make(map[uint16]Overlap, len(ids))
	for i, id := range ids {
		out[id] = counts[i]
	}
	return out, nil
}
