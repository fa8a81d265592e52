package render

import (
	"math"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// A 0.8x0.8x5 mm volume seen coronally: 512 columns of 0.8 mm, 100 rows of
// 5 mm. Each slice row must be drawn 6.25x as tall as each column is wide.
func TestCoronalAnisotropicAspect(t *testing.T) {
	g := datasets.Grid{Dim: [3]int{512, 512, 100}, Spacing: [3]float64{0.8, 0.8, 5},
		Affine: datasets.Affine{{0.8, 0, 0, 0}, {0, 0.8, 0, 0}, {0, 0, 5, 0}, {0, 0, 0, 1}}}
	view := g.View(datasets.Coronal)
	if view.Width != 512 || view.Height != 100 {
		t.Fatalf("coronal view is %dx%d, want 512x100", view.Width, view.Height)
	}
	grey := make([]float32, view.Width*view.Height)
	f, err := Compose(FrameSpec{View: view, Grey: grey, Window: presets[0], MaxW: 800, MaxH: 800})
	if err != nil {
		t.Fatal(err)
	}
	perRow := float64(f.Map.H) / float64(view.Height)
	perCol := float64(f.Map.W) / float64(view.Width)
	if ratio := perRow / perCol; math.Abs(ratio-6.25) > 0.1 {
		t.Fatalf("frame %dx%d: a slice row is %.2fx as tall as a column is wide, want 6.25", f.Map.W, f.Map.H, ratio)
	}
	if f.Map.H != 800 && f.Map.W != 800 {
		t.Fatalf("frame %dx%d does not fill the 800x800 box in either direction", f.Map.W, f.Map.H)
	}
}

func TestFitSizeHalfBlockPixels(t *testing.T) {
	// Half-block pixels on 10x20 cells are square; on 8x20 cells they are
	// 1.25x as tall as wide, so a square slice needs 1.25x more columns.
	w, h := FitSize(Rect{0, 0, 100, 100}, [2]float64{1, 1}, 200, 80, 1)
	if w != 80 || h != 80 {
		t.Fatalf("square pixels: %dx%d, want 80x80", w, h)
	}
	w, h = FitSize(Rect{0, 0, 100, 100}, [2]float64{1, 1}, 200, 80, 1.25)
	if w != 100 || h != 80 {
		t.Fatalf("1.25 pixel aspect: %dx%d, want 100x80", w, h)
	}
}

func TestMappingRoundTrip(t *testing.T) {
	m := Mapping{Region: Rect{100, 50, 356, 306}, W: 512, H: 512} // 2x zoom
	x, y, ok := m.SliceAt(0, 0, 512, 512)
	if !ok || x != 100 || y != 50 {
		t.Fatalf("frame (0,0) -> %d,%d %v, want 100,50", x, y, ok)
	}
	x, y, ok = m.SliceAt(511, 3, 512, 512)
	if !ok || x != 355 || y != 51 {
		t.Fatalf("frame (511,3) -> %d,%d %v, want 355,51", x, y, ok)
	}
	fx, fy := m.FrameCoord(m.SliceCoord(123.5, 77.25))
	if math.Abs(fx-123.5) > 1e-9 || math.Abs(fy-77.25) > 1e-9 {
		t.Fatalf("round trip gave %g,%g", fx, fy)
	}
	// 10x20 px cells: cell (3, 2) centre is frame (35, 50) -> slice (117, 75).
	x, y, ok = m.SliceAtCell(3, 2, 10, 20, 512, 512)
	if !ok || x != 117 || y != 75 {
		t.Fatalf("cell (3,2) -> %d,%d %v, want 117,75", x, y, ok)
	}
	if _, _, ok := m.SliceAtCell(60, 0, 10, 20, 512, 512); ok {
		t.Fatal("a cell right of the image mapped into the slice")
	}
	if c, r := CellsFor(768, 768, 10, 20); c != 77 || r != 39 {
		t.Fatalf("CellsFor(768x768, 10x20) = %dx%d, want 77x39", c, r)
	}
}
