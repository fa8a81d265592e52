package engine_test

import (
	"context"
	"math"
	"os"
	"sync"
	"testing"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/onnx"
)

// The cache and precompute tests budget and order real embeddings, so they
// encode with the fixture models through engine/onnx; these helpers are
// engine/onnx's own test helpers, which an external test cannot reach.

// One ONNX Runtime per test binary: onnxruntime_go allows one environment
// per process.
var testRT struct {
	once sync.Once
	rt   *onnx.Runtime
	err  error
}

// testDevice is $SEGTUI_TEST_DEVICE (as in engine/onnx's tests), else cpu.
func testDevice(t testing.TB) engine.Device {
	t.Helper()
	s := os.Getenv("SEGTUI_TEST_DEVICE")
	if s == "" {
		return engine.DeviceCPU
	}
	d, err := engine.ParseDevice(s)
	if err != nil {
		t.Fatalf("$SEGTUI_TEST_DEVICE: %v", err)
	}
	return d
}

func openFixture(t testing.TB, name string) engine.Engine {
	t.Helper()
	dev := testDevice(t)
	testRT.once.Do(func() { testRT.rt, testRT.err = onnx.NewRuntime(onnx.RuntimeOptions{Device: dev}) })
	if testRT.err != nil {
		t.Fatalf("the engine tests need the real ONNX Runtime library (make lib): %v", testRT.err)
	}
	m, err := engine.LoadManifest("testdata/models/models.yaml")
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.Variant(name)
	if err != nil {
		t.Fatal(err)
	}
	e, err := onnx.Open(v, testRT.rt, onnx.OpenOptions{Device: dev, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// disc is a disc of value hu centred at (x, y) for ctImage.
type disc struct {
	x, y, r float64
	hu      float32
}

// ctImage is a w x h CT slice of value bg HU with discs of other values.
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

func encode(t testing.TB, e engine.Engine, img *engine.Image) engine.Embedding {
	t.Helper()
	emb, err := e.Encode(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	return emb
}
