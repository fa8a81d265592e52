package datasets

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadNpy feeds mutated .npy bytes to the array reader: an array whose
// data matches its shape and dtype, or an error; never a panic or an
// allocation beyond what the input holds. Seeds are numpy's own files
// (versions 1 to 3) and hand-written headers.
func FuzzReadNpy(f *testing.F) {
	for _, n := range []string{"v1.npy", "v2.npy", "v3.npy"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "npz", n)); err == nil {
			f.Add(b)
		}
	}
	f.Add(npyBytes("{'descr': '>f4', 'fortran_order': True, 'shape': (2, 3), }", make([]byte, 24)))
	f.Add(npyBytes("{'descr': '|u1', 'fortran_order': False, 'shape': (), }", []byte{7}))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ReadNpy(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		n := 1
		for _, d := range a.Shape {
			n *= d
		}
		if a.ItemSize <= 0 || len(a.Data) != n*a.ItemSize || a.Len() != n {
			t.Fatalf("array of shape %v, item size %d, has %d bytes", a.Shape, a.ItemSize, len(a.Data))
		}
		for i := range min(n, 4) {
			a.At(i)
		}
	})
}

// FuzzReadNPZ feeds mutated MedSAM .npz archives to the reader: a volume
// and labels on one grid, or an error naming the file.
func FuzzReadNPZ(f *testing.F) {
	for _, n := range []string{"vol3d.npz", "rgb2d.npz", "dtypes.npz"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "npz", n)); err == nil {
			f.Add(b)
		}
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, fmt.Sprintf("fuzz-%d.npz", os.Getpid()))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		v, l, err := ReadNPZ(p)
		if err != nil {
			return
		}
		if v.CheckSize() != nil || (len(v.Voxels) != v.Len() && len(v.RGB) != 3*v.Len()) {
			t.Fatalf("inconsistent volume %v", v.Dim)
		}
		if l != nil && (len(l.Labels) != l.Len() || !l.SameGrid(v.Grid)) {
			t.Fatalf("labels %v on image %v", l.Dim, v.Dim)
		}
	})
}
