package nrrd

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadNRRD feeds mutated headers and data to the image, label and
// header readers: each must return a result or an error, never panic, hang
// or over-allocate (the header checks bound every allocation). Seeds are
// valid files of each encoding, byte order and a 2-D one.
func FuzzReadNRRD(f *testing.F) {
	dir := f.TempDir()
	seed := func(header string, data []byte) {
		var b bytes.Buffer
		b.WriteString(header + "\n\n")
		if strings.Contains(header, "encoding: gzip") {
			zw := gzip.NewWriter(&b)
			zw.Write(data)
			zw.Close()
		} else {
			b.Write(data)
		}
		f.Add(b.Bytes())
	}
	seed("NRRD0004\ntype: short\ndimension: 3\nsizes: 3 2 2\nspace: left-posterior-superior\n"+
		"space directions: (1,0,0) (0,2,0) (0,0,3)\nspace origin: (10,20,30)\nencoding: raw\nendian: little", make([]byte, 24))
	seed("NRRD0005\ntype: float\ndimension: 3\nsizes: 2 2 2\nspacings: 0.5 0.5 2\nencoding: gzip\nendian: big",
		bytes.Repeat([]byte{0x3f, 0x80, 0, 0}, 8))
	seed("NRRD0004\ntype: uchar\ndimension: 2\nsizes: 4 3\nencoding: raw", []byte{0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		// One file per worker process, reused (see FuzzReadNifti).
		p := filepath.Join(dir, fmt.Sprintf("fuzz-%d.nrrd", os.Getpid()))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		v, err := Read(p)
		if err == nil && (len(v.Voxels) != v.Len() || v.CheckSize() != nil) {
			t.Fatalf("inconsistent volume %v with %d voxels", v.Dim, len(v.Voxels))
		}
		if l, err := ReadLabels(p); err == nil && len(l.Labels) != l.Len() {
			t.Fatalf("inconsistent labels %v with %d ids", l.Dim, len(l.Labels))
		}
		h, herr := ReadHeader(p)
		if err == nil && (herr != nil || h.Dim != v.Dim || h.Affine != v.Affine) {
			t.Fatalf("Read gave %v %v, ReadHeader %v %v (%v)", v.Dim, v.Affine, h.Dim, h.Affine, herr)
		}
	})
}
