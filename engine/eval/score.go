package eval

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/metrics"
)

// ClassResult is one class's scores. Nil Dice or NSD means "not defined"
// (see metrics.Score.Defined; background has no NSD).
type ClassResult struct {
	ID          uint16   `json:"id"`
	Name        string   `json:"name"`
	Dice        *float64 `json:"dice"`
	NSD         *float64 `json:"nsd"`
	ToleranceMM float64  `json:"tolerance_mm,omitempty"`
	GTVoxels    int64    `json:"gt_voxels"`
	PredVoxels  int64    `json:"pred_voxels"`
}

// ScoreReport is what segtui score prints as JSON.
type ScoreReport struct {
	GT         string        `json:"gt"`
	Pred       string        `json:"pred"`
	Shape      string        `json:"shape"`
	SpacingMM  []float64     `json:"spacing_mm"`
	Mode       string        `json:"mode"` // "3d" or "2d" (single-slice maps use 2-D contours)
	Background ClassResult   `json:"background"`
	Classes    []ClassResult `json:"classes"`
	Average    struct {
		Dice *float64 `json:"dice"`
		NSD  *float64 `json:"nsd"`
	} `json:"average"`
}

func ptr(v float64) *float64 {
	if math.IsNaN(v) {
		return nil
	}
	return &v
}

func val(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// PresentIDs returns the non-zero ids found in any of the label arrays, in
// ascending order. A bit set over every uint16 id (8 KiB) keeps the loop
// free of map lookups: whole volumes go through it.
func PresentIDs(maps ...[]uint16) []uint16 {
	var seen [1 << 16 / 64]uint64
	for _, m := range maps {
		for _, v := range m {
			seen[v>>6] |= 1 << (v & 63)
		}
	}
	seen[0] &^= 1 // background
	var ids []uint16
	for w, word := range seen {
		for ; word != 0; word &= word - 1 {
			ids = append(ids, uint16(w<<6+bits.TrailingZeros64(word)))
		}
	}
	if ids == nil {
		ids = []uint16{}
	}
	return ids
}

// ScoreLabelMaps scores every class of the table (all ids present in
// either map when the table is empty) between two label maps on one grid.
// Single-slice maps are scored in 2-D (contours), volumes in 3-D.
func ScoreLabelMaps(gt, pred *datasets.LabelMap, classes datasets.ClassTable, rules metrics.NSDRules) (*ScoreReport, error) {
	if gt.Dim != pred.Dim {
		return nil, fmt.Errorf("ground truth %s is %s but prediction %s is %s: they must be on the same grid",
			gt.Path, gt.ShapeString(), pred.Path, pred.ShapeString())
	}
	if !gt.SameGrid(pred.Grid) {
		return nil, fmt.Errorf("ground truth %s and prediction %s are both %s but their affines differ by more than 0.001 mm: they must be on the same grid",
			gt.Path, pred.Path, gt.ShapeString())
	}
	var ids []uint16
	for _, c := range classes.Classes {
		if c.ID != 0 {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) == 0 {
		ids = PresentIDs(gt.Labels, pred.Labels)
	}
	names := classes.WithIDs(ids)
	r := &ScoreReport{GT: gt.Path, Pred: pred.Path, Shape: gt.ShapeString(), SpacingMM: gt.Spacing[:]}
	var scores []metrics.ClassScore
	var err error
	if gt.Dim[2] == 1 {
		r.Mode = "2d"
		scores, err = metrics.ScoreLabels2D(gt.Labels, pred.Labels, gt.Dim[0], gt.Dim[1], [2]float64{gt.Spacing[0], gt.Spacing[1]}, ids, rules)
	} else {
		r.Mode = "3d"
		scores, err = metrics.ScoreLabels3D(gt.Labels, pred.Labels, gt.Dim, gt.Spacing, ids, rules)
	}
	if err != nil {
		return nil, err
	}
	bg, err := metrics.ClassDice(gt.Labels, pred.Labels, []uint16{0})
	if err != nil {
		return nil, err
	}
	d, _ := bg[0].Dice()
	r.Background = ClassResult{ID: 0, Name: "background", Dice: ptr(d), GTVoxels: bg[0].GT, PredVoxels: bg[0].Pred}
	for _, s := range scores {
		c, _ := names.ByID(s.ID)
		cr := ClassResult{ID: s.ID, Name: datasets.SanitizeName(c.Name), ToleranceMM: s.Tolerance, GTVoxels: s.GT, PredVoxels: s.Pred}
		if s.Defined {
			cr.Dice, cr.NSD = ptr(s.Dice), ptr(s.NSD)
		}
		r.Classes = append(r.Classes, cr)
	}
	t := r.Table()
	avg := t.Rows[len(t.Rows)-1]
	r.Average.Dice, r.Average.NSD = ptr(avg.Values[0]), ptr(avg.Values[1])
	return r, nil
}

// Table lays the report out as eval does: background, the classes, Average
// (over the classes, background left out); columns Dice and NSD.
func (r *ScoreReport) Table() metrics.Table {
	t := metrics.Table{Corner: "Class", Columns: []string{"Dice", "NSD"}}
	t.Rows = append(t.Rows, metrics.TableRow{Name: "background", Values: []float64{val(r.Background.Dice), math.NaN()}})
	for _, c := range r.Classes {
		t.Rows = append(t.Rows, metrics.TableRow{Name: c.Name, Values: []float64{val(c.Dice), val(c.NSD)}})
	}
	t.AddAverage(1)
	return t
}
