package inflate

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"syscall"
	"testing"
	"time"

	kgzip "github.com/klauspost/compress/gzip"
)

// benchFile is a .gz to inflate: $SEGTUI_BENCH_GZ (scripts/bench-nifti.sh
// passes nibabel's 512x512x100 CT), else gzip of the samples.
func benchFile(b *testing.B) ([]byte, int) {
	p := os.Getenv("SEGTUI_BENCH_GZ")
	if p == "" {
		b.Skip("set SEGTUI_BENCH_GZ=FILE.gz")
	}
	z, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	return z, int(binary.LittleEndian.Uint32(z[len(z)-4:]))
}

// BenchmarkGunzip inflates a whole .gz with this package, and
// BenchmarkGunzipKlauspost with klauspost/compress's streaming reader, the
// one segtui used before.
func BenchmarkGunzip(b *testing.B) {
	z, n := benchFile(b)
	out := make([]byte, n)
	var d Decoder
	b.SetBytes(int64(n))
	c0 := cpuTime()
	for b.Loop() {
		if _, err := d.Gunzip(z, out); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0)
}

// cpuTime is the process's user and system time: on a shared machine it
// moves less with the load than the wall clock does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, c0 time.Duration) {
	b.ReportMetric(float64(cpuTime()-c0)/1e6/float64(b.N), "cpu-ms/op")
}

func BenchmarkGunzipKlauspost(b *testing.B) {
	z, n := benchFile(b)
	out := make([]byte, n)
	b.SetBytes(int64(n))
	c0 := cpuTime()
	for b.Loop() {
		r, err := kgzip.NewReader(bytes.NewReader(z))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(r, out); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0)
}
