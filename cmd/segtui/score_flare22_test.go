package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets/nifti"
	"github.com/segtui/segtui/datasets/phantom"
)

// TestScoreMatchesFLARE22Script runs scripts/flare22_eval.py (FLARE22's
// evaluation, the official method in numpy/scipy) and segtui score on the
// same pair, the phantom's 13 organs against a prediction that moves,
// drops and adds voxels, and wants the same values: Dice equal, NSD equal
// to 1e-12 (the two sum surfel areas in different orders). The z-range
// rule is in play: aorta, IVC and esophagus run past the moved slices.
func TestScoreMatchesFLARE22Script(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import nibabel, scipy, skimage").Run(); err != nil {
		t.Skipf("%s with nibabel, scipy and skimage is needed for the reference (apt-get install python3-nibabel python3-scipy python3-skimage): %v", py, err)
	}
	_, lab := phantom.New(phantom.DefaultSeed)
	pred := lab.Clone()
	d := lab.Dim
	for k := 0; k < d[2]; k++ {
		for j := 0; j < d[1]; j++ {
			for i := 0; i < d[0]; i++ {
				v := uint16(0)
				// Voxels take the label 1-2 voxels to their left,
				// depending on the class here: ragged, moved surfaces.
				if si := i - 1 - int(lab.Labels[lab.Index(i, j, k)]%2); si >= 0 {
					v = lab.Labels[lab.Index(si, j, k)]
				}
				if k == 20 && v == 5 {
					v = 0 // a slice of aorta missed
				}
				if i > 40 && i < 50 && j > 60 && j < 66 && k > 30 && k < 34 {
					v = 9 // a stray gallbladder blob
				}
				pred.Labels[lab.Index(i, j, k)] = v
			}
		}
	}
	dir := t.TempDir()
	gtPath, predPath := filepath.Join(dir, "gt.nii.gz"), filepath.Join(dir, "pred.nii.gz")
	if err := nifti.WriteLabels(gtPath, lab); err != nil {
		t.Fatal(err)
	}
	if err := nifti.WriteLabels(predPath, pred); err != nil {
		t.Fatal(err)
	}
	ref, err := exec.Command(py, "../../scripts/flare22_eval.py", gtPath, predPath).Output()
	if err != nil {
		t.Fatalf("flare22_eval.py: %v", err)
	}
	var out, errb bytes.Buffer
	if code := score([]string{"--json", gtPath, predPath}, &out, &errb); code != exitOK {
		t.Fatalf("score: exit %d: %s", code, errb.String())
	}
	type class struct {
		ID        uint16
		Dice, NSD *float64
	}
	var want, got struct{ Classes []class }
	if err := json.Unmarshal(ref, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	byID := map[uint16]class{}
	for _, c := range got.Classes {
		byID[c.ID] = c
	}
	if len(want.Classes) != 13 {
		t.Fatalf("the reference scored %d classes, want FLARE22's 13", len(want.Classes))
	}
	for _, w := range want.Classes {
		g, ok := byID[w.ID]
		if !ok || g.Dice == nil || g.NSD == nil || w.Dice == nil || w.NSD == nil {
			t.Errorf("class %d: segtui %+v, reference %+v", w.ID, g, w)
			continue
		}
		if *g.Dice != *w.Dice || math.Abs(*g.NSD-*w.NSD) > 1e-12 {
			t.Errorf("class %d: segtui Dice %.17g NSD %.17g, reference Dice %.17g NSD %.17g", w.ID, *g.Dice, *g.NSD, *w.Dice, *w.NSD)
		}
		if *w.NSD == 1 && *w.Dice == 1 {
			t.Errorf("class %d scores 1 and 1: the prediction should differ from the ground truth", w.ID)
		}
	}
}
