package builtin

import (
	"context"
	"testing"

	"github.com/segtui/segtui/engine"
)

// liverLike is a 512x512 CT slice with a 200-pixel organ beside others of
// similar density, the size of a real liver box.
func liverLike() (*engine.Image, *engine.Box) {
	s := newScene(512, 512)
	s.fill(1, 60, inDisc(200, 260, 100))
	s.fill(2, 45, inDisc(330, 250, 40))
	s.fill(3, 180, inDisc(270, 330, 14))
	return s.image(9), &engine.Box{X0: 100, Y0: 160, X1: 300, Y1: 360}
}

func BenchmarkEncode512(b *testing.B) {
	img, _ := liverLike()
	eng := New()
	for b.Loop() {
		if _, err := eng.Encode(context.Background(), img); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeBox512(b *testing.B) {
	img, box := liverLike()
	eng := New()
	emb, err := eng.Encode(context.Background(), img)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := eng.Decode(context.Background(), emb, engine.Prompt{Box: box}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodePrior512 is a propagation step: the 200-pixel organ of
// BenchmarkDecodeBox512 prompted by its mask on the neighbouring slice
// (shifted 3 px) alone, as P sends it.
func BenchmarkDecodePrior512(b *testing.B) {
	img, _ := liverLike()
	eng := New()
	emb, err := eng.Encode(context.Background(), img)
	if err != nil {
		b.Fatal(err)
	}
	prior := make([]bool, img.Width*img.Height)
	in := inDisc(203, 262, 100)
	for i := range prior {
		prior[i] = in(i%img.Width, i/img.Width)
	}
	p := engine.Prompt{Prior: &engine.Mask{Width: img.Width, Height: img.Height, Pix: prior}}
	for b.Loop() {
		if _, err := eng.Decode(context.Background(), emb, p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeClick512(b *testing.B) {
	img, _ := liverLike()
	eng := New()
	emb, err := eng.Encode(context.Background(), img)
	if err != nil {
		b.Fatal(err)
	}
	p := engine.Prompt{Points: []engine.Point{{X: 200, Y: 260, Positive: true}}}
	for b.Loop() {
		if _, err := eng.Decode(context.Background(), emb, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeAMOSLiver is the real 172x168 liver box on a 512x512 slice.
func BenchmarkDecodeAMOSLiver(b *testing.B) {
	var c *amosCase
	cases := loadAMOS(b)
	for i := range cases {
		if cases[i].stem == "amos_0006_90" && cases[i].organ == "liver" {
			c = &cases[i]
		}
	}
	if c == nil {
		b.Skip("amos_0006_90 liver mask not found")
	}
	eng := New()
	emb, err := eng.Encode(context.Background(), c.img)
	if err != nil {
		b.Fatal(err)
	}
	box, _ := tightBox(c.gt, c.img.Width)
	for b.Loop() {
		if _, err := eng.Decode(context.Background(), emb, engine.Prompt{Box: box}); err != nil {
			b.Fatal(err)
		}
	}
}
