package eval

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
	"github.com/segtui/segtui/datasets/phantom"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/builtin"
	"github.com/segtui/segtui/engine/metrics"
)

// phantomSet writes two small FLARE22-layout cases cut from the phantom
// (slices 30-33 of seeds 1 and 2) and opens them as a dataset.
func phantomSet(t *testing.T) *datasets.Dataset {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"images", "labels"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for seed := int64(1); seed <= 2; seed++ {
		v, l := phantomCrops()[seed-1].vol, phantomCrops()[seed-1].lab
		id := fmt.Sprintf("FLARE22_Tr_%04d", seed)
		if err := nifti.Write(filepath.Join(dir, "images", id+"_0000.nii.gz"), v); err != nil {
			t.Fatal(err)
		}
		if err := nifti.WriteLabels(filepath.Join(dir, "labels", id+".nii.gz"), l); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := datasets.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Cases) != 2 {
		t.Fatalf("found %d cases, want 2", len(ds.Cases))
	}
	return ds
}

// phantomCrops builds the two phantoms phantomSet cuts once per test
// binary: a phantom takes seconds, and many tests write the set.
var phantomCrops = sync.OnceValue(func() (out [2]struct {
	vol *datasets.Volume
	lab *datasets.LabelMap
}) {
	for i := range out {
		vol, lab := phantom.New(int64(i + 1))
		out[i].vol, out[i].lab = cropK(vol, lab, 30, 4)
	}
	return out
})

func cropK(vol *datasets.Volume, lab *datasets.LabelMap, k0, n int) (*datasets.Volume, *datasets.LabelMap) {
	plane := vol.Dim[0] * vol.Dim[1]
	g := vol.Grid
	g.Dim[2] = n
	for r := 0; r < 3; r++ {
		g.Affine[r][3] += g.Affine[r][2] * float64(k0)
	}
	v := &datasets.Volume{Grid: g, Voxels: append([]float32(nil), vol.Voxels[k0*plane:(k0+n)*plane]...), DataType: vol.DataType}
	l := &datasets.LabelMap{Grid: g, Labels: append([]uint16(nil), lab.Labels[k0*plane:(k0+n)*plane]...), DataType: lab.DataType}
	return v, l
}

func runOn(t *testing.T, ds *datasets.Dataset, proto string, out string, ctx context.Context, after func(string, string), resume bool) (*Results, error) {
	t.Helper()
	p, err := ParseProtocol(proto)
	if err != nil {
		t.Fatal(err)
	}
	return Run(ctx, Config{
		Dataset: ds, DatasetPath: ds.Root, Protocol: p, JitterPX: 2, Seed: 3,
		Variants: []Variant{{Name: "builtin", Engine: builtin.New(), Workers: BuiltinWorkers()}},
		Plane:    datasets.Axial, Rules: metrics.FLARE22Rules(), OutDir: out, AfterCase: after, Resume: resume,
	})
}

func TestEvalProtocolsRecordTheirPrompts(t *testing.T) {
	ds := phantomSet(t)
	for _, proto := range []string{"box", "point", "box+point", "iterative:2"} {
		res, err := runOn(t, ds, proto, t.TempDir(), context.Background(), nil, false)
		if err != nil {
			t.Fatalf("%s: %v", proto, err)
		}
		vol, lab, err := ds.Load(ds.Cases[0])
		if err != nil {
			t.Fatal(err)
		}
		_ = vol
		c := res.Cases[0]
		if len(c.Slices) == 0 {
			t.Fatalf("%s: no per-slice results", proto)
		}
		for _, s := range c.Slices {
			gtSlice, view := lab.Slice(datasets.Axial, s.Slice)
			gt := classMask(gtSlice, s.Class)
			box, _ := BoxPrompt(gt, view.Width, view.Height, 0, nil)
			centre, _ := CenterPoint(gt, view.Width, view.Height)
			first := s.Prompts[0]
			switch proto {
			case "box", "iterative:2":
				if first.Box == nil || len(first.Points) != 0 {
					t.Fatalf("%s: first prompt %+v, want a box only", proto, first)
				}
				if d := first.Box.X0 - box.X0; d < -2 || d > 2 {
					t.Fatalf("%s: box %+v is more than the 2 px jitter from the GT box %+v", proto, *first.Box, box)
				}
			case "point":
				if first.Box != nil || len(first.Points) != 1 || first.Points[0] != centre {
					t.Fatalf("point: first prompt %+v, want just the GT's centre point %+v", first, centre)
				}
			case "box+point":
				if first.Box == nil || len(first.Points) != 1 || first.Points[0] != centre {
					t.Fatalf("box+point: first prompt %+v, want a box and the centre point %+v", first, centre)
				}
			}
			if proto == "iterative:2" {
				if len(s.Prompts) > 3 {
					t.Fatalf("iterative:2 ran %d rounds", len(s.Prompts))
				}
				for r := 1; r < len(s.Prompts); r++ {
					prev, cur := s.Prompts[r-1], s.Prompts[r]
					added := cur.Points[len(prev.Points):]
					if len(added) == 0 || len(added) > 2 || *cur.Box != *prev.Box {
						t.Fatalf("round %d: %+v after %+v: want the same box plus one or two clicks", r, cur, prev)
					}
					for _, p := range added {
						on := gt[int(p.Y)*view.Width+int(p.X)]
						if p.Positive != on {
							t.Fatalf("round %d click %+v: positive clicks go on missed GT, negative ones off it", r, p)
						}
					}
				}
			} else if len(s.Prompts) != 1 {
				t.Fatalf("%s: %d rounds, want 1", proto, len(s.Prompts))
			}
			if _, err := s.Mask.Decode(); err != nil {
				t.Fatal(err)
			}
		}
		if res.SlicesPerSecond["builtin"] <= 0 {
			t.Errorf("%s: no throughput", proto)
		}
	}
}

func TestEvalResumesToTheSameTable(t *testing.T) {
	ds := phantomSet(t)
	full, err := runOn(t, ds, "box", t.TempDir(), context.Background(), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	_, err = runOn(t, ds, "box", out, ctx, func(string, string) { cancel() }, false)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: %v, want context.Canceled", err)
	}
	if _, err := runOn(t, ds, "box", out, context.Background(), nil, false); err == nil {
		t.Error("a second run into the same folder without --resume was allowed")
	}
	if _, err := runOn(t, ds, "point", out, context.Background(), nil, true); err == nil {
		t.Error("resuming with another protocol was allowed")
	}
	var ran []string
	resumed, err := runOn(t, ds, "box", out, context.Background(), func(c, v string) { ran = append(ran, c) }, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(ran) != 1 || ran[0] != ds.Cases[1].ID {
		t.Errorf("resume ran %v, want only the unfinished case %s", ran, ds.Cases[1].ID)
	}
	if a, b := full.Dice.Table().Markdown(), resumed.Dice.Table().Markdown(); a != b {
		t.Errorf("resumed Dice table differs:\n%s\nfull run:\n%s", b, a)
	}
	if a, b := full.NSD.Table().Markdown(), resumed.NSD.Table().Markdown(); a != b {
		t.Errorf("resumed NSD table differs:\n%s\nfull run:\n%s", b, a)
	}
	for _, f := range []string{"results.json", "results.md", "results.csv", "results_nsd.csv", "results.jsonl"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty: %v", f, err)
		}
	}
}

var _ engine.Engine = builtin.New()
