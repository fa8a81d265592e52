package eval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
	"github.com/segtui/segtui/engine/builtin"
	"github.com/segtui/segtui/engine/confidence"
	"github.com/segtui/segtui/engine/metrics"
)

// Every result records its signals: the decode's own, the boundary
// contrast, the agreement with the other variant (the Dice of the two
// masks, checked here from the stored masks) and with the neighbouring
// slices; results.md assesses each, calling the fixture's constant
// predicted IoU no better than chance.
func TestEvalRecordsAndAssessesSignals(t *testing.T) {
	ds := phantomSet(t)
	fix := openFixtureVariant(t, fixtureModels, "sam-fixture")
	p, _ := ParseProtocol("box")
	out := t.TempDir()
	res, err := Run(context.Background(), Config{
		Dataset: ds, DatasetPath: ds.Root, Protocol: p, Plane: datasets.Axial, Rules: metrics.FLARE22Rules(), OutDir: out,
		Variants: []Variant{{Name: "builtin", Engine: builtin.New(), Workers: BuiltinWorkers()}, fix},
	})
	if err != nil {
		t.Fatal(err)
	}
	masks := map[resultKey]map[string][]bool{}
	for _, c := range res.Cases {
		for _, s := range c.Slices {
			m, err := s.Mask.Decode()
			if err != nil {
				t.Fatal(err)
			}
			k := resultKey{c.Case, s.Slice, s.Class}
			if masks[k] == nil {
				masks[k] = map[string][]bool{}
			}
			masks[k][c.Variant] = m
		}
	}
	for _, c := range res.Cases {
		for _, s := range c.Slices {
			k := resultKey{c.Case, s.Slice, s.Class}
			mine := masks[k][c.Variant]
			want := []string{confidence.Variants, confidence.Combined}
			if anyTrue(mine) {
				want = append(want, confidence.PredIoU, confidence.Contrast)
				if c.Variant == "sam-fixture" {
					want = append(want, confidence.Stability, confidence.Multimask)
				}
			}
			for _, name := range want {
				if _, ok := s.Signals[name]; !ok {
					t.Fatalf("%s slice %d class %d: no %s signal in %v", c.Variant, s.Slice, s.Class, name, s.Signals)
				}
			}
			other := "sam-fixture"
			if c.Variant == other {
				other = "builtin"
			}
			dice, _ := metrics.Dice(mine, masks[k][other])
			if got := s.Signals[confidence.Variants]; got != dice {
				t.Fatalf("%s slice %d class %d: variants signal %v, want the Dice with %s's mask %v", c.Variant, s.Slice, s.Class, got, other, dice)
			}
			_, hasNb := masks[resultKey{c.Case, s.Slice - 1, s.Class}][c.Variant]
			_, hasNb2 := masks[resultKey{c.Case, s.Slice + 1, s.Class}][c.Variant]
			if _, ok := s.Signals[confidence.Neighbour]; ok != (hasNb || hasNb2) {
				t.Fatalf("%s slice %d class %d: neighbour signal present %v, neighbours with the class %v", c.Variant, s.Slice, s.Class, ok, hasNb || hasNb2)
			}
		}
	}
	for _, v := range res.Variants {
		rows := res.Confidence[v]
		if len(rows) != len(confidence.Order) {
			t.Fatalf("%s: %d assessed signals, want %d", v, len(rows), len(confidence.Order))
		}
	}
	md, err := os.ReadFile(filepath.Join(out, "results.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "| sam-fixture | pred_iou |") || !strings.Contains(string(md), "constant: no better than chance") {
		t.Fatalf("results.md does not call the fixture's constant predicted IoU no better than chance:\n%s", md)
	}
	csv, err := os.ReadFile(filepath.Join(out, "results_signals.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if lines[0] != "case,variant,slice,class,dice,pred_iou,stability,multimask,variants,neighbour,contrast,combined" || len(lines) != 1+countSlices(res) {
		t.Fatalf("results_signals.csv: header %q and %d rows, want %d", lines[0], len(lines)-1, countSlices(res))
	}
}

func countSlices(r *Results) int {
	n := 0
	for _, c := range r.Cases {
		n += len(c.Slices)
	}
	return n
}

// Replaying the recorded prompts on the same images without their labels
// gives the same masks and the same signals, every one of them: no signal
// reads the ground truth. Dice is absent and nothing is assessed.
func TestReplayWithoutLabelsGivesTheSameSignals(t *testing.T) {
	ds := phantomSet(t)
	labelled, err := runOn(t, ds, "iterative:2", t.TempDir(), context.Background(), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	bare := t.TempDir()
	if err := os.MkdirAll(filepath.Join(bare, "images"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range ds.Cases {
		vol, _, err := ds.Load(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := nifti.Write(filepath.Join(bare, "images", filepath.Base(c.ImagePath)), vol); err != nil {
			t.Fatal(err)
		}
	}
	bds, err := datasets.Open(bare)
	if err != nil {
		t.Fatal(err)
	}
	prompts := t.TempDir()
	if err := writeOutputs(prompts, labelled); err != nil {
		t.Fatal(err)
	}
	rp, err := LoadReplay(prompts)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	res, err := Run(context.Background(), Config{
		Dataset: bds, DatasetPath: bare, Replay: rp, Plane: datasets.Axial, Rules: metrics.FLARE22Rules(), OutDir: out,
		Variants: []Variant{{Name: "builtin", Engine: builtin.New(), Workers: BuiltinWorkers()}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Protocol != "replay" || res.PromptsFrom != rp.Path || len(res.Confidence) != 0 {
		t.Fatalf("protocol %q from %q, %d assessed variants: want replay from %s and none assessed", res.Protocol, res.PromptsFrom, len(res.Confidence), rp.Path)
	}
	if countSlices(res) != countSlices(labelled) {
		t.Fatalf("replay gave %d results, the labelled run %d", countSlices(res), countSlices(labelled))
	}
	for i, c := range res.Cases {
		for j, s := range c.Slices {
			l := labelled.Cases[i].Slices[j]
			if s.Dice != nil {
				t.Fatalf("slice %d class %d has a Dice without ground truth", s.Slice, s.Class)
			}
			if s.Slice != l.Slice || s.Class != l.Class || fmt.Sprint(s.Mask) != fmt.Sprint(l.Mask) {
				t.Fatalf("slice %d class %d: replayed mask differs from the labelled run's", s.Slice, s.Class)
			}
			if len(s.Signals) == 0 || len(s.Signals) != len(l.Signals) {
				t.Fatalf("slice %d class %d: signals %v, labelled run %v", s.Slice, s.Class, s.Signals, l.Signals)
			}
			for k, v := range l.Signals {
				if s.Signals[k] != v {
					t.Fatalf("slice %d class %d: %s is %v without labels, %v with", s.Slice, s.Class, k, s.Signals[k], v)
				}
			}
		}
	}
	order := res.LeastConfidentFirst()
	if len(order) != countSlices(res) || order[0].Signal > order[len(order)-1].Signal || order[0].HasDice {
		t.Fatalf("least confident first: %d results, first %+v, last %+v", len(order), order[0], order[len(order)-1])
	}
}

func anyTrue(m []bool) bool {
	for _, v := range m {
		if v {
			return true
		}
	}
	return false
}
