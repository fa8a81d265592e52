package nifti

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadNifti feeds mutated headers and data to both readers: they must
// return a result or an error, never panic, hang or over-allocate (the
// header checks bound every allocation). Seeds are valid files of each
// version, byte order and compression.
func FuzzReadNifti(f *testing.F) {
	dir := f.TempDir()
	g := testGrid(3, 2, 2)
	vals := typedValues([]float32{-3, 7}, g.Len())
	for _, spec := range []niftiWriteSpec{
		{version: 1, datatype: dtInt16, slope: 1},
		{version: 1, bigEndian: true, datatype: dtFloat32, slope: 2, inter: 1},
		{version: 2, datatype: dtUint8, slope: 1},
		{version: 2, bigEndian: true, datatype: dtFloat64, slope: 1, gzip: true},
		{version: 1, datatype: dtUint16, slope: 1, gzip: true},
	} {
		p := filepath.Join(dir, "seed.nii")
		if err := writeNiftiData(p, g, geometryFromAffine(g.Affine), vals, spec); err != nil {
			f.Fatal(err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// One file per worker process, reused: a fresh TempDir per input
		// makes the fuzzer spend its time creating and deleting directories.
		p := filepath.Join(dir, fmt.Sprintf("fuzz-%d.nii", os.Getpid()))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if v, err := Read(p); err == nil {
			if len(v.Voxels) != v.Len() || v.CheckSize() != nil {
				t.Fatalf("inconsistent volume %v with %d voxels", v.Dim, len(v.Voxels))
			}
		}
		if l, err := ReadLabels(p); err == nil && len(l.Labels) != l.Len() {
			t.Fatalf("inconsistent labels %v with %d ids", l.Dim, len(l.Labels))
		}
	})
}
