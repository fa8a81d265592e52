package jpegls

import (
	"testing"

	"github.com/segtui/segtui/datasets/dicom/internal/dcmtest"
)

// TestSeedsDecode checks the committed dcmcjpls frames decode, and every
// truncation is an error, never a panic.
func TestSeedsDecode(t *testing.T) {
	for name, data := range dcmtest.Seeds(t, "*.jls") {
		f, err := Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if f.Width < 8 || f.Height < 8 || len(f.Data) == 0 {
			t.Errorf("%s: %dx%d with %d bytes", name, f.Width, f.Height, len(f.Data))
		}
		for n := 0; n < len(data)-4; n++ {
			if _, err := Decode(data[:n]); err == nil {
				t.Errorf("%s cut to %d of %d bytes decoded without error", name, n, len(data))
			}
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, data := range dcmtest.Seeds(f, "*.jls") {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		w, h, nc, p, err := DecodeConfig(data)
		if err != nil || w*h*nc > 1<<20 {
			return
		}
		fr, err := Decode(data)
		if err != nil {
			return
		}
		size := 1
		if p > 8 {
			size = 2
		}
		if len(fr.Data) != w*h*nc*size {
			t.Fatalf("%d bytes for %dx%dx%d at %d bits", len(fr.Data), w, h, nc, p)
		}
	})
}
