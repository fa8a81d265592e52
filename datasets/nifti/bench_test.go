package nifti

import (
	stdgzip "compress/gzip"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	kgzip "github.com/klauspost/compress/gzip"
	"github.com/segtui/segtui/datasets"
)

// benchNiftiFile returns a 512x512x100 int16 CT-like .nii.gz: the file in
// $SEGTUI_BENCH_NIFTI when set (scripts/bench-nifti.sh shares one with
// nibabel), else one made here.
func benchNiftiFile(b *testing.B) string {
	b.Helper()
	if p := os.Getenv("SEGTUI_BENCH_NIFTI"); p != "" {
		return p
	}
	g := datasets.Grid{Dim: [3]int{512, 512, 100}, Spacing: [3]float64{0.8, 0.8, 2.5}}
	g.Affine = datasets.Affine{{-0.8, 0, 0, 200}, {0, -0.8, 0, 200}, {0, 0, 2.5, -250}, {0, 0, 0, 1}}
	v := &datasets.Volume{Grid: g, Voxels: syntheticCT(g.Dim)}
	path := filepath.Join(b.TempDir(), "ct.nii.gz")
	if err := Write(path, v); err != nil {
		b.Fatal(err)
	}
	return path
}

// syntheticCT is air around an elliptical body of soft tissue with lungs
// and a bony ring, plus noise, so it compresses about as real CT does.
func syntheticCT(dim [3]int) []float32 {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]float32, dim[0]*dim[1]*dim[2])
	cx, cy := float64(dim[0])/2, float64(dim[1])/2
	for k := 0; k < dim[2]; k++ {
		for j := 0; j < dim[1]; j++ {
			for i := 0; i < dim[0]; i++ {
				x, y := (float64(i)-cx)/(0.42*float64(dim[0])), (float64(j)-cy)/(0.3*float64(dim[1]))
				r := math.Hypot(x, y)
				hu, noise := -1000.0, 4.0
				switch {
				case r < 1 && math.Hypot(math.Abs(x)-0.45, y) < 0.3:
					hu, noise = -850, 30 // lungs
				case r < 0.8 && r > 0.7:
					hu, noise = 700, 60 // ribs
				case r < 1:
					hu, noise = 40, 15 // soft tissue
				}
				out[i+dim[0]*(j+dim[1]*k)] = float32(math.Round(hu + noise*rng.NormFloat64()))
			}
		}
	}
	return out
}

// BenchmarkReadNiftiGz loads a 512x512x100 int16 CT .nii.gz into float32
// physical values: what opening a case costs.
func BenchmarkReadNiftiGz(b *testing.B) {
	path := benchNiftiFile(b)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuTime()
	for b.Loop() {
		v, err := Read(path)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(v.Voxels) * 2))
	}
	b.ReportMetric(float64(st.Size())/1e6, "MB-gz")
	b.ReportMetric(float64(cpuTime()-c0)/1e6/float64(b.N), "cpu-ms/op")
}

// cpuTime is the process's user and system time: on a shared machine it
// moves less with the load than the wall clock does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkGunzipStdlib and BenchmarkGunzipKlauspost inflate the same file
// without decoding: the evidence for using klauspost/compress.
func BenchmarkGunzipStdlib(b *testing.B) {
	benchGunzip(b, func(r io.Reader) (io.Reader, error) { return stdgzip.NewReader(r) })
}

func BenchmarkGunzipKlauspost(b *testing.B) {
	benchGunzip(b, func(r io.Reader) (io.Reader, error) { return kgzip.NewReader(r) })
}

func benchGunzip(b *testing.B, open func(io.Reader) (io.Reader, error)) {
	path := benchNiftiFile(b)
	b.ResetTimer()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := open(f)
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, zr)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(n)
	}
}

// BenchmarkWriteNiftiLabelsGz saves a 512x512x100 label map: what a save
// keypress costs.
func BenchmarkWriteNiftiLabelsGz(b *testing.B) {
	g := datasets.Grid{Dim: [3]int{512, 512, 100}, Spacing: [3]float64{0.8, 0.8, 2.5}, Affine: datasets.IdentityAffine()}
	l := &datasets.LabelMap{Grid: g, Labels: make([]uint16, g.Len())}
	ct := syntheticCT(g.Dim)
	for i, v := range ct {
		if v > 0 {
			l.Labels[i] = 1 + uint16(i/(512*512*25))
		}
	}
	path := filepath.Join(b.TempDir(), "labels.nii.gz")
	b.ResetTimer()
	for b.Loop() {
		if err := WriteLabels(path, l); err != nil {
			b.Fatal(err)
		}
	}
}
