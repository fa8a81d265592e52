package metaimage

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// ctLike is a small volume on an oblique LPS grid with CT values.
func ctLike(dim [3]int) *datasets.Volume {
	g := datasets.Grid{Dim: dim, Affine: datasets.Affine{{-0.7, 0, 0.1, 120}, {0, -0.7, 0, 80}, {0, 0.05, 2.5, -300}, {0, 0, 0, 1}}}
	g.Spacing = datasets.SpacingFromAffine(g.Affine)
	v := &datasets.Volume{Grid: g, DataType: datasets.Int16, Voxels: make([]float32, g.Len())}
	for i := range v.Voxels {
		v.Voxels[i] = float32(i%97*23 - 1024)
	}
	return v
}

// TestWriteReadsBack writes images as .mha and .mhd + .zraw, in int16 and
// float32, and reads them back through the registry: same grid, values and
// stored type.
func TestWriteReadsBack(t *testing.T) {
	dir := t.TempDir()
	ct := ctLike([3]int{7, 5, 3})
	frac := ctLike([3]int{4, 4, 2})
	frac.Voxels[3], frac.DataType = 0.25, datasets.Float32
	for _, c := range []struct {
		name string
		v    *datasets.Volume
	}{{"ct.mha", ct}, {"ct.mhd", ct}, {"frac.mha", frac}} {
		p := filepath.Join(dir, c.name)
		if err := Write(p, c.v); err != nil {
			t.Fatal(err)
		}
		got, _, err := datasets.ReadImage(p)
		if err != nil {
			t.Fatal(err)
		}
		if !got.SameGrid(c.v.Grid) || got.DataType != c.v.DataType {
			t.Fatalf("%s: %v %s, want %v %s", c.name, got.Affine, got.DataType, c.v.Affine, c.v.DataType)
		}
		for i := range c.v.Voxels {
			if got.Voxels[i] != c.v.Voxels[i] {
				t.Fatalf("%s: voxel %d is %v, want %v", c.name, i, got.Voxels[i], c.v.Voxels[i])
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "ct.zraw")); err != nil {
		t.Errorf("the .mhd's data file: %v", err)
	}
}

// TestDiscoveryFindsMetaImage: MetaImage files take part in the
// single-file and loose-folder layouts as NIfTI and NRRD do: X_seg beside
// X is X's ground truth, a .mhd's .zraw is not a case, and a single file
// opens with --labels.
func TestDiscoveryFindsMetaImage(t *testing.T) {
	dir := t.TempDir()
	a, b := ctLike([3]int{6, 5, 4}), ctLike([3]int{3, 3, 3})
	lab := datasets.NewLabelMap(a)
	lab.Labels[7], lab.Labels[8] = 2, 2
	for _, err := range []error{
		Write(filepath.Join(dir, "case_a.mhd"), a),
		WriteLabels(filepath.Join(dir, "case_a_seg.mha"), lab),
		Write(filepath.Join(dir, "case_b.mha"), b),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	ds, err := datasets.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Layout != datasets.LayoutVolumes || len(ds.Cases) != 2 || len(ds.Warnings) != 0 {
		t.Fatalf("layout %s cases %+v warnings %q; want two volume cases", ds.Layout, ds.Cases, ds.Warnings)
	}
	ca := ds.Cases[0]
	if ca.ID != "case_a" || filepath.Base(ca.ImagePath) != "case_a.mhd" || filepath.Base(ca.LabelPath) != "case_a_seg.mha" || ds.Cases[1].LabelPath != "" {
		t.Fatalf("cases %+v", ds.Cases)
	}
	img, got, err := ds.Load(ca)
	if err != nil {
		t.Fatal(err)
	}
	if !img.SameGrid(a.Grid) || got.Counts()[2] != 2 {
		t.Errorf("case_a: grid %v, label counts %v", img.Affine, got.Counts())
	}

	one, err := datasets.OpenWithLabels(filepath.Join(dir, "case_a.mhd"), filepath.Join(dir, "case_a_seg.mha"))
	if err != nil || len(one.Cases) != 1 || one.Cases[0].ID != "case_a" {
		t.Fatalf("single file with --labels: %v %+v", err, one)
	}
	if _, got, err := one.Load(one.Cases[0]); err != nil || got.Counts()[2] != 2 {
		t.Errorf("single file with --labels: %v", err)
	}
	if h, err := datasets.ReadHeader(filepath.Join(dir, "case_b.mha")); err != nil || h.Dim != b.Dim || h.DataType != datasets.Int16 {
		t.Errorf("ReadHeader: %+v %v", h, err)
	}
}
