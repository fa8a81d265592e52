package nifti

import (
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// The MONAI test image: real MR stored big-endian int16 with vox_offset 0,
// facts checked with nibabel.
func TestNiftiRealMonaiBigEndian(t *testing.T) {
	path := needRealData(t, "monai-bigendian/anatomical.nii")
	v, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if v.Dim != [3]int{33, 41, 25} || v.Spacing != [3]float64{2, 2, 2} || v.DataType != datasets.Int16 {
		t.Fatalf("got %v %v %s, want 33x41x25, 2 mm, int16", v.Dim, v.Spacing, v.DataType)
	}
	if o := v.Orientation(); o != "LAS" {
		t.Errorf("orientation %s, want LAS", o)
	}
	lo, hi := v.MinMax()
	if sum := sumFloat(v.Voxels); sum != 284166082 || lo != -610 || hi != 30393 {
		t.Errorf("sum %v min %v max %v, want 284166082 -610 30393", sum, lo, hi)
	}
	if x := v.Voxels[v.Index(10, 20, 12)]; x != 10872 {
		t.Errorf("voxel (10,20,12) = %v, want 10872", x)
	}
	want := datasets.Affine{{-2, 0, 0, 32}, {0, 2, 0, -40}, {0, 0, 2, -16}, {0, 0, 0, 1}}
	if !affineNear(v.Affine, want, 1e-6) {
		t.Errorf("affine %v, want %v", v.Affine, want)
	}

	lpath := needRealData(t, "monai-bigendian/anatomical_label.nii.gz")
	l, err := ReadLabels(lpath)
	if err != nil {
		t.Fatal(err)
	}
	counts := l.Counts()
	if counts[1] != 330 || len(counts) != 2 || l.DataType != datasets.Uint16 {
		t.Errorf("label counts %v (%s), want 330 voxels of label 1 in uint16", counts, l.DataType)
	}
	// The label file has only a qform (with qfac -1); it must land on the
	// image's sform grid.
	if err := datasets.CheckGrid(v, l); err != nil {
		t.Error(err)
	}

	// Writing the labels back keeps the source file's header geometry.
	out := filepath.Join(t.TempDir(), "labels.nii.gz")
	if err := WriteLabels(out, l); err != nil {
		t.Fatal(err)
	}
	back, err := ReadLabels(out)
	if err != nil {
		t.Fatal(err)
	}
	if *back.Nifti != *l.Nifti || back.DataType != datasets.Uint8 || back.Counts()[1] != 330 {
		t.Errorf("rewritten labels: %+v %s %v", *back.Nifti, back.DataType, back.Counts())
	}
}

// The axial view of any grid is radiological: patient right on screen
// left, anterior at the top. Checked in world coordinates, so it holds
// whatever the storage order.
func checkAxialView(t *testing.T, name string, g datasets.Grid) {
	t.Helper()
	view := g.View(datasets.Axial)
	world := func(n, x, y int) [3]float64 {
		ijk := view.Voxel(n, x, y)
		return g.Affine.Apply(float64(ijk[0]), float64(ijk[1]), float64(ijk[2]))
	}
	n := view.Depth / 2
	left, right := world(n, 0, view.Height/2), world(n, view.Width-1, view.Height/2)
	if !(left[0] > right[0]) {
		t.Errorf("%s: screen left is x=%v mm, screen right x=%v mm: patient right (larger x) should be on screen left", name, left[0], right[0])
	}
	top, bottom := world(n, view.Width/2, 0), world(n, view.Width/2, view.Height-1)
	if !(top[1] > bottom[1]) {
		t.Errorf("%s: top is y=%v mm, bottom y=%v mm: anterior (larger y) should be up", name, top[1], bottom[1])
	}
	if lo, hi := world(0, 0, 0), world(view.Depth-1, 0, 0); !(hi[2] > lo[2]) {
		t.Errorf("%s: slice 0 at z=%v, last slice at z=%v: slices should go inferior to superior", name, lo[2], hi[2])
	}
	if a, b := view.Width, g.Dim[view.Col]; a != b || view.Height != g.Dim[view.Row] {
		t.Errorf("%s: view %dx%d does not match its axes", name, view.Width, view.Height)
	}
}

func TestNiftiAxialViewMonaiLAS(t *testing.T) {
	v, err := Read(needRealData(t, "monai-bigendian/anatomical.nii"))
	if err != nil {
		t.Fatal(err)
	}
	checkAxialView(t, "monai LAS", v.Grid)
}

func TestNiftiAxialViewWrittenRAS(t *testing.T) {
	a := datasets.Affine{{0.8, 0, 0, -100}, {0, 0.8, 0, -120}, {0, 0, 2.5, -300}, {0, 0, 0, 1}}
	g := datasets.Grid{Dim: [3]int{20, 30, 10}, Spacing: datasets.SpacingFromAffine(a), Affine: a}
	path := filepath.Join(t.TempDir(), "ras.nii.gz")
	if err := Write(path, &datasets.Volume{Grid: g, Voxels: make([]float32, g.Len())}); err != nil {
		t.Fatal(err)
	}
	v, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if o := v.Orientation(); o != "RAS" {
		t.Fatalf("orientation %s, want RAS", o)
	}
	checkAxialView(t, "written RAS", v.Grid)
	// LPS storage, as DICOM-derived files often have.
	lps := datasets.Affine{{-0.8, 0, 0, 100}, {0, -0.8, 0, 120}, {0, 0, 2.5, -300}, {0, 0, 0, 1}}
	checkAxialView(t, "LPS", datasets.Grid{Dim: g.Dim, Spacing: g.Spacing, Affine: lps})
}
