package codec

import (
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets/dicom/codec/encapsulated"
	"github.com/segtui/segtui/datasets/dicom/internal/dcmtest"
)

// TestDecodeFrameEverySyntax compresses the real CT and the colour test
// image in every lossless syntax with dcmtk and gdcm, and checks that
// DecodeFrame gives the original frames in the native layout.
func TestDecodeFrameEverySyntax(t *testing.T) {
	dcmtest.Need(t, "dcmcrle", "dcmcjpeg", "dcmcjpls", "gdcmconv")
	tools := []struct{ tag, tool, opt string }{
		{"rle", "dcmcrle", ""},
		{"jpeg57", "dcmcjpeg", "+el"},
		{"jpeg70", "dcmcjpeg", "+e1"},
		{"jpegls", "dcmcjpls", "+el"},
		{"j2k", "gdcmconv", "--j2k"},
	}
	dir := t.TempDir()
	images := dcmtest.Images(t)
	for _, im := range []dcmtest.Image{images[0], images[5]} {
		for _, c := range tools {
			args := []string{"{in}", "{out}"}
			if c.opt != "" {
				args = append([]string{c.opt}, args...)
			}
			path := dcmtest.Convert(t, dir, im, c.tag, c.tool, args...)
			uid, value := dcmtest.Encapsulated(t, path)
			s, ok := Lookup(uid)
			if !ok || !s.Encapsulated() || s.Lossy {
				t.Fatalf("%s: syntax %s: %+v, %v", path, uid, s, ok)
			}
			p, err := encapsulated.Parse(value)
			if err != nil {
				t.Fatal(err)
			}
			frames, err := p.Frames(im.Frames, nil)
			if err != nil {
				t.Fatal(err)
			}
			info := Info{Rows: im.Rows, Cols: im.Cols, Samples: im.Samples, BitsAllocated: im.BitsAllocated, BitsStored: im.BitsStored, Signed: im.Signed, Photometric: im.Photometric}
			for k, f := range frames {
				dst := make([]byte, info.FrameBytes())
				photometric, err := DecodeFrame(uid, f, info, dst)
				if err != nil {
					t.Fatalf("%s frame %d: %v", filepath.Base(path), k, err)
				}
				if photometric != im.Photometric {
					t.Errorf("%s: photometric %s, want %s", path, photometric, im.Photometric)
				}
				dcmtest.Compare(t, im.Name+" "+c.tag, im, k, dst, 0)
			}
			// A header that disagrees with the codestream is an error, not garbage.
			bad := info
			bad.Rows++
			if _, err := DecodeFrame(uid, frames[0], bad, make([]byte, bad.FrameBytes())); err == nil {
				t.Errorf("%s: a frame decoded against a header with one more row", path)
			}
		}
	}
}
