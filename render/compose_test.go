package render

import (
	"image/png"
	"os"
	"testing"
)

func TestComposeLook(t *testing.T) {
	f, err := Compose(ctSpec())
	if err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("SEGTUI_RENDER_LOOK"); out != "" {
		w, _ := os.Create(out)
		png.Encode(w, f.Image)
		w.Close()
	}
	t.Logf("%dx%d, %d colours", f.Map.W, f.Map.H, len(f.Image.Palette))
}

// BenchmarkComposeSixel768 is one frame as the TUI makes it: a Composer
// and a SixelEncoder kept per pane, reused frame after frame.
func BenchmarkComposeSixel768(b *testing.B) {
	spec := ctSpec()
	c := NewComposer()
	enc := NewSixelEncoder()
	var n int
	for b.Loop() {
		f, err := c.Compose(spec)
		if err != nil {
			b.Fatal(err)
		}
		out, err := enc.Encode(f.Image)
		if err != nil {
			b.Fatal(err)
		}
		n = len(out)
	}
	b.ReportMetric(float64(n), "bytes/frame")
}

// BenchmarkComposeSixel768Fresh is the convenience path: Compose and
// Sixel allocate everything per frame.
func BenchmarkComposeSixel768Fresh(b *testing.B) {
	spec := ctSpec()
	var n int
	for b.Loop() {
		f, err := Compose(spec)
		if err != nil {
			b.Fatal(err)
		}
		out, err := Sixel(f.Image)
		if err != nil {
			b.Fatal(err)
		}
		n = len(out)
	}
	b.ReportMetric(float64(n), "bytes/frame")
}

func BenchmarkCompose768(b *testing.B) {
	spec := ctSpec()
	c := NewComposer()
	for b.Loop() {
		if _, err := c.Compose(spec); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSixelEncode768(b *testing.B) {
	f, err := Compose(ctSpec())
	if err != nil {
		b.Fatal(err)
	}
	enc := NewSixelEncoder()
	var n int
	for b.Loop() {
		out, err := enc.Encode(f.Image)
		if err != nil {
			b.Fatal(err)
		}
		n = len(out)
	}
	b.ReportMetric(float64(n), "bytes/frame")
}

// BenchmarkComposeBlocks768 is the same frame as text: the 77x39 cells a
// 768x768 image covers with 10x20-pixel cells.
func BenchmarkComposeBlocks768(b *testing.B) {
	spec := ctSpec()
	spec.MaxW, spec.MaxH = 77, 78
	c := NewComposer()
	var n int
	for b.Loop() {
		f, err := c.Compose(spec)
		if err != nil {
			b.Fatal(err)
		}
		n = len(Blocks(f.Image, true))
	}
	b.ReportMetric(float64(n), "bytes/frame")
}
