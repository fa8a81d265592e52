package npz

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadNpy feeds mutated .npy streams to the parser: a result or an
// error, never a panic or an allocation the stream cannot back.
func FuzzReadNpy(f *testing.F) {
	for _, v := range []string{"v1", "v2", "v3"} {
		b, err := os.ReadFile(filepath.Join("testdata", v+".npy"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ReadNpy(bytes.NewReader(data), int64(len(data)))
		if err == nil && len(a.Data) != a.Len()*a.ItemSize {
			t.Fatalf("shape %v of %s with %d data bytes", a.Shape, a.Descr, len(a.Data))
		}
	})
}

// FuzzReadNPZ feeds mutated MedSAM archives to Read and ReadHeader, which
// must agree on the grid whenever Read succeeds.
func FuzzReadNPZ(f *testing.F) {
	dir := f.TempDir()
	for _, n := range []string{"vol3d.npz", "rgb2d.npz"} {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// One file per worker process, reused (see FuzzReadNifti).
		p := filepath.Join(dir, fmt.Sprintf("fuzz-%d.npz", os.Getpid()))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		v, lab, err := Read(p)
		if err != nil {
			return
		}
		if len(v.Voxels) != v.Len() || (lab != nil && len(lab.Labels) != lab.Len()) {
			t.Fatalf("inconsistent volume %v (%d voxels) or labels", v.Dim, len(v.Voxels))
		}
		if h, err := ReadHeader(p); err != nil || h.Dim != v.Dim || h.Affine != v.Affine || h.DataType != v.DataType {
			t.Fatalf("Read gave %v %s, ReadHeader %+v (%v)", v.Dim, v.DataType, h, err)
		}
	})
}
