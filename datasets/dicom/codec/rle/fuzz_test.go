package rle

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/segtui/segtui/datasets/dicom/internal/dcmtest"
)

var dimsRE = regexp.MustCompile(`-(\d+)x(\d+)x(\d+)-(\d+)\.rle$`)

// dims reads WxHxS-B (columns, rows, samples, bits allocated) from a seed's name.
func dims(name string) (w, h, s, b int) {
	if m := dimsRE.FindStringSubmatch(name); m != nil {
		fmt.Sscan(m[1], &w)
		fmt.Sscan(m[2], &h)
		fmt.Sscan(m[3], &s)
		fmt.Sscan(m[4], &b)
	}
	return
}

// TestSeedsDecode checks the committed dcmcrle frames decode, and that
// every truncation of them is an error, never a panic.
func TestSeedsDecode(t *testing.T) {
	for name, data := range dcmtest.Seeds(t, "*.rle") {
		w, h, s, b := dims(name)
		if w == 0 {
			t.Fatalf("%s: no dimensions in the name", name)
		}
		out, err := Decode(data, h, w, s, b)
		if err != nil || len(out) != w*h*s*b/8 {
			t.Fatalf("%s: %d bytes, %v", name, len(out), err)
		}
		for n := 0; n < len(data)-2; n++ {
			if _, err := Decode(data[:n], h, w, s, b); err == nil {
				t.Errorf("%s cut to %d bytes decoded without error", name, n)
			}
		}
	}
	if _, err := Decode(make([]byte, 64), 65535, 65535, 3, 32); err == nil {
		t.Error("a 64-byte frame claiming 65535x65535 pixels decoded")
	}
}

func FuzzDecode(f *testing.F) {
	for name, data := range dcmtest.Seeds(f, "*.rle") {
		w, h, s, b := dims(name)
		f.Add(data, uint8(h), uint8(w), uint8(s), uint8(b))
	}
	f.Fuzz(func(t *testing.T, data []byte, rows, cols, samples, bits uint8) {
		out, err := Decode(data, int(rows), int(cols), int(samples), int(bits))
		if err == nil && len(out) != int(rows)*int(cols)*int(samples)*int(bits)/8 {
			t.Fatalf("%d bytes for %dx%dx%d of %d bits", len(out), cols, rows, samples, bits)
		}
	})
}
