package jpeg2000

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets/dicom/codec/encapsulated"
	"github.com/segtui/segtui/datasets/dicom/internal/dcmtest"
)

func frames(t testing.TB, path string, n int) (string, [][]byte) {
	t.Helper()
	ts, value := dcmtest.Encapsulated(t, path)
	p, err := encapsulated.Parse(value)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	fr, err := p.Frames(n, nil)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return ts, fr
}

// TestDICOMMatchesOriginal compresses every test image with gdcm's JPEG
// 2000 encoder (OpenJPEG): lossless decodes must equal the original,
// lossy ones gdcm's own decoding.
func TestDICOMMatchesOriginal(t *testing.T) {
	dcmtest.Need(t, "gdcmconv")
	cases := []struct {
		tag    string
		args   []string
		syntax string
		lossy  bool
	}{
		{"j2k", []string{"--j2k", "{in}", "{out}"}, "1.2.840.10008.1.2.4.90", false},
		{"j2k-tiles", []string{"--j2k", "-t", "64,48", "-n", "3", "{in}", "{out}"}, "1.2.840.10008.1.2.4.90", false},
		{"j2k-lossy", []string{"--j2k", "--lossy", "-q", "40", "{in}", "{out}"}, "1.2.840.10008.1.2.4.91", true},
		{"j2k-irrev", []string{"--j2k", "--irreversible", "--lossy", "-r", "8", "{in}", "{out}"}, "1.2.840.10008.1.2.4.91", true},
	}
	dir := t.TempDir()
	for _, im := range dcmtest.Images(t) {
		for _, c := range cases {
			path := dcmtest.Convert(t, dir, im, c.tag, "gdcmconv", c.args...)
			want := im
			if c.lossy {
				ref := strings.TrimSuffix(path, ".dcm") + "-raw.dcm"
				dcmtest.Run(t, "gdcmconv", "--raw", "-X", path, ref)
				want = dcmtest.Native(t, ref)
			}
			ts, fr := frames(t, path, im.Frames)
			if ts != c.syntax {
				t.Fatalf("%s: transfer syntax %s, want %s", path, ts, c.syntax)
			}
			for k, f := range fr {
				got, err := Decode(f)
				if err != nil {
					t.Errorf("%s frame %d: %v", filepath.Base(path), k, err)
					continue
				}
				worst := dcmtest.Compare(t, im.Name+" "+c.tag, want, k, got.Data, 0)
				if k == 0 && c.lossy {
					orig := dcmtest.Compare(t, im.Name+" "+c.tag+" vs original", im, k, got.Data, 1<<im.BitsStored)
					t.Logf("%s %s: largest difference %d from gdcm, %d from the original", im.Name, c.tag, worst, orig)
				}
			}
		}
	}
}
