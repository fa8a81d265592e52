package onnx

import (
	"context"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/phantom"
	"github.com/segtui/segtui/engine"
)

// Benchmarks of the SAM ViT-B-shaped models from scripts/gen_bench_models.py
// (make bench-models) on a real 512x512 CT slice; scripts/bench-engine.sh
// runs them next to onnxruntime-node. Settings come from the environment:
// SEGTUI_BENCH_MODELS (manifest, default ../../bench/models/models.yaml),
// SEGTUI_BENCH_DEVICE (cpu or cuda, default cpu), SEGTUI_BENCH_THREADS
// (intra-op threads, default one per core), SEGTUI_BENCH_EMB (a raw float32
// embedding written by TestBenchEngineWriteSlice: the decoder benchmarks
// use it instead of encoding, so both sides of bench-engine decode the same
// one and a decoder round costs no encode).

const benchSlicePath = "../../../shared/realdata/amos2d/images/amos_0004_75.png"

// benchPoint is the click every benchmark prompt uses (with random weights
// the mask means nothing; only the work counts).
var benchPoint = engine.Point{X: 150, Y: 260, Positive: true}

func benchVariant(b testing.TB) (engine.Variant, engine.Device, int) {
	b.Helper()
	path := os.Getenv("SEGTUI_BENCH_MODELS")
	if path == "" {
		path = "../../bench/models/models.yaml"
	}
	if _, err := os.Stat(path); err != nil {
		b.Skipf("benchmark models %s not found: run make bench-models first", path)
	}
	m, err := engine.LoadManifest(path)
	if err != nil {
		b.Fatal(err)
	}
	dev := engine.DeviceCPU
	if d := os.Getenv("SEGTUI_BENCH_DEVICE"); d != "" {
		if dev, err = engine.ParseDevice(d); err != nil {
			b.Fatal(err)
		}
	}
	threads := runtime.NumCPU()
	if t := os.Getenv("SEGTUI_BENCH_THREADS"); t != "" {
		if threads, err = strconv.Atoi(t); err != nil || threads <= 0 {
			b.Fatalf("SEGTUI_BENCH_THREADS=%q, expected a positive number", t)
		}
	}
	return m.Variants[0], dev, threads
}

// benchRuntime is the test binary's one ONNX Runtime, the CUDA build when
// the benchmark asks for CUDA (run such benchmarks on their own: -run '^$').
func benchRuntime(b testing.TB, dev engine.Device) *Runtime {
	b.Helper()
	if dev == engine.DeviceCPU {
		return testRuntime(b)
	}
	testRT.once.Do(func() { testRT.rt, testRT.err = NewRuntime(RuntimeOptions{Device: dev}) })
	if testRT.err != nil {
		b.Fatal(testRT.err)
	}
	return testRT.rt
}

func openBench(b testing.TB) engine.Engine {
	b.Helper()
	v, dev, threads := benchVariant(b)
	e, err := Open(v, benchRuntime(b, dev), OpenOptions{Device: dev, Threads: threads})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { e.Close() })
	if r, ok := e.(engine.DeviceReporter); ok && r.Device() != dev {
		b.Fatalf("asked for %s, running on %s: %s", dev, r.Device(), r.DeviceNotice())
	}
	return e
}

// benchSlice is the real AMOS CT slice (grey stored as RGB), or, without
// ../shared/realdata, the phantom's middle axial slice windowed to RGB.
func benchSlice(b testing.TB) *engine.Image {
	b.Helper()
	if f, err := os.Open(benchSlicePath); err == nil {
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			b.Fatalf("%s: %v", benchSlicePath, err)
		}
		r := img.Bounds()
		out := &engine.Image{Width: r.Dx(), Height: r.Dy(), RGB: make([]uint8, 3*r.Dx()*r.Dy()), PixelSpacing: [2]float64{1, 1}}
		for y := 0; y < r.Dy(); y++ {
			for x := 0; x < r.Dx(); x++ {
				cr, cg, cb, _ := img.At(r.Min.X+x, r.Min.Y+y).RGBA()
				i := 3 * (y*r.Dx() + x)
				out.RGB[i], out.RGB[i+1], out.RGB[i+2] = uint8(cr>>8), uint8(cg>>8), uint8(cb>>8)
			}
		}
		return out
	}
	vol, _ := phantom.New(phantom.DefaultSeed)
	view := vol.View(datasets.Axial)
	grey, v := vol.Slice(datasets.Axial, view.Depth/2)
	img := &engine.Image{Width: v.Width, Height: v.Height, Grey: grey, CT: true, PixelSpacing: v.PixelSpacing}
	return &engine.Image{Width: img.Width, Height: img.Height, RGB: to8bit(img, nil), PixelSpacing: img.PixelSpacing}
}

