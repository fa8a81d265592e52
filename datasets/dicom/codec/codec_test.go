package codec

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
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

// TestInflateDeflatedDataset writes the real CT slice as Deflated Explicit
// VR Little Endian with dcmconv and checks the inflated data set ends with
// the original pixels; a limit below its size is refused.
func TestInflateDeflatedDataset(t *testing.T) {
	dcmtest.Need(t, "dcmconv")
	src := dcmtest.RealCTFiles(t)[0]
	out := filepath.Join(t.TempDir(), "deflated.dcm")
	dcmtest.Run(t, "dcmconv", "+td", src, out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("1.2.840.10008.1.2.1.99")) {
		t.Fatal("dcmconv +td did not write the deflated syntax")
	}
	// The file meta group's length ends it (0002,0000 UL, explicit VR).
	i := bytes.Index(b, []byte{0x02, 0x00, 0x00, 0x00, 'U', 'L', 4, 0})
	if i < 0 {
		t.Fatal("no file meta group length")
	}
	start := i + 12 + int(binary.LittleEndian.Uint32(b[i+8:]))
	ds, err := Inflate(b[start:], 4<<20)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	pixels := orig[len(orig)-512*512*2:]
	if !bytes.HasSuffix(ds, pixels) {
		t.Errorf("inflated data set (%d bytes) does not end with the original's pixels", len(ds))
	}
	if _, err := Inflate(b[start:], int64(len(ds)-1)); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("inflating past the limit: %v, want a limit error", err)
	}
	if _, err := Inflate(b[start:start+100], 4<<20); err == nil {
		t.Error("a truncated deflate stream inflated without error")
	}
}
