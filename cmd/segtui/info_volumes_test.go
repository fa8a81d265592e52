package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
)

// writeCase writes a NIfTI image of shape dim and, when lab is not "",
// labels on labDim with id at voxels 0 and 1.
func writeCase(t *testing.T, img string, dim [3]int, lab string, labDim [3]int, id uint16) {
	t.Helper()
	grid := func(d [3]int) datasets.Grid {
		return datasets.Grid{Dim: d, Spacing: [3]float64{0.8, 0.8, 2.5}, Affine: datasets.Affine{{0.8, 0, 0, 0}, {0, 0.8, 0, 0}, {0, 0, 2.5, 0}, {0, 0, 0, 1}}}
	}
	v := &datasets.Volume{Grid: grid(dim), DataType: datasets.Int16}
	v.Voxels = make([]float32, v.Len())
	v.Voxels[3] = 42
	if err := os.MkdirAll(filepath.Dir(img), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := nifti.Write(img, v); err != nil {
		t.Fatal(err)
	}
	if lab == "" {
		return
	}
	l := datasets.NewLabelMap(&datasets.Volume{Grid: grid(labDim)})
	l.Labels[0], l.Labels[1] = id, id
	if err := nifti.WriteLabels(lab, l); err != nil {
		t.Fatal(err)
	}
}

func TestInfoOnAFolderOfVolumes(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	shape := [3]int{6, 5, 4}
	writeCase(t, filepath.Join(good, "case_10.nii.gz"), shape, filepath.Join(good, "case_10_seg.nii.gz"), shape, 2)
	writeCase(t, filepath.Join(good, "case_9.nii.gz"), shape, "", shape, 0)

	r := runBin(t, bin, "info", "--json", good)
	if r.code != exitOK {
		t.Fatalf("info: exit %d\n%s", r.code, r.stderr)
	}
	var info datasetInfo
	if err := json.Unmarshal([]byte(r.stdout), &info); err != nil {
		t.Fatalf("info --json is not JSON: %v\n%s", err, r.stdout)
	}
	if info.Layout != "volumes" || info.Classes != "generic" || len(info.Cases) != 2 || len(info.Warnings) != 0 {
		t.Fatalf("layout %q classes %q, %d cases, warnings %v", info.Layout, info.Classes, len(info.Cases), info.Warnings)
	}
	c9, c10 := info.Cases[0], info.Cases[1]
	if c9.ID != "case_9" || c9.Labels != "" || c9.Dim != shape || c9.Max != 42 {
		t.Errorf("case_9: %+v", c9)
	}
	if c10.ID != "case_10" || filepath.Base(c10.Labels) != "case_10_seg.nii.gz" || len(c10.LabelIDs) != 2 ||
		c10.LabelIDs[1].ID != 2 || c10.LabelIDs[1].Voxels != 2 || c10.LabelIDs[1].Name != "class 2" {
		t.Errorf("case_10: %+v", c10)
	}

	r = runBin(t, bin, "info", good)
	if r.code != exitOK || !strings.Contains(r.stdout, "volumes layout, 2 case(s), classes: generic") {
		t.Errorf("text info: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	bad := filepath.Join(dir, "bad")
	img, lab := filepath.Join(bad, "p.nii.gz"), filepath.Join(bad, "p_mask.nii.gz")
	writeCase(t, img, shape, lab, [3]int{6, 5, 3}, 1)
	r = runBin(t, bin, "info", bad)
	if r.code != exitError {
		t.Errorf("mismatched grids: exit %d, want %d", r.code, exitError)
	}
	for _, want := range []string{"error", img, lab, "6x5x3", "6x5x4"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("mismatched grids: output lacks %q:\n%s", want, r.stdout)
		}
	}
}
