package tui

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/phantom"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/eval"
	"github.com/segtui/segtui/engine/metrics"
)

// storedCase is one hand-made per-slice result on the phantom: the stored
// prediction is the class's ground truth cut to the left part of its
// bounding box, so its Dice (computed here with engine/metrics) is real.
type storedCase struct {
	caseID  string
	variant string
	slice   int
	class   uint16
	keep    float64 // fraction of the box width kept
	points  bool    // add a second, corrective round with points
}

// reviewFixture writes a results.json for the phantom config's cases and
// returns it with its path.
func reviewFixture(t testing.TB, items []storedCase) (*eval.Results, string) {
	t.Helper()
	_, lab := phantom.New(phantom.DefaultSeed)
	res := &eval.Results{
		Version: eval.ResultsVersion, Dataset: "test-phantom", Plane: "axial", Protocol: "box",
		Variants: []string{"builtin", "builtin-2"},
	}
	for _, c := range datasets.FLARE22Classes().Classes {
		res.Classes = append(res.Classes, eval.ClassInfo{ID: c.ID, Name: c.Name, ToleranceMM: 1})
	}
	byCase := map[string]int{}
	for _, it := range items {
		gtLab, v := lab.Slice(datasets.Axial, it.slice)
		gt := make([]bool, len(gtLab))
		x0, y0, x1, y1 := v.Width, v.Height, -1, -1
		for i, id := range gtLab {
			if id == it.class {
				gt[i] = true
				x, y := i%v.Width, i/v.Width
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
		}
		if x1 < 0 {
			t.Fatalf("class %d is not on axial slice %d of the phantom", it.class, it.slice)
		}
		cut := x0 + int(float64(x1-x0+1)*it.keep)
		pred := make([]bool, len(gt))
		for i, on := range gt {
			pred[i] = on && i%v.Width < cut
		}
		d, _ := metrics.Dice(gt, pred)
		box := &engine.Box{X0: float64(x0), Y0: float64(y0), X1: float64(x1), Y1: float64(y1)}
		prompts := []eval.PromptRecord{{Box: box}}
		if it.points {
			pts := []engine.Point{{X: float64((x0 + x1) / 2), Y: float64((y0 + y1) / 2), Positive: true}, {X: float64(x0), Y: float64(y0)}}
			prompts = append(prompts, eval.PromptRecord{Box: box, Points: pts})
		}
		key := it.caseID + "/" + it.variant
		ci, ok := byCase[key]
		if !ok {
			ci = len(res.Cases)
			byCase[key] = ci
			res.Cases = append(res.Cases, eval.CaseResult{Case: it.caseID, Variant: it.variant})
		}
		res.Cases[ci].Slices = append(res.Cases[ci].Slices, eval.SliceResult{
			Slice: it.slice, Class: it.class, Dice: &d, Prompts: prompts, Mask: eval.EncodeRLE(pred, v.Width, v.Height),
		})
	}
	path := filepath.Join(t.TempDir(), "results.json")
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	loaded, file, err := LoadResults(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	return loaded, file
}

// newReviewModel opens the phantom config in review mode on res.
func newReviewModel(t testing.TB, res *eval.Results, path string, g Graphics, w, h int) *Model {
	t.Helper()
	m := New(context.Background(), phantomConfig(t, g), asciiRenderer())
	t.Cleanup(m.Close)
	if err := m.StartReview(res, path); err != nil {
		t.Fatal(err)
	}
	drive(m, sizeMsg(w, h))
	drive(m, runCmd(m.Init())...)
	if m.sess == nil {
		t.Fatalf("review did not open a case: %s", m.msg)
	}
	return m
}

// sliceDice is a slice result's stored Dice.
func sliceDice(res *eval.Results, caseID, variant string, slice int, class uint16) float64 {
	for _, c := range res.Cases {
		if c.Case != caseID || c.Variant != variant {
			continue
		}
		for _, s := range c.Slices {
			if s.Slice == slice && s.Class == class {
				return *s.Dice
			}
		}
	}
	return -1
}
