package render

import (
	"testing"

	"github.com/segtui/segtui/datasets"
)

// The disagreement overlay tints where masks disagree: towards orange
// where they are evenly split, towards blue where some disagree, and
// leaves the rest of the slice alone.
func TestDisagreementShading(t *testing.T) {
	const n = 32
	grey := make([]float32, n*n)
	for i := range grey {
		grey[i] = 128
	}
	levels := make([]uint8, n*n)
	for y := 8; y < 24; y++ {
		for x := 8; x < 24; x++ {
			levels[y*n+x] = 2
		}
	}
	for y := 0; y < 5; y++ {
		for x := 0; x < n; x++ {
			levels[y*n+x] = 1
		}
	}
	spec := FrameSpec{
		View: datasets.SliceView{Width: n, Height: n, PixelSpacing: [2]float64{1, 1}}, Grey: grey,
		Window: Window{Level: 128, Width: 256}, MaxW: n, MaxH: n, FillOpacity: 0.5, Disagreement: levels,
	}
	f, err := Compose(spec)
	if err != nil {
		t.Fatal(err)
	}
	img := f.TrueColor()
	at := func(x, y int) (int, int, int) {
		c := img.RGBAAt(x, y)
		return int(c.R), int(c.G), int(c.B)
	}
	if r, g, b := at(16, 16); !(r > g+60 && r > b+60) {
		t.Errorf("split pixel %d,%d,%d: want orange", r, g, b)
	}
	if r, g, b := at(16, 2); !(b > r+60) || g <= r {
		t.Errorf("some-disagree pixel %d,%d,%d: want blue", r, g, b)
	}
	if r, g, b := at(28, 28); r != g || g != b {
		t.Errorf("agreeing pixel %d,%d,%d: want the grey left alone", r, g, b)
	}
	spec.Disagreement = levels[:10]
	if _, err := Compose(spec); err == nil {
		t.Error("levels of the wrong size were drawn")
	}
}
