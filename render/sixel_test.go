package render

import (
	"bytes"
	"image"
	"image/color"
	"testing"

	"github.com/mattn/go-sixel"
)

// Our encoder must draw exactly what go-sixel's encoder draws for the same
// paletted frame: both decoded by go-sixel's decoder, pixel for pixel.
func TestSixelMatchesGoSixel(t *testing.T) {
	odd := ctSpec()
	odd.MaxW, odd.MaxH = 301, 205 // height not a multiple of 6
	small := ctSpec()
	small.MaxW, small.MaxH = 7, 5
	enc := NewSixelEncoder()
	for name, spec := range map[string]FrameSpec{"ct": ctSpec(), "odd": odd, "small": small} {
		f, err := Compose(spec)
		if err != nil {
			t.Fatal(err)
		}
		var ref bytes.Buffer
		if err := sixel.NewEncoder(&ref).Encode(f.Image); err != nil {
			t.Fatal(err)
		}
		ours, err := enc.Encode(f.Image)
		if err != nil {
			t.Fatal(err)
		}
		want, got := decodeSixel(t, ref.Bytes()), decodeSixel(t, ours)
		if want.Bounds() != got.Bounds() {
			t.Fatalf("%s: decoded bounds %v, go-sixel's %v", name, got.Bounds(), want.Bounds())
		}
		if p := psnr(want, got); p < 1000 {
			t.Errorf("%s: decoded frame differs from go-sixel's (PSNR %.1f dB)", name, p)
		}
		if len(ours) > ref.Len() {
			t.Errorf("%s: %d bytes, go-sixel needs only %d", name, len(ours), ref.Len())
		}
	}
}

// Transparent palette entries stay unpainted, other pixels keep their
// colour, and runs longer than 255 columns are split.
func TestSixelTransparentAndLongRuns(t *testing.T) {
	img := image.NewPaletted(image.Rect(0, 0, 600, 7), color.Palette{
		color.RGBA{0, 0, 0, 0}, color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}})
	for i := range img.Pix {
		img.Pix[i] = 1
	}
	for x := 100; x < 200; x++ {
		img.SetColorIndex(x, 3, 0)
		img.SetColorIndex(x, 6, 2)
	}
	data, err := NewSixelEncoder().Encode(img)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("!255~")) {
		t.Errorf("600-column run not split into pieces of 255: %q", data)
	}
	got := decodeSixel(t, data)
	check := func(x, y int, want color.RGBA) {
		r, g, b, a := got.At(x, y).RGBA()
		if c := (color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}); c != want {
			t.Errorf("pixel (%d,%d) = %v, want %v", x, y, c, want)
		}
	}
	check(0, 0, color.RGBA{255, 0, 0, 255})
	check(599, 5, color.RGBA{255, 0, 0, 255})
	check(150, 3, color.RGBA{}) // transparent: never painted
	check(150, 6, color.RGBA{0, 0, 255, 255})
	check(250, 6, color.RGBA{255, 0, 0, 255})
}
