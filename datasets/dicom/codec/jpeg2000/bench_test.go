package jpeg2000

import (
	"syscall"
	"testing"
	"time"

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
	c0 := cpuTime()
	for b.Loop() {
		if _, err := Decode(fr[0]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-c0)/1e6/float64(b.N), "cpu-ms/op")
}

// cpuTime is the process's user and system time, all threads: the work a
// decode does, which a shared machine's load moves less than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
