package jpeg2000

import (
	"testing"

	"github.com/segtui/segtui/datasets/dicom/internal/dcmtest"
)

// BenchmarkDecodeCT decodes one real 512x512 int16 CT slice compressed
// losslessly by gdcm (OpenJPEG's defaults: 6 resolutions, 64x64 blocks).
func BenchmarkDecodeCT(b *testing.B) {
	dcmtest.Need(b, "gdcmconv")
	im := dcmtest.RealCT(b)
	path := dcmtest.Convert(b, b.TempDir(), im, "j2k", "gdcmconv", "--j2k", "{in}", "{out}")
	_, fr := frames(b, path, im.Frames)
	b.SetBytes(int64(im.FrameBytes()))
	for b.Loop() {
		if _, err := Decode(fr[0]); err != nil {
			b.Fatal(err)
		}
	}
}
