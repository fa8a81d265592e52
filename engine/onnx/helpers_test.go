package onnx

import (
	"context"
	"math"
	"os"
	"sync"
	"testing"

	"github.com/segtui/segtui/engine"
)

// One ONNX Runtime per test binary: onnxruntime_go allows one environment
// per process, so tests share it and the process exit releases it.
var testRT struct {
	once sync.Once
	rt   *Runtime
	err  error
}

// EnvTestDevice runs the fixture tests on another device
// (SEGTUI_TEST_DEVICE=cuda on a GPU machine: scripts/gpu-check.sh); the
// default is cpu.
const EnvTestDevice = "SEGTUI_TEST_DEVICE"

func testDevice(t testing.TB) engine.Device {
	t.Helper()
	s := os.Getenv(EnvTestDevice)
	if s == "" {
		return engine.DeviceCPU
	}
	d, err := engine.ParseDevice(s)
	if err != nil {
		t.Fatalf("$%s: %v", EnvTestDevice, err)
	}
	return d
}

func testRuntime(t testing.TB) *Runtime {
	t.Helper()
	dev := testDevice(t)
	testRT.once.Do(func() {
		testRT.rt, testRT.err = NewRuntime(RuntimeOptions{Device: dev})
	})
	if testRT.err != nil {
		t.Fatalf("the engine tests need the real ONNX Runtime library (make lib): %v", testRT.err)
	}
	return testRT.rt
}

const fixtureManifest = "../testdata/models/models.yaml"

func fixtureVariant(t testing.TB, name string) engine.Variant {
	t.Helper()
	m, err := engine.LoadManifest(fixtureManifest)
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.Variant(name)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func openFixture(t testing.TB, name string) engine.Engine {
	t.Helper()
	e, err := Open(fixtureVariant(t, name), testRuntime(t), OpenOptions{Device: testDevice(t), Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := e.(engine.DeviceReporter); ok && testDevice(t) != engine.DeviceCPU {
		t.Logf("%s runs on %s", name, r.Device())
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// ctImage is a w x h CT slice of value bg HU with discs of other values.
type disc struct {
	x, y, r float64
	hu      float32
}

func ctImage(w, h int, bg float32, discs ...disc) *engine.Image {
	img := &engine.Image{Width: w, Height: h, Grey: make([]float32, w*h), CT: true, PixelSpacing: [2]float64{1, 1}}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := bg
			for _, d := range discs {
				if math.Hypot(float64(x)-d.x, float64(y)-d.y) <= d.r {
					v = d.hu
				}
			}
			img.Grey[y*w+x] = v
		}
	}
	return img
}

// centroid of pixels where in(i) holds, restricted to a window around
// (cx, cy) of half-size win (win <= 0: everywhere).
func centroid(w, h int, in func(i int) bool, cx, cy, win float64) (x, y float64, n int) {
	for j := 0; j < h; j++ {
		for i := 0; i < w; i++ {
			if win > 0 && (math.Abs(float64(i)-cx) > win || math.Abs(float64(j)-cy) > win) {
				continue
			}
			if in(j*w + i) {
				x, y, n = x+float64(i), y+float64(j), n+1
			}
		}
	}
	if n > 0 {
		x, y = x/float64(n), y/float64(n)
	}
	return x, y, n
}

func encode(t testing.TB, e engine.Engine, img *engine.Image) engine.Embedding {
	t.Helper()
	emb, err := e.Encode(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	return emb
}

func decode(t testing.TB, e engine.Engine, emb engine.Embedding, p engine.Prompt) *engine.Mask {
	t.Helper()
	m, err := e.Decode(context.Background(), emb, p)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
