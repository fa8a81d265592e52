package render

import (
	"bytes"
	"image/color"
	"slices"
	"testing"
)

// A Composer reusing its buffers must draw every frame exactly as a fresh
// Compose does, whatever frames came before (sizes, zoom with outside
// pixels, RGB, fills, proposals, palettes).
func TestComposerReuseMatchesFresh(t *testing.T) {
	ct := ctSpec()
	zoomOut := ctSpec()
	zoomOut.Region = Rect{-100, -50, 600, 560}
	prop := ctSpec()
	prop.Proposal = make([]bool, len(prop.GT))
	for i, v := range prop.GT {
		prop.Proposal[i] = v == 2
	}
	prop.MaxW, prop.MaxH, prop.GreyLevels = 700, 500, 64
	rgb := ctSpec()
	rgb.Grey, rgb.RGB = nil, make([]uint8, 3*512*512)
	for i := range rgb.RGB {
		rgb.RGB[i] = uint8(i*7 + i/1536)
	}
	small := ctSpec()
	small.MaxW, small.MaxH = 77, 78
	square := squareSpec()
	square.Labels = squareLabels()
	square.FillOpacity = 0.5

	c := NewComposer()
	for i, spec := range []FrameSpec{ct, zoomOut, prop, ct, rgb, small, zoomOut, square, rgb, ct} {
		want, err := Compose(spec)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.Compose(spec)
		if err != nil {
			t.Fatal(err)
		}
		if got.Map != want.Map || got.Window != want.Window {
			t.Fatalf("frame %d: mapping %+v window %v, want %+v %v", i, got.Map, got.Window, want.Map, want.Window)
		}
		if !bytes.Equal(got.Image.Pix, want.Image.Pix) || got.Image.Rect != want.Image.Rect {
			t.Errorf("frame %d: reused composer's pixels differ from a fresh compose", i)
		}
		if !slices.EqualFunc(got.Image.Palette, want.Image.Palette, func(a, b color.Color) bool { return a == b }) {
			t.Errorf("frame %d: palettes differ", i)
		}
		if !bytes.Equal(got.TrueColor().Pix, want.TrueColor().Pix) {
			t.Errorf("frame %d: true-colour references differ", i)
		}
	}
}

// Steady frames through a Composer should not allocate planes.
func TestComposerAllocatesLittle(t *testing.T) {
	spec := ctSpec()
	c := NewComposer()
	if _, err := c.Compose(spec); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(5, func() {
		if _, err := c.Compose(spec); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 10 {
		t.Errorf("%v allocations per reused frame, want at most 10", allocs)
	}
}
