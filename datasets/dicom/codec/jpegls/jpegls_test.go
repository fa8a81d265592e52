package jpegls

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets/dicom/codec/encapsulated"
	"github.com/segtui/segtui/datasets/dicom/internal/dcmtest"
)

const (
	uidLossless = "1.2.840.10008.1.2.4.80"
	uidNear     = "1.2.840.10008.1.2.4.81"
)

func frames(t *testing.T, path, syntax string, n int) [][]byte {
	t.Helper()
	ts, value := dcmtest.Encapsulated(t, path)
	if ts != syntax {
		t.Fatalf("%s: transfer syntax %s, want %s", path, ts, syntax)
	}
	p, err := encapsulated.Parse(value)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	fr, err := p.Frames(n, nil)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return fr
}

// TestDecodeMatchesOriginal compresses every test image with dcmtk's
// (each interleave mode, preset thresholds) and gdcm's (CharLS) JPEG-LS
// encoders, lossless and near-lossless, and checks each decoded frame:
// lossless equal to the original, near-lossless equal to dcmdjpls's
// decoding and within NEAR of the original.
func TestDecodeMatchesOriginal(t *testing.T) {
	dcmtest.Need(t, "dcmcjpls", "dcmdjpls", "gdcmconv")
	cases := []struct {
		tag, tool string
		args      []string
		syntax    string
		near      int
	}{
		{"line", "dcmcjpls", []string{"{in}", "{out}"}, uidLossless, 0},
		{"sample", "dcmcjpls", []string{"+is", "{in}", "{out}"}, uidLossless, 0},
		{"none", "dcmcjpls", []string{"+in", "-ot", "+fs", "8", "{in}", "{out}"}, uidLossless, 0},
		{"thresholds", "dcmcjpls", []string{"+t1", "5", "+t2", "11", "+t3", "40", "+rs", "32", "{in}", "{out}"}, uidLossless, 0},
		{"gdcm", "gdcmconv", []string{"--jpegls", "{in}", "{out}"}, uidLossless, 0},
		{"near2", "dcmcjpls", []string{"+en", "{in}", "{out}"}, uidNear, 2},
		{"near7-sample", "dcmcjpls", []string{"+en", "+md", "7", "+is", "{in}", "{out}"}, uidNear, 7},
		{"gdcm-near3", "gdcmconv", []string{"--jpegls", "--lossy", "-e", "3", "{in}", "{out}"}, uidNear, 3},
	}
	dir := t.TempDir()
	for _, im := range dcmtest.Images(t) {
		for _, c := range cases {
			if c.near > 0 && im.Signed {
				continue // dcmtk refuses near-lossless for signed pixels; gdcm writes them unsigned
			}
			path := dcmtest.Convert(t, dir, im, c.tag, c.tool, c.args...)
			want := im
			if c.near > 0 {
				ref := strings.TrimSuffix(path, ".dcm") + "-dcmdjpls.dcm"
				dcmtest.Run(t, "dcmdjpls", "+px", path, ref)
				want = dcmtest.Native(t, ref)
			}
			for k, f := range frames(t, path, c.syntax, im.Frames) {
				got, err := Decode(f)
				if err != nil {
					t.Errorf("%s frame %d: %v", filepath.Base(path), k, err)
					continue
				}
				dcmtest.Compare(t, im.Name+" "+c.tag, want, k, got.Data, 0)
				if c.near > 0 {
					dcmtest.Compare(t, im.Name+" "+c.tag+" vs original", im, k, got.Data, c.near)
				}
			}
		}
	}
}
