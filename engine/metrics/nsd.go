package metrics

import (
	"fmt"
	"math"
)

// NSDRules are the conventions NSD is scored under: per-class tolerances and
// which classes are scored only within the ground truth's z-range.
type NSDRules struct {
	// Tolerance maps class ids to tolerances in mm; All, when positive,
	// is used for every class instead.
	Tolerance map[uint16]float64
	All       float64
	// ZRange lists classes scored only on the slices (voxel axis k) where
	// the ground truth has them.
	ZRange map[uint16]bool
	// InclusiveZ includes the ground truth's top slice in that range. The
	// official FLARE22 script slices z_lower:z_upper in Python, which leaves
	// out z_upper itself; false reproduces its numbers.
	InclusiveZ bool
}

// FLARE22Rules returns the official FLARE22 conventions: the per-organ
// tolerances and the aorta (5), IVC (6) and esophagus (10) z-range rule with
// the script's exclusive upper bound.
func FLARE22Rules() NSDRules {
	return NSDRules{
		Tolerance: map[uint16]float64{1: 5, 2: 3, 3: 3, 4: 5, 5: 2, 6: 2, 7: 2, 8: 2, 9: 2, 10: 3, 11: 5, 12: 7, 13: 3},
		ZRange:    map[uint16]bool{5: true, 6: true, 10: true},
	}
}

// UniformRules scores every class at one tolerance, with no z-range rule.
func UniformRules(mm float64) NSDRules { return NSDRules{All: mm} }

// ToleranceFor returns class id's tolerance, or an error naming the class
// when the rules have none for it.
func (r NSDRules) ToleranceFor(id uint16) (float64, error) {
	if r.All > 0 {
		return r.All, nil
	}
	if t, ok := r.Tolerance[id]; ok {
		return t, nil
	}
	return 0, fmt.Errorf("class %d has no NSD tolerance (FLARE22 defines 1-13): give one with --tolerance MM", id)
}

// Score is one class's Dice and NSD on one slice or volume.
type Score struct {
	Dice, NSD float64
	// Defined is false when the official script would give NaN: ground
	// truth and prediction both empty inside the scored z-range (a class
	// under the z-range rule whose ground truth sits on one slice, with
	// the exclusive bound). Such scores are left out of averages.
	Defined bool
	// GT and Pred are the voxel (pixel) counts scored.
	GT, Pred int64
}

// ScoreMasks3D scores one class's binary volumes (i fastest) with the
// FLARE22 conventions: both empty scores 1 and 1; empty ground truth with a
// prediction scores 0 and 0; zRange restricts both to the ground truth's
// k-range (upper bound exclusive unless inclusive) before scoring. Only the
// box of both masks is scored (see crop3).
func ScoreMasks3D(gt, pred []bool, dim [3]int, spacing [3]float64, tol float64, zRange, inclusive bool) (Score, error) {
	n := dim[0] * dim[1] * dim[2]
	if err := checkMasks(gt, pred, n, fmt.Sprintf("%dx%dx%d", dim[0], dim[1], dim[2])); err != nil {
		return Score{}, err
	}
	st := maskStats(gt, pred, dim)
	if s, done := emptyConvention(st.counts.GT, st.counts.Pred); done {
		return s, nil
	}
	if err := checkSpacing(spacing[:]); err != nil {
		return Score{}, err
	}
	b := scoreBox(st, zRange, inclusive)
	if b.empty() {
		return finishEmpty(Score{}), nil
	}
	var w scratch
	return scoreCropped(cropMasks(gt, pred, dim, b, &w), spacing, tol, &w), nil
}

// ScoreMasks2D scores one class on one slice (x fastest, spacing {x, y})
// with the same empty conventions; there is no z-range in 2-D.
func ScoreMasks2D(gt, pred []bool, width, height int, spacing [2]float64, tol float64) (Score, error) {
	if err := checkMasks(gt, pred, width*height, fmt.Sprintf("%dx%d", width, height)); err != nil {
		return Score{}, err
	}
	if s, done := emptyConvention(count(gt), count(pred)); done {
		return s, nil
	}
	surf, err := SurfaceDistances2D(gt, pred, width, height, spacing)
	if err != nil {
		return Score{}, err
	}
	return finish(gt, pred, surf, tol), nil
}

func emptyConvention(nGT, nPred int64) (Score, bool) {
	switch {
	case nGT == 0 && nPred == 0:
		return Score{Dice: 1, NSD: 1, Defined: true}, true
	case nGT == 0:
		return Score{Dice: 0, NSD: 0, Defined: true, Pred: nPred}, true
	}
	return Score{}, false
}

func finish(gt, pred []bool, surf Surfaces, tol float64) Score {
	o, _ := Count(gt, pred)
	s := Score{GT: o.GT, Pred: o.Pred}
	if o.GT+o.Pred == 0 {
		s.Dice, s.NSD = math.NaN(), math.NaN()
		return s
	}
	s.Dice, _ = o.Dice()
	s.NSD = surf.DiceAtTolerance(tol)
	s.Defined = true
	return s
}

func count(m []bool) int64 { return int64(Area(m)) }

func nan() float64 { return math.NaN() }

// Area is the number of pixels (or voxels) set in a mask.
func Area(m []bool) int {
	n := 0
	for _, v := range m {
		if v {
			n++
		}
	}
	return n
}

// ClassScore is a class's score in a label-map comparison.
type ClassScore struct {
	ID        uint16
	Tolerance float64
	Score
}

// ScoreLabels2D scores every class in ids between two label slices.
func ScoreLabels2D(gt, pred []uint16, width, height int, spacing [2]float64, ids []uint16, rules NSDRules) ([]ClassScore, error) {
	n := width * height
	if len(gt) != n || len(pred) != n {
		return nil, fmt.Errorf("score: a %dx%d slice has %d pixels but ground truth has %d and prediction %d", width, height, n, len(gt), len(pred))
	}
	return scoreEachClass(gt, pred, ids, rules, func(g, p []bool, _ uint16, tol float64) (Score, error) {
		return ScoreMasks2D(g, p, width, height, spacing, tol)
	})
}

// scoreEachClass builds each class's binary slices (reusing two buffers)
// and scores them with score at the class's tolerance.
func scoreEachClass(gt, pred []uint16, ids []uint16, rules NSDRules, score func(g, p []bool, id uint16, tol float64) (Score, error)) ([]ClassScore, error) {
	out := make([]ClassScore, 0, len(ids))
	g := make([]bool, len(gt))
	p := make([]bool, len(gt))
	for _, id := range ids {
		tol, err := rules.ToleranceFor(id)
		if err != nil {
			return nil, err
		}
		for i := range gt {
			g[i], p[i] = gt[i] == id, pred[i] == id
		}
		s, err := score(g, p, id, tol)
		if err != nil {
			return nil, fmt.Errorf("class %d: %w", id, err)
		}
		out = append(out, ClassScore{ID: id, Tolerance: tol, Score: s})
	}
	return out, nil
}
