package tui

import (
	"context"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/builtin"
	"github.com/segtui/segtui/engine/onnx"
)

// Key-press-to-frame latency on a cached slice: the time from a key
// message to the composed, encoded frame the next View shows, with every
// command the key causes run in between (decode included). The slice's
// embedding is cached first, as it is once the user has looked at it.
//
//	go test ./tui -run '^$' -bench KeyToFrame -benchtime 20x
//
// SAM-shaped models: SEGTUI_BENCH_MODELS (default ../bench/models/models.yaml,
// from make bench-models) on CPU.

func benchModel(b *testing.B, g Graphics, entry EngineEntry) *Model {
	cfg := phantomConfig(b, g)
	cfg.Engines = []EngineEntry{entry}
	m := New(context.Background(), cfg, asciiRenderer())
	b.Cleanup(m.Close)
	drive(m, sizeMsg(160, 48))
	drive(m, runCmd(m.Init())...)
	liverCentreB(b, m)
	press(m, " ", "esc", "esc") // encode and cache this slice
	return m
}

func liverCentreB(b *testing.B, m *Model) {
	for _, bx := range m.sess.GTClassesOnSlice(m.key()) {
		if bx.ID == 1 {
			m.cx, m.cy = (bx.X0+bx.X1)/2, (bx.Y0+bx.Y1)/2
			return
		}
	}
	b.Fatal("no liver on the start slice")
}

// benchKeys times key (and everything it causes); reset keys run untimed.
// It also reports the decoder's share (dec-ms/op) and how many encoder runs
// finished during the timed loop (encodes: 0 on a cached slice).
func benchKeys(b *testing.B, m *Model, key string, reset ...string) {
	var dec time.Duration
	runs := m.slots[m.engine].encoderRuns()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.decDur = 0
		drive(m, keyMsg(key))
		b.StopTimer()
		if m.frame.err != nil {
			b.Fatal(m.frame.err)
		}
		dec += m.decDur
		for _, k := range reset {
			drive(m, keyMsg(k))
		}
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(dec.Microseconds())/1e3/float64(b.N), "dec-ms/op")
	b.ReportMetric(float64(m.slots[m.engine].encoderRuns()-runs), "encodes")
}

var builtinEntry = EngineEntry{Name: "builtin", Device: "CPU", Open: func() (engine.Engine, error) { return builtin.New(), nil }}

// Cursor move: no model call, frame only.
func BenchmarkKeyToFrameCursorBlocks(b *testing.B) {
	benchKeys(b, benchModel(b, GraphicsBlocks, builtinEntry), "l")
}

func BenchmarkKeyToFrameCursorSixel(b *testing.B) {
	benchKeys(b, benchModel(b, GraphicsSixel, builtinEntry), "l")
}

// Cursor move at 4x zoom (the view centred on the liver): the frame is
// composed from the cropped region at display resolution, the same size
// as at 1x, so it should cost about the same. h moves back untimed.
func BenchmarkKeyToFrameCursorZoom4Blocks(b *testing.B) {
	m := benchModel(b, GraphicsBlocks, builtinEntry)
	press(m, "+", "+", "+", "+")
	benchKeys(b, m, "l", "h")
}

func BenchmarkKeyToFrameCursorZoom4Sixel(b *testing.B) {
	m := benchModel(b, GraphicsSixel, builtinEntry)
	press(m, "+", "+", "+", "+")
	benchKeys(b, m, "l", "h")
}

// Positive point: decode on the cached embedding, then the frame; esc
// clears it again so every iteration is a first click.
func BenchmarkKeyToFramePointBuiltinBlocks(b *testing.B) {
	benchKeys(b, benchModel(b, GraphicsBlocks, builtinEntry), " ", "esc", "esc")
}

func BenchmarkKeyToFramePointBuiltinSixel(b *testing.B) {
	benchKeys(b, benchModel(b, GraphicsSixel, builtinEntry), " ", "esc", "esc")
}

func samEntry(b *testing.B) EngineEntry {
	path := os.Getenv("SEGTUI_BENCH_MODELS")
	if path == "" {
		path = "../bench/models/models.yaml"
	}
	if _, err := os.Stat(path); err != nil {
		b.Skipf("benchmark models %s not found: run make bench-models", path)
	}
	man, err := engine.LoadManifest(path)
	if err != nil {
		b.Fatal(err)
	}
	rt := testRuntime(b)
	v := man.Variants[0]
	return EngineEntry{Name: v.Name, Device: "CPU", Open: func() (engine.Engine, error) {
		return onnx.Open(v, rt, onnx.OpenOptions{Device: engine.DeviceCPU, Threads: runtime.NumCPU()})
	}}
}

// benchRT is the process's one ONNX Runtime (ORT initialises once).
var benchRT struct {
	once sync.Once
	rt   *onnx.Runtime
	err  error
}

// testRuntime is that runtime on the CPU, opened on first use; without
// the library the test or benchmark is skipped with how to fetch it.
func testRuntime(tb testing.TB) *onnx.Runtime {
	tb.Helper()
	benchRT.once.Do(func() {
		lib, err := onnx.ResolveORTLibrary("", engine.DeviceCPU)
		if err != nil {
			benchRT.err = err
			return
		}
		benchRT.rt, benchRT.err = onnx.NewRuntime(onnx.RuntimeOptions{LibPath: lib, Device: engine.DeviceCPU})
	})
	if benchRT.err != nil {
		tb.Skipf("ONNX Runtime unavailable (run scripts/fetch-ort.sh): %v", benchRT.err)
	}
	return benchRT.rt
}

func BenchmarkKeyToFramePointSAMViTBBlocks(b *testing.B) {
	benchKeys(b, benchModel(b, GraphicsBlocks, samEntry(b)), " ", "esc", "esc")
}

func BenchmarkKeyToFramePointSAMViTBSixel(b *testing.B) {
	benchKeys(b, benchModel(b, GraphicsSixel, samEntry(b)), " ", "esc", "esc")
}
