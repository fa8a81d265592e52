package jpeg

import (
	"testing"

	"github.com/segtui/segtui/datasets/dicom/internal/dcmtest"
)

// BenchmarkDecodeLosslessCT decodes one real 512x512 int16 CT slice
// compressed by dcmcjpeg (JPEG Lossless SV1).
func BenchmarkDecodeLosslessCT(b *testing.B) {
	dcmtest.Need(b, "dcmcjpeg")
	im := dcmtest.RealCT(b)
	path := dcmtest.Convert(b, b.TempDir(), im, "sv1", "dcmcjpeg", "+e1", "{in}", "{out}")
	fr := frames(b, path, "1.2.840.10008.1.2.4.70", im.Frames)
	b.SetBytes(int64(im.FrameBytes()))
	for b.Loop() {
		if _, err := Decode(fr[0], Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
