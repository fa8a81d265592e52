package nifti

import (
	"encoding/binary"
	"math"
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// pixdim NaN (or 0) with an sform: the voxel size comes from the sform's
// columns, not 1 mm, so info and the Dice/NSD spacing match the affine.
func TestNiftiPixdimNaNTakesSpacingFromAffine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nanpix.nii")
	v := &datasets.Volume{Grid: datasets.Grid{Dim: [3]int{8, 8, 4}, Spacing: [3]float64{5.6, 5.6, 12},
		Affine: datasets.Affine{{5.6, 0, 0, 0}, {0, 5.6, 0, 0}, {0, 0, 12, 0}, {0, 0, 0, 1}}}, DataType: datasets.Int16}
	v.Voxels = make([]float32, v.Len())
	if err := Write(path, v); err != nil {
		t.Fatal(err)
	}
	nan := make([]byte, 4)
	binary.LittleEndian.PutUint32(nan, math.Float32bits(float32(math.NaN())))
	for a := 1; a <= 3; a++ {
		patchFile(t, path, 76+4*a, nan) // pixdim[1..3]
	}
	got, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	want := [3]float64{5.6, 5.6, 12}
	for a := range 3 {
		if math.Abs(got.Spacing[a]-want[a]) > 1e-4 {
			t.Fatalf("spacing %v with pixdim NaN; want %v from the sform", got.Spacing, want)
		}
	}
}