// TestBenchEngineWriteSlice writes, for scripts/bench-engine.sh, the
// benchmark slice as raw RGB and segtui's embedding of it as raw float32
// (slice.rgb, emb.f32), and prints the slice's size, the click and the
// variant's files (only when asked).
func TestBenchEngineWriteSlice(t *testing.T) {
	dir := os.Getenv("SEGTUI_BENCH_DIR")
	if dir == "" {
		t.Skip("SEGTUI_BENCH_DIR not set: only scripts/bench-engine.sh needs the raw slice")
	}
	img := benchSlice(t)
	write := func(name string, data []byte) {
		if err := datasets.WriteFileAtomic(filepath.Join(dir, name), func(w io.Writer) error {
			_, err := w.Write(data)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	write("slice.rgb", img.RGB)
	v, _, _ := benchVariant(t)
	e := openBench(t)
	m := encode(t, e, img).(*onnxEmbedding)
	if len(m.data) != 1 {
		t.Fatalf("%s: %d embedding tensors, the benchmark handles one", v.Name, len(m.data))
	}
	write("emb.f32", unsafe.Slice((*byte)(unsafe.Pointer(&m.data[0][0])), 4*len(m.data[0])))
	fmt.Printf("BENCHSLICE %d %d %g %g\n", img.Width, img.Height, benchPoint.X, benchPoint.Y)
	fmt.Printf("BENCHFILES %s %s %s\n", v.Name, v.Encoder, v.Decoder)
}

// benchEmbedding is the slice's embedding: SEGTUI_BENCH_EMB's when set,
// else segtui's encode.
func benchEmbedding(b testing.TB, e engine.Engine, img *engine.Image) engine.Embedding {
	b.Helper()
	path := os.Getenv("SEGTUI_BENCH_EMB")
	if path == "" {
		return encode(b, e, img)
	}
	oe := e.(*onnxEngine)
	if len(oe.lay.embDims) != 1 || !static(oe.lay.embDims[0]) {
		b.Fatalf("%s: SEGTUI_BENCH_EMB holds one static embedding, the model has %v", oe.v.Name, oe.lay.embDims)
	}
	dims := oe.lay.embDims[0]
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	n := int64(1)
	for _, d := range dims {
		n *= d
	}
	if int64(len(raw)) != 4*n {
		b.Fatalf("%s has %d bytes, expected %d for a float32 embedding %v", path, len(raw), 4*n, dims)
	}
	data := make([]float32, n)
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&data[0])), 4*n), raw)
	f := newFrame(img.Width, img.Height, oe.lay.size, oe.pp.Aspect)
	return &onnxEmbedding{variant: oe.v.Name, f: f, data: [][]float32{data}, dims: [][]int64{dims}}
}

// BenchmarkSAMViTBEncode is encoder time per slice: windowing, resize,
// normalisation and the encoder run.
func BenchmarkSAMViTBEncode(b *testing.B) {
	e := openBench(b)
	img := benchSlice(b)
	encode(b, e, img) // first run allocates ONNX Runtime's arenas
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		encode(b, e, img)
	}
}

// BenchmarkSAMViTBDecode is decoder time per prompt: one click to a mask at
// image size (prompt transform, decoder run, best-IoU choice, threshold).
func BenchmarkSAMViTBDecode(b *testing.B) {
	e := openBench(b)
	emb := benchEmbedding(b, e, benchSlice(b))
	p := engine.Prompt{Points: []engine.Point{benchPoint}}
	decode(b, e, emb, p)
	c0 := cpuNS(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		decode(b, e, emb, p)
	}
	b.StopTimer()
	reportCPU(b, c0)
}

