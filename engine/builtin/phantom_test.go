package builtin

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/phantom"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/metrics"
)

// organScore is the mean GT-box Dice of one organ over the axial slices
// where it is present.
type organScore struct {
	id     uint16
	name   string
	slices int
	mean   float64
	worst  float64
}

// phantomScores prompts every organ on every axial slice of the phantom
// with its tight bounding box.
func phantomScores(t testing.TB, seed int64) []organScore {
	t.Helper()
	vol, lab := phantom.New(seed)
	classes := datasets.FLARE22Classes()
	eng := New()
	sums := map[uint16]*organScore{}
	depth := vol.View(datasets.Axial).Depth
	for n := 0; n < depth; n++ {
		grey, view := vol.Slice(datasets.Axial, n)
		labels, _ := lab.Slice(datasets.Axial, n)
		img := &engine.Image{Width: view.Width, Height: view.Height, Grey: grey, CT: true, PixelSpacing: view.PixelSpacing}
		emb, err := eng.Encode(context.Background(), img)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range classes.Classes {
			gt := make([]bool, len(labels))
			for i, l := range labels {
				gt[i] = l == c.ID
			}
			box, ok := tightBox(gt, view.Width)
			if !ok {
				continue
			}
			m, err := eng.Decode(context.Background(), emb, engine.Prompt{Box: box})
			if err != nil {
				t.Fatalf("slice %d %s: %v", n, c.Name, err)
			}
			d, _ := metrics.Dice(gt, m.Pix)
			s := sums[c.ID]
			if s == nil {
				s = &organScore{id: c.ID, name: c.Name, worst: 1}
				sums[c.ID] = s
			}
			s.slices++
			s.mean += d
			s.worst = min(s.worst, d)
		}
	}
	var out []organScore
	for _, s := range sums {
		s.mean /= float64(s.slices)
		out = append(out, *s)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].id < out[b].id })
	return out
}

func markdownTable(rows []organScore) string {
	var b strings.Builder
	b.WriteString("| id | organ | slices | mean Dice | worst slice |\n|---:|---|---:|---:|---:|\n")
	total := 0.0
	for _, r := range rows {
		fmt.Fprintf(&b, "| %d | %s | %d | %.3f | %.3f |\n", r.id, r.name, r.slices, r.mean, r.worst)
		total += r.mean
	}
	if len(rows) > 0 {
		fmt.Fprintf(&b, "| | **mean over organs** | | **%.3f** | |\n", total/float64(len(rows)))
	}
	return b.String()
}

// phantomFloor holds organ floors about two points under the measured
// means (seed 1: liver 0.976, kidneys 0.999/1.000, spleen 0.909, pancreas
// 0.988, aorta 0.993, IVC 0.990, adrenals 0.882/0.974, gallbladder 0.988,
// esophagus 0.976, stomach 0.982, duodenum 0.951; mean 0.970). The phantom
// is deterministic, so a drop below a floor is a change in the method, not
// noise. The spleen stays under 0.95: on its upper slices the crescent
// wraps the stomach or the kidney, which share its box, and its thin tail
// joins them.
var phantomFloor = map[string]float64{
	"liver": 0.95, "right kidney": 0.98, "left kidney": 0.98, "spleen": 0.89,
	"pancreas": 0.96, "aorta": 0.97, "inferior vena cava": 0.97,
	"right adrenal gland": 0.86, "left adrenal gland": 0.95, "gallbladder": 0.96,
	"esophagus": 0.95, "stomach": 0.96, "duodenum": 0.93,
}

// worstSliceFloor: no organ may collapse on any slice (measured worst
// 0.564, duodenum; before the leak and part rules several slices scored 0).
const worstSliceFloor = 0.5

// TestReport prints the Markdown table of GT-box Dice for the notes:
// go test ./engine/builtin -run Report -v
func TestReport(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("run with -v to print the report")
	}
	fmt.Println("GT-box Dice, built-in engine, phantom seed 1, axial slices:")
	fmt.Println()
	fmt.Print(markdownTable(phantomScores(t, phantom.DefaultSeed)))
}

func TestPhantomBoxDice(t *testing.T) {
	rows := phantomScores(t, phantom.DefaultSeed)
	t.Log("\n" + markdownTable(rows))
	total := 0.0
	for _, r := range rows {
		total += r.mean
		if f, ok := phantomFloor[r.name]; ok && r.mean < f {
			t.Errorf("%s: mean Dice %.3f below its floor %.2f", r.name, r.mean, f)
		}
		if r.worst < worstSliceFloor {
			t.Errorf("%s: worst slice Dice %.3f below %.2f", r.name, r.worst, worstSliceFloor)
		}
	}
	if mean := total / float64(len(rows)); mean < 0.95 {
		t.Errorf("mean Dice over organs %.3f, want >= 0.95 (measured 0.970)", mean)
	}
}
