package region_test

import (
	"context"
	"fmt"
	"math"
	"sync"
	"testing"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/onnx"
	"github.com/segtui/segtui/engine/region"
)

var rt struct {
	once sync.Once
	rt   *onnx.Runtime
	err  error
}

// openFixture opens a fixture variant through the real ONNX Runtime.
func openFixture(t *testing.T, name string) engine.Engine {
	t.Helper()
	rt.once.Do(func() { rt.rt, rt.err = onnx.NewRuntime(onnx.RuntimeOptions{Device: engine.DeviceCPU}) })
	if rt.err != nil {
		t.Fatalf("the region tests need the real ONNX Runtime library (make lib): %v", rt.err)
	}
	m, err := engine.LoadManifest("../testdata/models/models.yaml")
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.Variant(name)
	if err != nil {
		t.Fatal(err)
	}
	e, err := onnx.Open(v, rt.rt, onnx.OpenOptions{Device: engine.DeviceCPU, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// texture is a w x h RGB image with a pattern, so the encoder has pixels.
func texture(w, h int) *engine.Image {
	img := &engine.Image{Width: w, Height: h, RGB: make([]uint8, 3*w*h), Grey: make([]float32, w*h), Prewindowed: true}
	for i := range w * h {
		x, y := i%w, i/w
		img.RGB[3*i], img.RGB[3*i+1], img.RGB[3*i+2] = uint8(x*7), uint8(y*5), uint8((x^y)&255)
		img.Grey[i] = float32(img.RGB[3*i+1])
	}
	return img
}

// fixtures: the decoders' chosen radius (model-frame pixels) for one click,
// and whether the family stretches the image to the square input.
var fixtures = []struct {
	name    string
	radius  float64
	stretch bool
}{
	{"sam-fixture", 64, false},
	{"sam2-fixture", 50, true},
	{"medsam-fixture", 48, true},
}

// TestRegionPromptsAndMasksWithinOnePixel zooms a 1100x700 slice to every
// zoom level of the TUI, places the view at the centre, each corner and
// two edges, lets region.ForView choose what the model sees, and prompts
// the fixture models there through Crop, PromptIn and MaskOut, as the
// click-accuracy tests of engine/onnx do on whole slices: a box (also ones
// on the region's and the slice's edges) must come back with each side
// within one pixel of the box's, and a click as the fixture's disc about
// that pixel (the radius at the region's scale), each side of its
// bounding box within one pixel of where the disc, cut by the region,
// ends. At 1x the region is the whole slice.
func TestRegionPromptsAndMasksWithinOnePixel(t *testing.T) {
	const w, h = 1100, 700
	img := texture(w, h)
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			e := openFixture(t, fx.name)
			size := e.(engine.InputSizer).InputSize()
			for _, zoom := range []float64{1, 1.5, 2, 3, 4, 6, 8} {
				dx, dy := float64(w)/zoom, float64(h)/zoom
				for _, at := range [][2]float64{{0.5, 0.5}, {0, 0}, {1, 0}, {0, 1}, {1, 1}, {0.5, 0}, {1, 0.5}} {
					x0, y0 := at[0]*(w-dx), at[1]*(h-dy)
					r := region.Whole(w, h)
					if zoom > 1 {
						r = region.ForView(x0, y0, x0+dx, y0+dy, w, h, engine.Prompt{})
					}
					if !(r.X0 <= int(x0) && r.Y0 <= int(y0) && float64(r.X1) >= x0+dx-1 && float64(r.Y1) >= y0+dy-1) {
						t.Fatalf("zoom %g at %v: region %s does not hold the view %.0f,%.0f..%.0f,%.0f", zoom, at, r, x0, y0, x0+dx, y0+dy)
					}
					crop, err := region.Crop(img, r)
					if err != nil {
						t.Fatal(err)
					}
					emb, err := e.Encode(context.Background(), crop)
					if err != nil {
						t.Fatal(err)
					}
					sx, sy := r.Scale(size), r.Scale(size)
					if fx.stretch {
						sx, sy = float64(size)/float64(r.Dx()), float64(size)/float64(r.Dy())
					}
					decode := func(p engine.Prompt) [4]float64 {
						m, err := e.Decode(context.Background(), emb, region.PromptIn(p, r, w, h))
						if err != nil {
							t.Fatal(err)
						}
						full, err := region.MaskOut(m, r, w, h)
						if err != nil {
							t.Fatal(err)
						}
						return bbox(full.Pix, w, h)
					}
					what := func(p string) string { return fmt.Sprintf("zoom %g, view at %v, region %s, %s", zoom, at, r, p) }
					// A box in the view, one in the region's top-left corner
					// and one in its bottom-right corner (the slice's corners
					// where the view touches them).
					vx0, vy0 := int(math.Ceil(x0)), int(math.Ceil(y0))
					vx1, vy1 := int(x0+dx)-1, int(y0+dy)-1
					for _, b := range []engine.Box{
						{X0: float64(vx0 + (vx1-vx0)/5), Y0: float64(vy0 + (vy1-vy0)/4), X1: float64(vx0 + (vx1-vx0)/2), Y1: float64(vy0 + (vy1-vy0)*2/3)},
						{X0: float64(r.X0), Y0: float64(r.Y0), X1: float64(r.X0 + r.Dx()/3), Y1: float64(r.Y0 + r.Dy()/3)},
						{X0: float64(r.X1 - r.Dx()/4), Y0: float64(r.Y1 - r.Dy()/4), X1: float64(r.X1 - 1), Y1: float64(r.Y1 - 1)},
					} {
						within(t, decode(engine.Prompt{Box: &b}), [4]float64{b.X0, b.Y0, b.X1, b.Y1}, what(fmt.Sprintf("box %v", b)))
					}
					// A click in the view, and one three pixels from its
					// bottom-right corner (the disc cut by the region).
					for _, c := range [][2]float64{{float64(vx0 + (vx1-vx0)/3), float64(vy0 + (vy1-vy0)/2)}, {float64(vx1 - 3), float64(vy1 - 3)}} {
						got := decode(engine.Prompt{Points: []engine.Point{{X: c[0], Y: c[1], Positive: true}}})
						rx, ry := fx.radius/sx, fx.radius/sy
						// The disc covers pixels whose centres lie within the
						// radius of the click's centre, inside the region.
						want := [4]float64{
							max(float64(r.X0), math.Ceil(c[0]+0.5-rx-0.5)), max(float64(r.Y0), math.Ceil(c[1]+0.5-ry-0.5)),
							min(float64(r.X1-1), math.Floor(c[0]+0.5+rx-0.5)), min(float64(r.Y1-1), math.Floor(c[1]+0.5+ry-0.5)),
						}
						within(t, got, want, what(fmt.Sprintf("click %v (radius %.1fx%.1f px)", c, rx, ry)))
					}
				}
			}
		})
	}
}

// bbox is the inclusive bounding box of a mask's pixels (x0 > x1 when empty).
func bbox(pix []bool, w, h int) [4]float64 {
	x0, y0, x1, y1 := w, h, -1, -1
	for i, on := range pix {
		if on {
			x, y := i%w, i/w
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
		}
	}
	return [4]float64{float64(x0), float64(y0), float64(x1), float64(y1)}
}

func within(t *testing.T, got, want [4]float64, what string) {
	t.Helper()
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1 {
			t.Errorf("%s: mask spans %v, want %v within one pixel", what, got, want)
			return
		}
	}
}
