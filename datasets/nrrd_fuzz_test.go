package datasets

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadNRRD feeds mutated headers and data to both NRRD readers: they
// must return a result or an error naming the file, never panic, hang or
// allocate what the file cannot hold. Seeds are raw, gzip and big-endian
// files and, when present, the real dcmqi segmentations.
func FuzzReadNRRD(f *testing.F) {
	seed := func(header []string, data []byte) {
		var b bytes.Buffer
		b.WriteString(strings.Join(header, "\n") + "\n\n")
		if strings.Contains(strings.Join(header, "\n"), "encoding: gzip") {
			zw := gzip.NewWriter(&b)
			zw.Write(data)
			zw.Close()
		} else {
			b.Write(data)
		}
		f.Add(b.Bytes())
	}
	base := []string{"NRRD0004", "type: short", "dimension: 3", "sizes: 2 2 2", "space: left-posterior-superior",
		"space directions: (1,0,0) (0,1,0) (0,0,2.5)", "space origin: (0,0,0)", "endian: little"}
	data := make([]byte, 16)
	for i := range data {
		data[i] = byte(i)
	}
	seed(append(base, "encoding: raw"), data)
	seed(append(base, "encoding: gzip"), data)
	seed([]string{"NRRD0005", "type: float", "dimension: 3", "sizes: 1 2 1", "spacings: 1 1 1", "endian: big", "encoding: raw"}, data[:8])
	seed([]string{"NRRD0004", "type: uchar", "dimension: 2", "sizes: 2 2", "encoding: raw"}, data[:4])
	if names, _ := filepath.Glob(filepath.Join(dcmqiDir, "*.nrrd")); len(names) > 0 {
		for _, n := range names[:1] {
			if b, err := os.ReadFile(n); err == nil {
				f.Add(b)
			}
		}
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, fmt.Sprintf("fuzz-%d.nrrd", os.Getpid()))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if v, err := ReadNRRD(p); err == nil {
			if len(v.Voxels) != v.Len() || v.CheckSize() != nil {
				t.Fatalf("inconsistent volume %v with %d voxels", v.Dim, len(v.Voxels))
			}
		} else if !strings.Contains(err.Error(), p) {
			t.Fatalf("error does not name the file: %v", err)
		}
		if l, err := ReadNRRDLabels(p); err == nil && len(l.Labels) != l.Len() {
			t.Fatalf("inconsistent labels %v with %d ids", l.Dim, len(l.Labels))
		}
	})
}
