package jpeg

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets/dicom/codec/encapsulated"
	"github.com/segtui/segtui/datasets/dicom/internal/dcmtest"
)

type toolCase struct {
	tag, tool string
	args      []string
	syntax    string
	images    []string // image names; nil: all
}

func frames(t testing.TB, path, syntax string, n int) [][]byte {
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

func wants(c toolCase, name string) bool {
	if c.images == nil {
		return true
	}
	for _, n := range c.images {
		if n == name {
			return true
		}
	}
	return false
}

// TestLosslessMatchesOriginal compresses every test image with dcmtk's
// and gdcm's JPEG Lossless encoders (each predictor, one or several
// fragments per frame, with and without offset tables) and checks each
// decoded frame equals the original exactly.
func TestLosslessMatchesOriginal(t *testing.T) {
	dcmtest.Need(t, "dcmcjpeg", "gdcmconv")
	const sv1, p14 = "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.57"
	cases := []toolCase{
		{"sv1", "dcmcjpeg", []string{"+e1", "{in}", "{out}"}, sv1, nil},
		{"sv1-frag", "dcmcjpeg", []string{"+e1", "+fs", "4", "-ot", "{in}", "{out}"}, sv1, nil},
		{"gdcm", "gdcmconv", []string{"--jpeg", "{in}", "{out}"}, sv1, nil},
	}
	for sv := 2; sv <= 7; sv++ {
		s := string(rune('0' + sv))
		cases = append(cases, toolCase{"sv" + s, "dcmcjpeg", []string{"+el", "+sv", s, "{in}", "{out}"}, p14, nil})
	}
	cases = append(cases, toolCase{"sv6-frag-bot", "dcmcjpeg", []string{"+el", "+fs", "2", "{in}", "{out}"}, p14, nil})
	dir := t.TempDir()
	for _, im := range dcmtest.Images(t) {
		for _, c := range cases {
			path := dcmtest.Convert(t, dir, im, c.tag, c.tool, c.args...)
			for k, f := range frames(t, path, c.syntax, im.Frames) {
				got, err := Decode(f, Options{})
				if err != nil {
					t.Fatalf("%s frame %d: %v", filepath.Base(path), k, err)
				}
				dcmtest.Compare(t, im.Name+" "+c.tag, im, k, got.Data, 0)
			}
		}
	}
}

// TestLossyMatchesDcmdjpeg compresses the 8-bit, 12-bit and RGB images
// with dcmtk's and gdcm's baseline and extended encoders and checks each
// decoded frame equals dcmdjpeg's decoding of the same file. gdcm writes
// YCbCr JPEG into files it labels RGB; dcmdjpeg +cg, like gdcm, converts
// those by the JPEG markers, and so does GuessColor.
func TestLossyMatchesDcmdjpeg(t *testing.T) {
	dcmtest.Need(t, "dcmcjpeg", "dcmdjpeg", "gdcmconv")
	const base, ext = "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"
	cases := []toolCase{
		{"baseline", "dcmcjpeg", []string{"+eb", "{in}", "{out}"}, base, []string{"u8", "rgb8"}},
		{"baseline-q50", "dcmcjpeg", []string{"+eb", "+q", "50", "{in}", "{out}"}, base, []string{"u8", "rgb8"}},
		{"baseline-444", "dcmcjpeg", []string{"+eb", "+s4", "{in}", "{out}"}, base, []string{"rgb8"}},
		{"baseline-411", "dcmcjpeg", []string{"+eb", "+n1", "{in}", "{out}"}, base, []string{"rgb8"}},
		{"baseline-rgb", "dcmcjpeg", []string{"+eb", "+cr", "{in}", "{out}"}, base, []string{"rgb8"}},
		{"extended", "dcmcjpeg", []string{"+ee", "{in}", "{out}"}, ext, []string{"u8", "u12", "s12"}},
		{"extended-q75", "dcmcjpeg", []string{"+ee", "+q", "75", "{in}", "{out}"}, ext, []string{"u12", "s12"}},
		{"gdcm-lossy", "gdcmconv", []string{"--jpeg", "--lossy", "-q", "80", "{in}", "{out}"}, base, []string{"u8", "rgb8"}},
	}
	dir := t.TempDir()
	for _, im := range dcmtest.Images(t) {
		for _, c := range cases {
			if !wants(c, im.Name) {
				continue
			}
			path := dcmtest.Convert(t, dir, im, c.tag, c.tool, c.args...)
			ref := strings.TrimSuffix(path, ".dcm") + "-dcmdjpeg.dcm"
			dcmtest.Run(t, "dcmdjpeg", "+px", "+cg", path, ref)
			want := dcmtest.Native(t, ref)
			photometric := dcmtest.Photometric(t, path)
			for k, f := range frames(t, path, c.syntax, im.Frames) {
				got, err := Decode(f, Options{YCbCrToRGB: strings.HasPrefix(photometric, "YBR"), GuessColor: true})
				if err != nil {
					t.Fatalf("%s frame %d: %v", filepath.Base(path), k, err)
				}
				worst := dcmtest.Compare(t, im.Name+" "+c.tag+" vs dcmdjpeg", want, k, got.Data, 0)
				orig := dcmtest.Compare(t, im.Name+" "+c.tag+" vs original", im, k, got.Data, 1<<im.BitsStored)
				if k == 0 {
					t.Logf("%s %s (%s): largest difference %d from dcmdjpeg, %d from the original", im.Name, c.tag, photometric, worst, orig)
				}
			}
		}
	}
}
