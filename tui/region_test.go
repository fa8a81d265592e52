package tui

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/images2d"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/onnx"
)

// largeRGBConfig is a w x h textured RGB PNG read by the real 2-D reader,
// with the sam fixture (through the real ONNX Runtime) and the built-in.
func largeRGBConfig(t *testing.T, w, h int) Config {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 7), uint8(y * 5), uint8(x ^ y), 255})
		}
	}
	path := filepath.Join(t.TempDir(), "scene.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	f.Close()
	vol, err := images2d.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	v := fixtureVariant(t, "sam-fixture")
	_, _, rt := semanticEntry(t)
	cfg := phantomConfig(t, GraphicsBlocks)
	cfg.Cases = []CaseEntry{{ID: "scene", Inputs: []string{path}}}
	cfg.Classes = datasets.GIDClasses()
	cfg.Load = func(context.Context, int) (*datasets.Volume, *datasets.LabelMap, error) { return vol, nil, nil }
	cfg.Engines = []EngineEntry{{Name: v.Name, Device: "cpu", Family: v.Family, Open: func() (engine.Engine, error) {
		return onnx.Open(v, rt, onnx.OpenOptions{Device: engine.DeviceCPU})
	}}, builtinEntry}
	return cfg
}

// Zoomed to 4x on a 2000x1500 image, a box goes to the embedding of the
// region in view: the status line names that region and its scale (the
// fixture's 1024 input over the region's longest side), and the proposal
// is the box within one pixel on the whole slice, in slice pixels. At 1x
// the model sees the whole slice and the status line says nothing of it.
func TestZoomedPromptGoesToRegionInView(t *testing.T) {
	m := newTestModelCfg(t, largeRGBConfig(t, 2000, 1500))
	if f := m.zoomForms(); f != nil {
		t.Fatalf("1x: zoom field %q, want none", f)
	}
	m.cx, m.cy = 1500, 1100
	zoomTo(t, m, 4)
	press(m, "b")
	for range 5 {
		press(m, "L", "J") // 8 px right and down each
	}
	press(m, "b")
	if m.proposal == nil {
		t.Fatalf("no proposal after the box: %s", m.msg)
	}
	r := m.propRegion
	if r.IsWhole(2000, 1500) || !r.Contains(1500, 1100) || !r.Contains(1540, 1140) {
		t.Fatalf("4x: the model saw %s, want a region of the view holding the box", r)
	}
	status := stripANSI(m.statusView())
	scale := strconv.FormatFloat(r.Scale(1024), 'f', 2, 64) + "x"
	if !strings.Contains(status, r.String()+" "+scale) {
		t.Errorf("status line %q does not name the region %s and its scale", status, r)
	}
	x0, y0, x1, y1 := 2000, 1500, -1, -1
	for i, on := range m.proposal.Pix {
		if on {
			x, y := i%2000, i/2000
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
		}
	}
	for i, d := range [4]int{x0 - 1500, y0 - 1100, x1 - 1540, y1 - 1140} {
		if d < -1 || d > 1 {
			t.Fatalf("box (1500,1100)-(1540,1140) at 4x: proposal spans (%d,%d)-(%d,%d), side %d off by %d", x0, y0, x1, y1, i, d)
		}
	}
	press(m, "enter")
	labels, _ := m.sess.Edit.Slice(m.plane, m.n)
	if labels[1120*2000+1520] == 0 || labels[1100*2000+1450] != 0 {
		t.Errorf("accept did not write the box's pixels (and only those) on the full-size slice")
	}
}
