package rle

import (
	"testing"

	"github.com/segtui/segtui/datasets/dicom/codec/encapsulated"
	"github.com/segtui/segtui/datasets/dicom/internal/dcmtest"
)

// TestDecodeMatchesOriginal compresses every test image with dcmtk's and
// gdcm's RLE encoders and checks each decoded frame equals the original.
func TestDecodeMatchesOriginal(t *testing.T) {
	dcmtest.Need(t, "dcmcrle", "gdcmconv")
	dir := t.TempDir()
	for _, im := range dcmtest.Images(t) {
		for _, tool := range []struct {
			tag, name string
			args      []string
		}{
			{"dcmcrle", "dcmcrle", []string{"{in}", "{out}"}},
			{"dcmcrle-nobot", "dcmcrle", []string{"-ot", "{in}", "{out}"}},
			{"gdcm", "gdcmconv", []string{"--rle", "{in}", "{out}"}},
		} {
			path := dcmtest.Convert(t, dir, im, tool.tag, tool.name, tool.args...)
			syntax, value := dcmtest.Encapsulated(t, path)
			if syntax != "1.2.840.10008.1.2.5" {
				t.Fatalf("%s: transfer syntax %s, want RLE", path, syntax)
			}
			p, err := encapsulated.Parse(value)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			frames, err := p.Frames(im.Frames, nil)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			for k, f := range frames {
				got, err := Decode(f, im.Rows, im.Cols, im.Samples, im.BitsAllocated)
				if err != nil {
					t.Fatalf("%s frame %d: %v", path, k, err)
				}
				dcmtest.Compare(t, im.Name+" "+tool.tag, im, k, got, 0)
			}
		}
	}
}
