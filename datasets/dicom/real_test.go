package dicom

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// TestReadRealDICOMSeries opens dcmqi-ct3 (3 real CT slices, implicit VR,
// GE private tags) and checks it against an independent pydicom decode
// (python3-pydicom 2.3.1, pixel_array * RescaleSlope + RescaleIntercept,
// slices sorted by ImagePositionPatient z) and against the NRRD labels
// Slicer wrote on its grid.
func TestReadRealDICOMSeries(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "realdata", "dcmqi-ct3")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real data not present (%v); CI has ../shared/realdata", err)
	}
	ds, err := datasets.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Layout != datasets.LayoutDICOM || len(ds.Cases) != 1 || ds.Cases[0].ID != "dcmqi-ct3" || ds.Cases[0].LabelPath != "" || len(ds.Warnings) != 1 {
		t.Fatalf("layout %s cases %+v warnings %q", ds.Layout, ds.Cases, ds.Warnings)
	}
	img, _, err := ds.Load(ds.Cases[0])
	if err != nil {
		t.Fatal(err)
	}
	// PixelSpacing 0.810547; positions z -126.69, -127.69, -128.69 give 1 mm
	// steps (SliceThickness is 1.25: the reconstruction overlaps).
	if img.Dim != [3]int{512, 512, 3} || img.DataType != datasets.Int16 || img.Orientation() != "LPS" ||
		math.Abs(img.Spacing[0]-0.810547) > 1e-9 || math.Abs(img.Spacing[1]-0.810547) > 1e-9 || math.Abs(img.Spacing[2]-1) > 1e-6 {
		t.Fatalf("dim %v type %s orientation %s spacing %v", img.Dim, img.DataType, img.Orientation(), img.Spacing)
	}
	// pydicom: min -3024 (padding -2000 stored), max 1381, mean -954.8836135864258.
	lo, hi := img.MinMax()
	sum, inFOVMin := 0.0, float32(math.Inf(1))
	for _, v := range img.Voxels {
		sum += float64(v)
		if v > -3024 {
			inFOVMin = min(inFOVMin, v)
		}
	}
	if lo != -3024 || hi != 1381 || math.Abs(sum/float64(len(img.Voxels))+954.8836135864258) > 1e-9 || inFOVMin != -1024 {
		t.Errorf("min %v max %v mean %v in-FOV min %v", lo, hi, sum/float64(len(img.Voxels)), inFOVMin)
	}
	// Voxels (column, row, sorted slice) as pydicom reads them; k 0 is 03.dcm.
	for _, c := range []struct {
		i, j, k int
		hu      float32
	}{{100, 256, 0, 34}, {300, 10, 2, -952}, {200, 300, 1, -711}} {
		if got := img.Voxels[img.Index(c.i, c.j, c.k)]; got != c.hu {
			t.Errorf("voxel (%d,%d,%d) = %v HU, pydicom %v", c.i, c.j, c.k, got, c.hu)
		}
	}

	for _, lc := range []struct {
		file  string
		id    uint16
		count int
		mean  float64 // pydicom; heart -69.8241 with the slice order reversed
	}{{"liver_seg.nrrd", 1, 107098, 37.3289}, {"heart_seg.nrrd", 3, 41449, -51.9869}} {
		ds, err := datasets.OpenWithLabels(dir, filepath.Join(dir, lc.file))
		if err != nil {
			t.Fatal(err)
		}
		if len(ds.Warnings) != 0 {
			t.Errorf("%s: warnings %q", lc.file, ds.Warnings)
		}
		img, lab, err := ds.Load(ds.Cases[0])
		if err != nil {
			t.Fatalf("%s: %v", lc.file, err)
		}
		if !img.SameGrid(lab.Grid) {
			t.Fatalf("%s: label affine %v, image %v", lc.file, lab.Affine, img.Affine)
		}
		sum, n := 0.0, 0
		for i, l := range lab.Labels {
			if l == lc.id {
				sum += float64(img.Voxels[i])
				n++
			}
		}
		if mean := sum / float64(n); n != lc.count || math.Abs(mean-lc.mean) > 1e-3 {
			t.Errorf("%s: %d voxels of id %d, mean %.4f HU; pydicom %d voxels, %.4f HU", lc.file, n, lc.id, mean, lc.count, lc.mean)
		}
		if lc.id == 1 && (sum/float64(n) < 0 || sum/float64(n) > 200) {
			t.Errorf("liver mean %v HU is outside soft tissue", sum/float64(n))
		}
	}
}