// BenchmarkSAMViTBPromptToMask is what a click costs on a slice already
// encoded: the encoder service's cache hit, then the decode.
func BenchmarkSAMViTBPromptToMask(b *testing.B) {
	e := openBench(b)
	img := benchSlice(b)
	svc := engine.NewEncoderService(e, engine.NewEmbeddingCache(256<<20), engine.PrefetchOptions{})
	defer svc.Close()
	k := engine.CacheKey{Variant: e.Name(), Case: "amos_0004", Slice: 75}
	ctx := context.Background()
	if os.Getenv("SEGTUI_BENCH_EMB") != "" {
		svc.Cache().Put(k, benchEmbedding(b, e, img))
	}
	emb, err := svc.Embedding(ctx, k, img)
	if err != nil {
		b.Fatal(err)
	}
	p := engine.Prompt{Points: []engine.Point{benchPoint}}
	decode(b, e, emb, p) // the first run builds ORT's plan: untimed, as in the decode benchmark and on node's side
	c0 := cpuNS(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		emb, err := svc.Embedding(ctx, k, img)
		if err != nil {
			b.Fatal(err)
		}
		decode(b, e, emb, p)
	}
	b.StopTimer()
	reportCPU(b, c0)
	if st := svc.Cache().Stats(); st.Hits < int64(b.N) {
		b.Fatalf("%d cache hits for %d prompts", st.Hits, b.N)
	}
}

// BenchmarkSAMViTBDecodeWays times the decoder the ways segtui has run it,
// taking turns in one process so that a busy machine weighs on all alike:
// each turn is decodeWaysBlock prompts of one way, the first untimed (an
// idle session's ONNX Runtime threads still spin for a while after its
// last run and would be charged to the next way). The ways: "before", the whole official graph with every
// output allocated by ONNX Runtime and copied into fresh Go memory;
// "reused", the whole graph into outputs reused between prompts; "cut",
// the graph without its full-size masks (samMask makes the chosen one),
// outputs reused: the default. Reports ms, CPU ms (all threads) and Go
// heap MB per prompt of each.
func BenchmarkSAMViTBDecodeWays(b *testing.B) {
	v, dev, threads := benchVariant(b)
	rt := benchRuntime(b, dev)
	open := func(whole bool) *onnxEngine {
		e, err := Open(v, rt, OpenOptions{Device: dev, Threads: threads, wholeDecoder: whole})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { e.Close() })
		return e.(*onnxEngine)
	}
	whole, cut := open(true), open(false)
	if !cut.goMasks {
		b.Fatalf("%s: the decoder could not be cut", v.Name)
	}
	img := benchSlice(b)
	embW, embC := benchEmbedding(b, whole, img), benchEmbedding(b, cut, img)
	p := engine.Prompt{Points: []engine.Point{benchPoint}}
	names := []string{"before", "reused", "cut"}
	way := func(i int) (engine.Engine, engine.Embedding) {
		switch i {
		case 0:
			whole.ortOutputs = true
			return whole, embW
		case 1:
			whole.ortOutputs = false
			return whole, embW
		}
		return cut, embC
	}
	for i := range names {
		e, emb := way(i)
		decode(b, e, emb, p)
	}
	var ns, cpu, heap [3]int64
	n := 0
	b.ResetTimer()
	for i := 0; i < len(names)*b.N; i++ {
		k := i % len(names)
		e, emb := way(k)
		decode(b, e, emb, p)
		for j := 1; j < decodeWaysBlock; j++ {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			a0, t0, c0 := ms.TotalAlloc, time.Now(), cpuNS(b)
			decode(b, e, emb, p)
			ns[k] += time.Since(t0).Nanoseconds()
			cpu[k] += cpuNS(b) - c0
			runtime.ReadMemStats(&ms)
			heap[k] += int64(ms.TotalAlloc - a0)
			if k == 0 {
				n++
			}
		}
	}
	b.StopTimer()
	for k, name := range names {
		b.ReportMetric(float64(ns[k])/1e6/float64(n), name+"-ms")
		b.ReportMetric(float64(cpu[k])/1e6/float64(n), name+"-cpu-ms")
		b.ReportMetric(float64(heap[k])/(1<<20)/float64(n), name+"-MB")
	}
}

// decodeWaysBlock is the prompts in one turn of BenchmarkSAMViTBDecodeWays.
const decodeWaysBlock = 4

