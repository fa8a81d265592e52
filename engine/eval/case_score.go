package eval

import (
	"slices"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/metrics"
)

// scoreCase fills a case's per-class scores from the assembled predicted
// volumes: 3-D Dice and NSD with the rules (FLARE22 conventions and z-range
// rule) for volumes, the image's own 2-D scores for single images, and the
// background Dice over the evaluated slices. Classes outside only (when
// not nil) are not scored.
func scoreCase(cr *CaseResult, cfg Config, lab *datasets.LabelMap, view datasets.SliceView, evaluated []int, pred map[uint16][]bool, only map[uint16]bool) error {
	ids := PresentIDs(lab.Labels)
	for id := range pred {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	ids = onlyIDs(ids, only)
	sortIDs(ids)
	single := lab.Dim[2] == 1
	for _, id := range ids {
		tol, err := cfg.Rules.ToleranceFor(id)
		if err != nil {
			return err
		}
		gt := classMask(lab.Labels, id)
		p := pred[id]
		if p == nil {
			p = make([]bool, lab.Len())
		}
		var s metrics.Score
		if single {
			s, err = metrics.ScoreMasks2D(gt, p, lab.Dim[0], lab.Dim[1], [2]float64{lab.Spacing[0], lab.Spacing[1]}, tol)
		} else {
			s, err = metrics.ScoreMasks3D(gt, p, lab.Dim, lab.Spacing, tol, cfg.Rules.All == 0 && cfg.Rules.ZRange[id], cfg.Rules.InclusiveZ)
		}
		if err != nil {
			return err
		}
		cc := CaseClass{ID: id}
		if s.Defined {
			cc.Dice, cc.NSD = ptr(s.Dice), ptr(s.NSD)
		}
		cr.Classes = append(cr.Classes, cc)
	}
	// Background: label 0 against "no class predicted", on evaluated slices.
	var o metrics.Overlap
	for _, n := range evaluated {
		for y := 0; y < view.Height; y++ {
			for x := 0; x < view.Width; x++ {
				ijk := view.Voxel(n, x, y)
				i := lab.Index(ijk[0], ijk[1], ijk[2])
				g := lab.Labels[i] == 0
				p := true
				for _, m := range pred {
					if m[i] {
						p = false
						break
					}
				}
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
		}
	}
	if d, ok := o.Dice(); ok {
		cr.BackgroundDice = ptr(d)
	}
	return nil
}

func sortIDs(ids []uint16) {
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && ids[j] < ids[j-1]; j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
}
