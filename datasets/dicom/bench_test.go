package dicom

import (
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkReadDICOMSeries reads a 512x512x32 int16 series (16 MiB of
// pixels) from a folder: header scan, sort, decode and HU scaling.
func BenchmarkReadDICOMSeries(b *testing.B) {
	dir := b.TempDir()
	const n = 32
	for k := 0; k < n; k++ {
		s := ctSpec(uidImplicitLE, 512, 512, float64(k)*1.25)
		for i := range s.pixels {
			s.pixels[i] = (i*7 + k) % 3000
		}
		s.extra = privateSequences
		writeDICOM(b, filepath.Join(dir, fmt.Sprintf("IM%04d", n-k)), s)
	}
	b.SetBytes(n * 512 * 512 * 2)
	b.ResetTimer()
	for b.Loop() {
		if _, err := ReadSeries(dir, ""); err != nil {
			b.Fatal(err)
		}
	}
}
