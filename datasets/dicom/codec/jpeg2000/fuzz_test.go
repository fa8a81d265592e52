package jpeg2000

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets/dicom/internal/dcmtest"
)

// TestSeedsDecode checks the committed OpenJPEG codestreams (precincts,
// tiles, every code-block style, SOP/EPH, layers, ROI, 9/7 with ICT)
// decode, and cutting them short never panics.
func TestSeedsDecode(t *testing.T) {
	for name, data := range dcmtest.Seeds(t, "*.j2k") {
		f, err := Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if f.Width != 11 || f.Height != 9 {
			t.Errorf("%s: %dx%d, want 11x9", name, f.Width, f.Height)
		}
		// Truncated codestreams decode their lower layers or fail; both are fine.
		for n := 0; n < len(data); n++ {
			_, _ = Decode(data[:n])
		}
	}
	// SOC, SIZ: 16384x16384 image, 1x1 tiles, one 8-bit component.
	huge := []byte{0xFF, 0x4F, 0xFF, 0x51, 0, 41, 0, 0}
	for _, v := range []uint32{16384, 16384, 0, 0, 1, 1, 0, 0} {
		huge = binary.BigEndian.AppendUint32(huge, v)
	}
	huge = append(huge, 0, 1, 7, 1, 1)
	if _, err := Decode(huge); err == nil || !strings.Contains(err.Error(), "tiles, more than") {
		t.Errorf("a header claiming 16384x16384 one-pixel tiles: %v, want a refusal", err)
	}
}

func FuzzDecode(f *testing.F) {
	for _, data := range dcmtest.Seeds(f, "*.j2k") {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		w, h, nc, _, err := DecodeConfig(data)
		if err != nil || w*h*nc > 1<<20 {
			return
		}
		fr, err := Decode(data)
		if err != nil {
			return
		}
		size := 1
		if fr.Precision > 8 {
			size = 2
		}
		if len(fr.Data) != w*h*nc*size {
			t.Fatalf("%d bytes for %dx%dx%d", len(fr.Data), w, h, nc)
		}
	})
}