// BenchmarkSAMViTBMemory compares the sessions' CPU memory modes: each
// iteration encodes the slice and decodes four prompts on it (a slice
// visited and clicked), reporting encoder ms, decoder ms per prompt, minor
// page faults per prompt, and the process's resident set after the loop
// (rss-MB) and at its peak (peak-MB). Run each mode in its own process
// (-bench 'Memory/enc=arena-shrink,dec=arena$') for the RSS to be its own,
// with -benchtime 5x for the five encodes the numbers are quoted at.
func BenchmarkSAMViTBMemory(b *testing.B) {
	modes := []memoryPlan{
		{memNoArena, memNoArena},
		{memNoArena, memArena},
		{memHugePages, memArena},
		{memArena, memArena},
		{memArenaShrink, memNoArena},
		{memArenaShrink, memArena},
		{memArenaShrink, memArenaShrink},
	}
	for _, m := range modes {
		b.Run(fmt.Sprintf("enc=%v,dec=%v", m.enc, m.dec), func(b *testing.B) {
			v, dev, threads := benchVariant(b)
			e, err := Open(v, benchRuntime(b, dev), OpenOptions{Device: dev, Threads: threads, memory: m})
			if err != nil {
				b.Fatal(err)
			}
			defer e.Close()
			img := benchSlice(b)
			p := engine.Prompt{Points: []engine.Point{benchPoint}}
			decode(b, e, encode(b, e, img), p) // first runs build ORT's plans
			var encNS, encCPU, decNS, decCPU, faults int64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0, c0 := time.Now(), cpuNS(b)
				emb := encode(b, e, img)
				encNS += time.Since(t0).Nanoseconds()
				encCPU += cpuNS(b) - c0
				for j := 0; j < 4; j++ {
					f0 := minorFaults(b)
					t0, c0 = time.Now(), cpuNS(b)
					decode(b, e, emb, p)
					decNS += time.Since(t0).Nanoseconds()
					decCPU += cpuNS(b) - c0
					faults += minorFaults(b) - f0
				}
			}
			b.StopTimer()
			rss, peak := residentMB(b)
			b.ReportMetric(float64(encNS)/1e6/float64(b.N), "enc-ms")
			b.ReportMetric(float64(encCPU)/1e6/float64(b.N), "enc-cpu-ms")
			b.ReportMetric(float64(decNS)/1e6/float64(4*b.N), "dec-ms")
			b.ReportMetric(float64(decCPU)/1e6/float64(4*b.N), "dec-cpu-ms")
			b.ReportMetric(float64(faults)/float64(4*b.N), "dec-faults")
			b.ReportMetric(rss, "rss-MB")
			b.ReportMetric(peak, "peak-MB")
		})
	}
}

// BenchmarkSAMViTBDecodeMemory is decoder time per prompt with and
// without the decoder's own arena (the encoder without one), with minor
// page faults per prompt and the resident set after the loop.
func BenchmarkSAMViTBDecodeMemory(b *testing.B) {
	for _, m := range []cpuMemory{memNoArena, memArena, memArenaShrink} {
		b.Run("dec="+m.String(), func(b *testing.B) {
			v, dev, threads := benchVariant(b)
			e, err := Open(v, benchRuntime(b, dev), OpenOptions{Device: dev, Threads: threads, memory: memoryPlan{memNoArena, m}})
			if err != nil {
				b.Fatal(err)
			}
			defer e.Close()
			emb := encode(b, e, benchSlice(b))
			p := engine.Prompt{Points: []engine.Point{benchPoint}}
			decode(b, e, emb, p)
			f0, c0 := minorFaults(b), cpuNS(b)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				decode(b, e, emb, p)
			}
			b.StopTimer()
			b.ReportMetric(float64(cpuNS(b)-c0)/1e6/float64(b.N), "cpu-ms")
			b.ReportMetric(float64(minorFaults(b)-f0)/float64(b.N), "faults")
			rss, _ := residentMB(b)
			b.ReportMetric(rss, "rss-MB")
		})
	}
}

// reportCPU reports the process's CPU time per iteration since c0 (all
// threads: ONNX Runtime's, the collector's): on a machine shared with
// other work it measures the work where wall time also measures the wait.
func reportCPU(b *testing.B, c0 int64) {
	b.ReportMetric(float64(cpuNS(b)-c0)/1e6/float64(b.N), "cpu-ms")
}

// minorFaults is the process's minor page faults so far.
func minorFaults(b testing.TB) int64 { return rusage(b).Minflt }

// cpuNS is the CPU time (user and system, all threads) the process has
// used: on a shared machine it tells work from waiting for a core.
func cpuNS(b testing.TB) int64 {
	ru := rusage(b)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func rusage(b testing.TB) syscall.Rusage {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return ru
}

// residentMB is the process's resident set now and at its peak
// (VmRSS and VmHWM in /proc/self/status).
func residentMB(b testing.TB) (now, peak float64) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Skipf("no /proc/self/status for RSS: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		var kb float64
		if _, err := fmt.Sscanf(line, "VmRSS: %f kB", &kb); err == nil {
			now = kb / 1024
		} else if _, err := fmt.Sscanf(line, "VmHWM: %f kB", &kb); err == nil {
			peak = kb / 1024
		}
	}
	return now, peak
}
