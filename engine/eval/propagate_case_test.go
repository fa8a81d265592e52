package eval

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/phantom"
	"github.com/segtui/segtui/engine/metrics"
)

// wholePhantom opens the default phantom, all of its slices, as a dataset.
func wholePhantom(t *testing.T) *datasets.Dataset {
	t.Helper()
	dir := t.TempDir()
	if _, _, err := phantom.Write(dir, phantom.DefaultSeed); err != nil {
		t.Fatal(err)
	}
	ds, err := datasets.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// The propagate protocol with the builtin engine: every class is prompted
// once and carried through the volume; each case score is the 3-D Dice of
// the union of the accepted slices (read back from results.json) against
// the ground truth over the whole volume, and the liver comes out as in
// the TUI (0.980 there from an exact box; measured here with 2 px jitter).
func TestEvalPropagateScoresTheWholeVolume(t *testing.T) {
	ds := wholePhantom(t)
	out := t.TempDir()
	if _, err := runOn(t, ds, "propagate", out, context.Background(), nil, false); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var res Results
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatal(err)
	}
	if res.Protocol != "propagate" || len(res.Cases) != 1 {
		t.Fatalf("protocol %q with %d case results, want propagate and 1", res.Protocol, len(res.Cases))
	}
	_, lab, err := ds.Load(ds.Cases[0])
	if err != nil {
		t.Fatal(err)
	}
	view := lab.View(datasets.Axial)
	cr := res.Cases[0]
	ids := PresentIDs(lab.Labels)
	if len(cr.Classes) != len(ids) || len(cr.Propagation) != len(ids) {
		t.Fatalf("%d class scores and %d propagations for %d classes in the ground truth", len(cr.Classes), len(cr.Propagation), len(ids))
	}
	// The predicted volumes, rebuilt from the masks results.json stores.
	pred := map[uint16][]bool{}
	for _, s := range cr.Slices {
		m, err := s.Mask.Decode()
		if err != nil {
			t.Fatal(err)
		}
		if pred[s.Class] == nil {
			pred[s.Class] = make([]bool, lab.Len())
		}
		for p, on := range m {
			if on {
				ijk := view.Voxel(s.Slice, p%view.Width, p/view.Width)
				pred[s.Class][lab.Index(ijk[0], ijk[1], ijk[2])] = true
			}
		}
	}
	for i, pr := range cr.Propagation {
		id := ids[i]
		cc := cr.Classes[i]
		if pr.Class != id || cc.ID != id || cc.Dice == nil {
			t.Fatalf("class %d: propagation %+v, score %+v", id, pr, cc)
		}
		if pr.StopUp == "" || pr.StopDown == "" || pr.First > pr.Start || pr.Last < pr.Start || pr.First < 0 || pr.Last >= view.Depth {
			t.Errorf("class %d: run %+v: want both stop reasons and first <= start <= last inside the stack", id, pr)
		}
		if got := countSlicesOf(cr.Slices, id); got != pr.Last-pr.First+1 {
			t.Errorf("class %d: %d slice results for slices %d..%d", id, got, pr.First, pr.Last)
		}
		if gt, _ := lab.Slice(datasets.Axial, pr.Start); countID(gt, id) != maxSliceCount(lab, id) {
			t.Errorf("class %d: started on slice %d, not its largest", id, pr.Start)
		}
		if metrics.FLARE22Rules().ZRange[id] {
			continue // scored inside the GT's z-range only (FLARE22)
		}
		want, _ := metrics.Dice(classMask(lab.Labels, id), pred[id])
		if math.Abs(*cc.Dice-want) > 1e-9 {
			t.Errorf("class %d: case Dice %.6f, the stored masks' union gives %.6f", id, *cc.Dice, want)
		}
		t.Logf("class %d: Dice %.3f, start %d, slices %d..%d, up %q, down %q", id, *cc.Dice, pr.Start+1, pr.First+1, pr.Last+1, pr.StopUp, pr.StopDown)
	}
	if d := *cr.Classes[0].Dice; d < 0.95 {
		t.Errorf("liver case Dice %.3f, want >= 0.95 (measured 0.980)", d)
	}
}

func countSlicesOf(s []SliceResult, id uint16) int {
	n := 0
	for _, r := range s {
		if r.Class == id {
			n++
		}
	}
	return n
}

func countID(l []uint16, id uint16) int {
	n := 0
	for _, v := range l {
		if v == id {
			n++
		}
	}
	return n
}

func maxSliceCount(lab *datasets.LabelMap, id uint16) int {
	best := 0
	for n := 0; n < lab.View(datasets.Axial).Depth; n++ {
		l, _ := lab.Slice(datasets.Axial, n)
		best = max(best, countID(l, id))
	}
	return best
}
