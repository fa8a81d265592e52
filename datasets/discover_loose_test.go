package datasets_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
)

// volumeOn writes a NIfTI image of the given shape (and labels with id at
// voxel 0 when lab is not "").
func volumeOn(t *testing.T, img, lab string, dim [3]int, id uint16) {
	t.Helper()
	v := &datasets.Volume{Grid: datasets.Grid{Dim: dim, Spacing: [3]float64{1, 1, 1}, Affine: datasets.Affine{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}}, DataType: datasets.Int16}
	v.Voxels = make([]float32, v.Len())
	if img != "" {
		if err := nifti.Write(img, v); err != nil {
			t.Fatal(err)
		}
	}
	if lab != "" {
		l := datasets.NewLabelMap(v)
		l.Labels[0] = id
		if err := nifti.WriteLabels(lab, l); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenLooseVolumesWithoutLabels(t *testing.T) {
	root := t.TempDir()
	for _, n := range []string{"case_010", "case_2", "case_001"} {
		smallVolume(t, filepath.Join(root, n+".nii.gz"), "", 0)
	}
	touch(t, filepath.Join(root, "notes.txt"), []byte("not a volume"))
	ds, err := datasets.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Layout != datasets.LayoutVolumes || ds.Classes.Name != "generic" || len(ds.Warnings) != 0 {
		t.Fatalf("layout %s classes %s warnings %v", ds.Layout, ds.Classes.Name, ds.Warnings)
	}
	if got := strings.Join(caseIDs(ds), ","); got != "case_001,case_2,case_010" {
		t.Errorf("case ids %s, want natural order", got)
	}
	for _, c := range ds.Cases {
		img, lab, err := ds.Load(c)
		if err != nil || c.LabelPath != "" || lab != nil || img.Dim != [3]int{4, 3, 2} {
			t.Errorf("%s: label path %q, labels %v, err %v", c.ID, c.LabelPath, lab, err)
		}
	}
}

func TestOpenLooseVolumesPairsLabels(t *testing.T) {
	root := t.TempDir()
	j := func(n string) string { return filepath.Join(root, n) }
	smallVolume(t, j("a.nii.gz"), j("a_seg.nii.gz"), 1)
	smallVolume(t, j("b.nii"), j("b_LABELS.nii.gz"), 2)
	smallVolume(t, j("c_10.nii.gz"), j("c_10_mask.nii.gz"), 3)
	smallVolume(t, j("c_9.nii.gz"), j("c_9_gt.nii"), 4)
	smallVolume(t, j("d.nii.gz"), j("d_label.nii.gz"), 5)
	smallVolume(t, j("FLARE22_Tr_0001_0000.nii.gz"), j("FLARE22_Tr_0001.nii.gz"), 6) // flat nnU-Net naming
	smallVolume(t, j("plain.nii.gz"), "", 0)
	smallVolume(t, j("orphan_seg.nii.gz"), "", 0) // named like a label, no image
	smallVolume(t, j("a_seg_mask.nii.gz"), "", 0) // labels a label, not an image
	smallVolume(t, j("b.nii.gz"), "", 0)          // same stem as b.nii
	before := treeHash(t, root)
	ds, err := datasets.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Layout != datasets.LayoutVolumes || ds.Classes.Name != "generic" {
		t.Fatalf("layout %s classes %s", ds.Layout, ds.Classes.Name)
	}
	want := map[string]struct {
		label string
		id    uint16
	}{
		"a": {"a_seg.nii.gz", 1}, "b": {"b_LABELS.nii.gz", 2}, "c_9": {"c_9_gt.nii", 4}, "c_10": {"c_10_mask.nii.gz", 3},
		"d": {"d_label.nii.gz", 5}, "FLARE22_Tr_0001": {"FLARE22_Tr_0001.nii.gz", 6}, "plain": {},
	}
	if got := strings.Join(caseIDs(ds), ","); got != "FLARE22_Tr_0001,a,b,c_9,c_10,d,plain" {
		t.Fatalf("case ids %s (label files must never be cases)", got)
	}
	for _, c := range ds.Cases {
		w := want[c.ID]
		if filepath.Base(c.LabelPath) != w.label && !(w.label == "" && c.LabelPath == "") {
			t.Errorf("%s: labels %q, want %q", c.ID, c.LabelPath, w.label)
		}
		_, lab, err := ds.Load(c)
		if err != nil {
			t.Errorf("%s: %v", c.ID, err)
			continue
		}
		if w.label == "" {
			if lab != nil {
				t.Errorf("%s: unexpected labels", c.ID)
			}
		} else if lab == nil || lab.Counts()[w.id] != 1 {
			t.Errorf("%s: labels %v, want one voxel of id %d", c.ID, lab, w.id)
		}
	}
	if got := filepath.Base(ds.Cases[2].ImagePath); got != "b.nii" {
		t.Errorf("case b image %s, want the first in natural order", got)
	}
	warns := strings.Join(ds.Warnings, "\n")
	for _, w := range []string{"b.nii.gz: b.nii has the same name", "orphan_seg.nii.gz has no image orphan", "a_seg_mask.nii.gz has no image a_seg "} {
		if !strings.Contains(warns, w) {
			t.Errorf("warnings lack %q:\n%s", w, warns)
		}
	}
	if len(ds.Warnings) != 3 {
		t.Errorf("%d warnings, want 3:\n%s", len(ds.Warnings), warns)
	}
	requireTreeUnchanged(t, root, before)
}

func TestOpenLooseVolumesGridMismatch(t *testing.T) {
	root := t.TempDir()
	img, lab := filepath.Join(root, "case_1.nii.gz"), filepath.Join(root, "case_1_seg.nii.gz")
	volumeOn(t, img, "", [3]int{4, 3, 2}, 0)
	volumeOn(t, "", lab, [3]int{5, 3, 2}, 1)
	ds, err := datasets.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = ds.Load(ds.Cases[0])
	if err == nil || !strings.Contains(err.Error(), lab) || !strings.Contains(err.Error(), img) || !strings.Contains(err.Error(), "5x3x2") {
		t.Errorf("mismatched grids: %v; want both files and the shapes named", err)
	}
}

func TestOpenLooseVolumesRefusesAmbiguityAndLabelsOnly(t *testing.T) {
	t.Run("two labels for one image", func(t *testing.T) {
		root := t.TempDir()
		smallVolume(t, filepath.Join(root, "x.nii.gz"), filepath.Join(root, "x_seg.nii.gz"), 1)
		smallVolume(t, filepath.Join(root, "y.nii.gz"), filepath.Join(root, "x_mask.nii.gz"), 1)
		_, err := datasets.Open(root)
		if err == nil || !strings.Contains(err.Error(), "x.nii.gz has 2 label files (x_mask.nii.gz, x_seg.nii.gz)") {
			t.Errorf("ambiguous labels: %v", err)
		}
	})
	t.Run("only labels", func(t *testing.T) {
		root := t.TempDir()
		smallVolume(t, filepath.Join(root, "liver_seg.nii.gz"), "", 0)
		smallVolume(t, filepath.Join(root, "heart_gt.nii.gz"), "", 0)
		_, err := datasets.Open(root)
		if err == nil || !strings.Contains(err.Error(), "holds only label files (e.g. heart_gt.nii.gz)") {
			t.Errorf("labels only: %v", err)
		}
	})
	t.Run("no volumes at all names the layout", func(t *testing.T) {
		root := t.TempDir()
		touch(t, filepath.Join(root, "readme.md"), []byte("x"))
		_, err := datasets.Open(root)
		if err == nil || !strings.Contains(err.Error(), "a folder of NIfTI or NRRD volumes (labels beside them as X_seg") {
			t.Errorf("unrecognised folder: %v", err)
		}
	})
}

func TestOpenLooseVolumesDatasetJSONAndPrecedence(t *testing.T) {
	root := t.TempDir()
	touch(t, filepath.Join(root, "dataset.json"), []byte(`{"labels": {"background": 0, "tumour": 1}}`))
	smallVolume(t, filepath.Join(root, "p1.nii.gz"), filepath.Join(root, "p1_seg.nii.gz"), 1)
	ds, err := datasets.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := ds.Classes.ByID(1); !ok || c.Name != "tumour" || ds.Layout != datasets.LayoutVolumes {
		t.Errorf("layout %s, class 1 %+v: want dataset.json's table", ds.Layout, c)
	}
	touch(t, filepath.Join(root, "dataset.json"), []byte(`{"name": "no labels"}`))
	if _, err := datasets.Open(root); err == nil || !strings.Contains(err.Error(), "dataset.json: no \"labels\"") {
		t.Errorf("bad dataset.json: %v", err)
	}
	os.Remove(filepath.Join(root, "dataset.json"))
	// A FLARE22 layout in the same folder wins over the loose files.
	smallVolume(t, filepath.Join(root, "images", "F_0001_0000.nii.gz"), "", 0)
	if ds, err := datasets.Open(root); err != nil || ds.Layout != datasets.LayoutFLARE22 {
		t.Errorf("images/*_0000 beside loose files: %v %+v", err, ds)
	}
}

func TestOpenRealLooseVolumes(t *testing.T) {
	real := filepath.Join("..", "..", "shared", "realdata")
	if _, err := os.Stat(real); err != nil {
		t.Skipf("real data not present (%v); CI has ../shared/realdata", err)
	}
	ds, err := datasets.Open(filepath.Join(real, "monai-bigendian"))
	if err != nil {
		t.Fatal(err)
	}
	if ds.Layout != datasets.LayoutVolumes || len(ds.Cases) != 1 || ds.Cases[0].ID != "anatomical" ||
		filepath.Base(ds.Cases[0].LabelPath) != "anatomical_label.nii.gz" {
		t.Fatalf("monai folder: layout %s cases %+v", ds.Layout, ds.Cases)
	}
	img, lab, err := ds.Load(ds.Cases[0])
	if err != nil {
		t.Fatal(err)
	}
	if img.Dim != [3]int{33, 41, 25} || len(lab.Counts()) != 2 || lab.Counts()[1] == 0 {
		t.Errorf("dim %v, label counts %v", img.Dim, lab.Counts())
	}
	// dcmqi-ct3 holds DICOM slices and NRRD label maps: the DICOM series
	// wins, and the NRRD files are not taken for a loose-volumes set.
	if ds, err := datasets.Open(filepath.Join(real, "dcmqi-ct3")); err != nil || ds.Layout != datasets.LayoutDICOM {
		t.Errorf("dcmqi-ct3: %v %+v", err, ds)
	}
}
