package render

import (
	"image"
	"math"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// A zoomed frame is composed at display resolution from the source: grey
// through the same filter, labels nearest-neighbour, outlines 1 px. It
// must therefore equal the matching crop of the whole slice composed 4x
// larger, including where the liver is cut by the view's left edge (no
// outline there: the organ goes on beyond it).
func TestZoomedComposeIsCropOfLarger(t *testing.T) {
	spec := ctSpec()
	spec.Points, spec.Boxes, spec.DraftBox, spec.Cursor = nil, nil, nil, nil // marker sizes follow the frame size
	big := spec
	big.MaxW, big.MaxH = 2048, 2048 // 4 frame pixels per slice pixel
	fb, err := Compose(big)
	if err != nil {
		t.Fatal(err)
	}
	if fb.Map.W != 2048 || fb.Map.H != 2048 {
		t.Fatalf("large frame is %dx%d, want 2048x2048", fb.Map.W, fb.Map.H)
	}
	ref := fb.TrueColor()

	zoom := spec
	zoom.Region = Rect{128, 176, 256, 304} // liver, cut by the left edge, and fat
	zoom.MaxW, zoom.MaxH = 512, 512
	fz, err := Compose(zoom)
	if err != nil {
		t.Fatal(err)
	}
	if fz.Map.W != 512 || fz.Map.H != 512 {
		t.Fatalf("zoomed frame is %dx%d, want 512x512", fz.Map.W, fz.Map.H)
	}
	got := fz.TrueColor()
	crop := ref.SubImage(image.Rect(4*128, 4*176, 4*256, 4*304)).(*image.RGBA)

	worst, differ := 0, 0
	for y := 0; y < 512; y++ {
		for x := 0; x < 512; x++ {
			a := got.RGBAAt(x, y)
			b := crop.RGBAAt(crop.Rect.Min.X+x, crop.Rect.Min.Y+y)
			d := max(absInt(int(a.R)-int(b.R)), absInt(int(a.G)-int(b.G)), absInt(int(a.B)-int(b.B)))
			if d > 1 {
				differ++
				if differ <= 5 {
					t.Errorf("pixel (%d,%d): zoomed %v, crop of the large frame %v", x, y, a, b)
				}
			}
			worst = max(worst, d)
		}
	}
	if differ > 0 {
		t.Fatalf("%d of %d pixels differ by more than 1 (worst %d)", differ, 512*512, worst)
	}
	// The check has teeth: the view's edge cuts a labelled organ, so a
	// frame-edge outline would have shown up as a difference.
	// Rows where the liver (GT, and the prediction 4 px to its right)
	// covers the slice pixels on and around the left edge: inside the organ.
	liverOutline := ClassColor(spec.Classes, 1)
	inside := func(sy int) bool {
		for y := sy - 1; y <= sy+1; y++ {
			for x := 122; x <= 129; x++ {
				if spec.GT[y*512+x] != 1 {
					return false
				}
			}
		}
		return true
	}
	edgeLiver := 0
	for y := 0; y < 512; y++ {
		if inside(176 + y/4) {
			edgeLiver++
			if c := got.RGBAAt(0, y); c == liverOutline {
				t.Fatalf("row %d: liver outlined at the zoomed view's edge", y)
			}
		}
	}
	if edgeLiver == 0 {
		t.Fatal("test region does not cut the liver at its left edge")
	}
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// ZoomExtent crops the enlarged whole-slice fit to the box; composing
// that region fills the box at the enlarged scale.
func TestZoomExtentFillsBox(t *testing.T) {
	v := datasets.SliceView{Width: 512, Height: 512, PixelSpacing: [2]float64{0.8, 0.8}}
	if dx, dy := ZoomExtent(v, 768, 500, 1, 1); dx != 512 || dy != 512 {
		t.Errorf("1x shows %gx%g, want the whole 512x512 slice", dx, dy)
	}
	// Whole slice fits 500x500; 4x is 2000 px per 512, cropped to 768x500.
	dx, dy := ZoomExtent(v, 768, 500, 1, 4)
	if math.Abs(dx-512*768/2000.0) > 1e-9 || math.Abs(dy-128) > 1e-9 {
		t.Errorf("4x shows %gx%g slice pixels, want %gx128", dx, dy, 512*768/2000.0)
	}
	grey, _, _ := ctSlice()
	f, err := Compose(FrameSpec{View: v, Grey: grey, Window: presets[0], MaxW: 768, MaxH: 500,
		Region: CentredRegion(dx, dy, 256, 256, 512, 512)})
	if err != nil {
		t.Fatal(err)
	}
	if f.Map.W != 768 || f.Map.H != 500 {
		t.Errorf("4x frame is %dx%d, want the whole 768x500 box", f.Map.W, f.Map.H)
	}
	// 1.5x of the fit (500x500) is 750x750 cropped to 750x500: the whole
	// width shows, with bars beside it as at 1x.
	if dx, dy := ZoomExtent(v, 768, 500, 1, 1.5); dx != 512 || math.Abs(dy-512/1.5) > 1e-9 {
		t.Errorf("1.5x shows %gx%g, want 512x%g", dx, dy, 512/1.5)
	}

	// Coronal 512x100 at 0.8x5 mm in half-block pixels as tall as wide:
	// the fit is 1.6 px/mm; 2x shows 312.5 columns and 50 rows.
	cor := datasets.SliceView{Width: 512, Height: 100, PixelSpacing: [2]float64{0.8, 5}}
	if dx, dy := ZoomExtent(cor, 800, 800, 1, 2); math.Abs(dx-312.5) > 1e-9 || math.Abs(dy-50) > 1e-9 {
		t.Errorf("coronal 2x shows %gx%g, want 312.5x50", dx, dy)
	}
}

// A view never shows past the image edge: the region slides inside it.
func TestCentredRegionStaysInsideSlice(t *testing.T) {
	cases := []struct {
		dx, dy, cx, cy float64
		want           Rect
	}{
		{128, 64, 256, 256, Rect{192, 224, 320, 288}}, // centred
		{128, 64, 10, 5, Rect{0, 0, 128, 64}},         // top-left corner
		{128, 64, 511, 511, Rect{384, 448, 512, 512}}, // bottom-right corner
		{600, 64, 0, 600, Rect{0, 448, 512, 512}},     // wider than the slice: all of it
		{128, 64, math.NaN(), 256, Rect{192, 224, 320, 288}},
	}
	for _, c := range cases {
		if got := CentredRegion(c.dx, c.dy, c.cx, c.cy, 512, 512); got != c.want {
			t.Errorf("CentredRegion(%g, %g, %g, %g) = %+v, want %+v", c.dx, c.dy, c.cx, c.cy, got, c.want)
		}
	}
}
