package dicom

import (
	"fmt"
	"os"
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

// BenchmarkReadBenchFiles reads every .dcm file of $SEGTUI_BENCH_SERIES
// (scripts/bench-codecs.sh: the 512x512x200 CT in one syntax, as 200 files
// or one 200-frame file) as one volume: what opening it costs, with the
// frames decoded on every core and scaled to float32.
func BenchmarkReadBenchFiles(b *testing.B) {
	dir := os.Getenv("SEGTUI_BENCH_SERIES")
	if dir == "" {
		b.Skip("set SEGTUI_BENCH_SERIES=DIR (scripts/bench-codecs.sh does)")
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.dcm"))
	if len(paths) == 0 {
		b.Fatalf("no .dcm files in %s", dir)
	}
	for b.Loop() {
		v, err := ReadFiles(paths)
		if err != nil {
			b.Fatal(err)
		}
		if v.Dim[2] != 200 {
			b.Fatalf("%d slices, want 200", v.Dim[2])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/series")
}
