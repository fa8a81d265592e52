package review

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/confidence"
	"github.com/segtui/segtui/engine/eval"
	"github.com/segtui/segtui/keymap"
	"github.com/segtui/segtui/tui/common"
)

// The session the fixtures review: two cases (the second with a control
// sequence in its id), the FLARE22 class table, slices of gridW x gridH.
const (
	caseA, caseB = "CASE_A", "CASE\x1b[31m_B"
	gridW, gridH = 8, 6
	depth        = 50
	unknownClass = 99 // not in the class table, named by the results
)

// item is one hand-made per-slice result: its scores are given, its
// stored mask is a rectangle that depends on the class, and it has one
// box round or, with points, a second round with two points.
type item struct {
	caseID, variant string
	slice           int
	class           uint16
	dice, conf      float64
	points          bool
}

// items: several slices, classes, variants and both cases; two tie at
// Dice 1 listed against class order (stomach 11 before IVC 6), and one
// names a case the session lacks.
var items = []item{
	{caseA, "builtin", 40, 1, 0.9, 0.62, false},   // liver
	{caseA, "builtin", 40, 3, 0.3, 0.08, true},    // spleen, 2 rounds
	{caseA, "builtin-2", 36, 5, 0.6, 0.91, false}, // aorta, other variant
	{caseB, "builtin", 30, 4, 0.05, 0.45, false},  // pancreas, worst, second case
	{caseA, "builtin", 44, 13, 0.75, 0.27, false}, // left kidney
	{caseA, "builtin", 40, 11, 1, 0.70, false},    // stomach, Dice 1
	{caseA, "builtin", 40, 6, 1, 0.33, false},     // IVC, Dice 1: before stomach
	{"GONE_CASE", "builtin", 40, 1, 0.1, 0.5, false},
}

const known = 7 // items of the session's cases

func rectMask(x0, y0, x1, y1 int) []bool {
	m := make([]bool, gridW*gridH)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			m[y*gridW+x] = true
		}
	}
	return m
}

// results builds eval's results of its; withDice false drops every Dice
// (eval --prompts on data without labels), withConf false every signal.
func results(its []item, withDice, withConf bool) *eval.Results {
	res := &eval.Results{Version: eval.ResultsVersion, Dataset: "test-data", Plane: "axial", Protocol: "box",
		Variants: []string{"builtin", "builtin-2"}}
	for _, c := range datasets.FLARE22Classes().Classes {
		res.Classes = append(res.Classes, eval.ClassInfo{ID: c.ID, Name: c.Name})
	}
	res.Classes = append(res.Classes, eval.ClassInfo{ID: unknownClass, Name: "tumour\x1b[2J"})
	byCase := map[string]int{}
	for i, it := range its {
		x1 := 1 + int(it.class)%6
		box := &engine.Box{X0: 1, Y0: 1, X1: float64(x1), Y1: 4}
		prompts := []eval.PromptRecord{{Box: box}}
		if it.points {
			prompts = append(prompts, eval.PromptRecord{Box: box, Points: []engine.Point{{X: 2, Y: 2, Positive: true}, {X: 6, Y: 5}}})
		}
		s := eval.SliceResult{Slice: it.slice, Class: it.class, Prompts: prompts, Mask: eval.EncodeRLE(rectMask(1, 1, x1, 4), gridW, gridH)}
		if withDice {
			d := it.dice
			s.Dice = &d
		}
		if withConf {
			s.Signals = map[string]float64{confidence.Combined: it.conf, confidence.Contrast: float64(i)}
		}
		key := it.caseID + "/" + it.variant
		ci, ok := byCase[key]
		if !ok {
			ci = len(res.Cases)
			byCase[key] = ci
			res.Cases = append(res.Cases, eval.CaseResult{Case: it.caseID, Variant: it.variant})
		}
		res.Cases[ci].Slices = append(res.Cases[ci].Slices, s)
	}
	return res
}

func setup() Setup {
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	return Setup{Cases: []string{caseA, caseB}, Classes: datasets.FLARE22Classes(), Keys: NewKeyMap(keymap.Default()), Styles: common.NewStyles(r)}
}

func newModel(t *testing.T, res *eval.Results) *Model {
	t.Helper()
	rv, err := New(res, "run/results.json", setup())
	if err != nil {
		t.Fatal(err)
	}
	return rv
}

func writeResults(t *testing.T, p string, r *eval.Results) {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
