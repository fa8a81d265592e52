package codec

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/segtui/segtui/datasets/dicom/codec/encapsulated"
	"github.com/segtui/segtui/datasets/dicom/internal/dcmtest"
)

// TestWriteBenchSeries writes the 512x512x200 CT series that
// scripts/bench-codecs.sh compresses and times, into
// $SEGTUI_BENCH_SERIES_WRITE; without it the test skips. Slice k is real
// slice k mod 3 rolled down by k rows, so every slice differs while it
// compresses as the real CT does.
func TestWriteBenchSeries(t *testing.T) {
	dir := os.Getenv("SEGTUI_BENCH_SERIES_WRITE")
	if dir == "" {
		t.Skip("set SEGTUI_BENCH_SERIES_WRITE=DIR to write the benchmark series (scripts/bench-codecs.sh does)")
	}
	ct := dcmtest.RealCT(t)
	n := ct.FrameBytes()
	multi := ct
	multi.Frames, multi.Pixels = 200, nil
	for k := 0; k < 200; k++ {
		src := ct.Frame(k % 3)
		im := ct
		im.Frames, im.Placed, im.Z = 1, true, 1.25*float64(k)
		im.Pixels = make([]byte, n)
		row := ct.Cols * 2
		shift := (k * row) % n
		copy(im.Pixels, src[n-shift:])
		copy(im.Pixels[shift:], src[:n-shift])
		if err := dcmtest.Write(filepath.Join(dir, "slice"+strconv.Itoa(1000 + k)[1:]+".dcm"), im); err != nil {
			t.Fatal(err)
		}
		multi.Pixels = append(multi.Pixels, im.Pixels...)
	}
	// The same slices as one 200-frame file, so the tools start once.
	if err := dcmtest.Write(filepath.Join(dir, "multiframe.dcm.200"), multi); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkDecodeSeries decodes every .dcm file of $SEGTUI_BENCH_SERIES
// ($SEGTUI_BENCH_FRAMES compressed 512x512 int16 frames each, default 1):
// reading the file, splitting the encapsulated pixel data and decoding it
// into the native layout, one frame after another on one goroutine (the
// JPEG 2000 decoder spreads a frame's code-blocks over the cores).
func BenchmarkDecodeSeries(b *testing.B) {
	dir := os.Getenv("SEGTUI_BENCH_SERIES")
	if dir == "" {
		b.Skip("set SEGTUI_BENCH_SERIES=DIR (scripts/bench-codecs.sh does)")
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.dcm"))
	sort.Strings(paths)
	if len(paths) == 0 {
		b.Fatalf("no .dcm files in %s", dir)
	}
	nframes := 1
	if s := os.Getenv("SEGTUI_BENCH_FRAMES"); s != "" {
		nframes, _ = strconv.Atoi(s)
	}
	info := Info{Rows: 512, Cols: 512, Samples: 1, BitsAllocated: 16, BitsStored: 16, Signed: true, Photometric: "MONOCHROME2"}
	dst := make([]byte, info.FrameBytes())
	var sum uint64
	for b.Loop() {
		for _, p := range paths {
			uid, value := dcmtest.Encapsulated(b, p)
			pd, err := encapsulated.Parse(value)
			if err != nil {
				b.Fatal(err)
			}
			frames, err := pd.Frames(nframes, nil)
			if err != nil {
				b.Fatal(err)
			}
			for _, f := range frames {
				if _, err := DecodeFrame(uid, f, info, dst); err != nil {
					b.Fatalf("%s: %v", p, err)
				}
				sum += uint64(binary.LittleEndian.Uint16(dst[len(dst)/2:]))
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/series")
	_ = sum
}
