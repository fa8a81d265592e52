package builtin

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/metrics"
)

func decode(t *testing.T, img *engine.Image, p engine.Prompt) *engine.Mask {
	t.Helper()
	eng := New()
	emb, err := eng.Encode(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	m, err := eng.Decode(context.Background(), emb, p)
	if err != nil {
		t.Fatal(err)
	}
	if m.Width != img.Width || m.Height != img.Height || len(m.Pix) != img.Width*img.Height {
		t.Fatalf("mask is %dx%d with %d pixels for a %dx%d image", m.Width, m.Height, len(m.Pix), img.Width, img.Height)
	}
	return m
}

func dice(t *testing.T, gt, pred []bool) float64 {
	t.Helper()
	d, _ := metrics.Dice(gt, pred)
	return d
}

func count(m []bool) int {
	n := 0
	for _, v := range m {
		if v {
			n++
		}
	}
	return n
}

// Two separate organs of the same intensity: a click on one segments that
// one and nothing of the other.
func TestPositivePointSegmentsItsRegion(t *testing.T) {
	s := newScene(200, 160)
	s.fill(1, 60, inDisc(60, 80, 30))
	s.fill(2, 60, inDisc(150, 80, 22))
	m := decode(t, s.image(1), engine.Prompt{Points: []engine.Point{{X: 60, Y: 80, Positive: true}}})
	if d := dice(t, s.mask(1), m.Pix); d < 0.95 {
		t.Errorf("Dice with the clicked organ %.3f, want >= 0.95", d)
	}
	if o, _ := metrics.Count(s.mask(2), m.Pix); o.Inter != 0 {
		t.Errorf("%d pixels of the other organ were included", o.Inter)
	}
}

// A dumbbell: two lobes joined by a narrow bridge.
func dumbbell() *scene {
	s := newScene(200, 160)
	s.fill(1, 60, inDisc(55, 80, 28))
	s.fill(2, 60, either(inDisc(140, 80, 28), inRect(80, 76, 115, 84)))
	return s
}

func TestNegativePointRemovesItsPart(t *testing.T) {
	s := dumbbell()
	img := s.image(2)
	pos := engine.Point{X: 55, Y: 80, Positive: true}
	neg := engine.Point{X: 140, Y: 80}
	// A lone click works in a window of a quarter of the image around it,
	// so it takes its whole lobe and some of the bridge.
	alone := decode(t, img, engine.Prompt{Points: []engine.Point{pos}})
	if o, _ := metrics.Count(s.mask(1), alone.Pix); float64(o.Inter) < 0.95*float64(o.GT) {
		t.Fatalf("a click on the left lobe covered only %d of its %d pixels", o.Inter, o.GT)
	}
	if o, _ := metrics.Count(s.mask(1, 2), alone.Pix); float64(o.Inter) < 0.95*float64(o.Pred) {
		t.Fatalf("a click on the left lobe leaked: %d of %d mask pixels lie on the dumbbell", o.Inter, o.Pred)
	}
	// With a click on each lobe the window spans both, so a positive
	// click on the right would take the whole connected shape...
	both := decode(t, img, engine.Prompt{Points: []engine.Point{pos, {X: 140, Y: 80, Positive: true}}})
	if d := dice(t, s.mask(1, 2), both.Pix); d < 0.9 {
		t.Fatalf("positive clicks on both lobes: Dice with the dumbbell %.3f, want >= 0.9", d)
	}
	// ...and a negative one takes the right lobe away.
	m := decode(t, img, engine.Prompt{Points: []engine.Point{pos, neg}})
	if d := dice(t, s.mask(1), m.Pix); d < 0.85 {
		t.Errorf("after a negative click on the right lobe, Dice with the left lobe is %.3f, want >= 0.85", d)
	}
	for y := 0; y < s.h; y++ {
		for x := 120; x < s.w; x++ {
			if m.Pix[y*s.w+x] {
				t.Fatalf("pixel (%d,%d) of the rejected lobe is still in the mask", x, y)
			}
		}
	}
}

// Box, then the same box with the previous mask and a negative click (no
// positive click): the engine must find the part to keep by itself.
func TestPreviousMaskWithNegativePointRefines(t *testing.T) {
	s := dumbbell()
	img := s.image(3)
	box := &engine.Box{X0: 27, Y0: 52, X1: 168, Y1: 108}
	first := decode(t, img, engine.Prompt{Box: box})
	if d := dice(t, s.mask(1, 2), first.Pix); d < 0.9 {
		t.Fatalf("box around the dumbbell: Dice %.3f, want >= 0.9", d)
	}
	again := decode(t, img, engine.Prompt{Prev: first.LowRes})
	if d := dice(t, first.Pix, again.Pix); d < 0.97 {
		t.Errorf("feeding the previous mask back alone should keep it: Dice %.3f with it", d)
	}
	refined := decode(t, img, engine.Prompt{Box: box, Prev: first.LowRes, Points: []engine.Point{{X: 145, Y: 80}}})
	if d := dice(t, s.mask(1), refined.Pix); d < 0.85 {
		t.Errorf("box + previous mask + negative click on the right lobe: Dice with the left lobe %.3f, want >= 0.85", d)
	}
}

// An organ much larger than the box: the mask must stop at the box edge.
func TestBoxNeverLeaks(t *testing.T) {
	s := newScene(200, 160)
	s.fill(1, 60, inRect(20, 20, 180, 140))
	img := s.image(4)
	for _, b := range []engine.Box{{X0: 60, Y0: 50, X1: 100, Y1: 90}, {X0: 0, Y0: 0, X1: 30, Y1: 159}, {X0: 150, Y0: 100, X1: 199, Y1: 159}} {
		m := decode(t, img, engine.Prompt{Box: &b})
		if count(m.Pix) == 0 {
			t.Errorf("box %+v: empty mask", b)
		}
		for i, v := range m.Pix {
			x, y := float64(i%s.w), float64(i/s.w)
			if v && (x < b.X0 || x > b.X1 || y < b.Y0 || y > b.Y1) {
				t.Fatalf("box %+v: pixel (%v,%v) outside the box is in the mask", b, x, y)
			}
		}
	}
}

func TestBoxOnColourImage(t *testing.T) {
	w, h := 120, 90
	img := &engine.Image{Width: w, Height: h, RGB: make([]uint8, 3*w*h)}
	gt := make([]bool, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := y*w + x
			c := [3]uint8{40, 140, 60} // field
			if (x-50)*(x-50)+(y-45)*(y-45) <= 20*20 || (x >= 50 && x <= 80 && y >= 40 && y <= 50) {
				c, gt[i] = [3]uint8{150, 60, 50}, true // built-up, same luma range differs in hue
			}
			copy(img.RGB[3*i:], c[:])
		}
	}
	box, _ := tightBox(gt, w)
	m := decode(t, img, engine.Prompt{Box: box})
	if d := dice(t, gt, m.Pix); d < 0.95 {
		t.Errorf("colour box Dice %.3f, want >= 0.95", d)
	}
}

func TestDecodeRejectsBadPrompts(t *testing.T) {
	s := newScene(64, 48)
	s.fill(1, 60, inDisc(30, 24, 10))
	eng := New()
	emb, err := eng.Encode(context.Background(), s.image(5))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		p    engine.Prompt
		want string
	}{
		{"point outside", engine.Prompt{Points: []engine.Point{{X: 64, Y: 10, Positive: true}}}, "outside the 64x48 image"},
		{"box outside", engine.Prompt{Box: &engine.Box{X0: 100, Y0: 100, X1: 120, Y1: 130}}, "does not overlap"},
		{"negative only", engine.Prompt{Points: []engine.Point{{X: 5, Y: 5}}}, "negative point(s) only"},
		{"empty", engine.Prompt{}, "needs a box"},
		{"bad prev", engine.Prompt{Prev: &engine.LowRes{Width: 4, Height: 4, Logits: make([]float32, 3)}}, "4x4 with 3 logits"},
	}
	for _, c := range cases {
		_, err := eng.Decode(context.Background(), emb, c.p)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want one containing %q", c.name, err, c.want)
		}
	}
	if _, err := eng.Decode(context.Background(), nil, engine.Prompt{Box: &engine.Box{X1: 5, Y1: 5}}); err == nil {
		t.Error("a nil embedding was accepted")
	}
	bad := []*engine.Image{
		nil,
		{Width: 4, Height: 4, Grey: make([]float32, 15)},
		{Width: 4, Height: 4, RGB: make([]uint8, 47)},
		{Width: 0, Height: 4},
		{Width: 4, Height: 4},
	}
	for i, img := range bad {
		if _, err := eng.Encode(context.Background(), img); err == nil {
			t.Errorf("bad image %d was accepted", i)
		}
	}
}

func TestCancelledContext(t *testing.T) {
	s := newScene(64, 48)
	s.fill(1, 60, inDisc(30, 24, 10))
	eng := New()
	emb, err := eng.Encode(context.Background(), s.image(6))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := eng.Decode(ctx, emb, engine.Prompt{Box: &engine.Box{X0: 18, Y0: 12, X1: 42, Y1: 36}}); !errors.Is(err, context.Canceled) {
		t.Errorf("Decode with a cancelled context returned %v, want context.Canceled", err)
	}
	if _, err := eng.Encode(ctx, s.image(6)); !errors.Is(err, context.Canceled) {
		t.Errorf("Encode with a cancelled context returned %v, want context.Canceled", err)
	}
}

// The display window decides what the engine can tell apart on CT.
func TestCTHonoursDisplayWindow(t *testing.T) {
	s, box := windowScene()
	img := s.image(8)
	img.Window = &engine.Window{Level: 400, Width: 600}
	d := dice(t, s.mask(2), decode(t, img, engine.Prompt{Box: box}).Pix)
	t.Logf("bone window Dice %.3f", d)
	if d < 0.9 {
		t.Errorf("bone window: Dice with the lesion %.3f, want >= 0.9", d)
	}
	img.Window = nil // soft-tissue default: lesion and bone both saturate
	m := decode(t, img, engine.Prompt{Box: box})
	d = dice(t, s.mask(2), m.Pix)
	t.Logf("default window Dice %.3f", d)
	if d > 0.9 {
		t.Errorf("default window: Dice with the lesion %.3f; it should not see a lesion that saturates with its surroundings", d)
	}
	if count(m.Pix) == 0 {
		t.Error("default window: a box on a uniform region came back empty; it should return the boxed part")
	}
	img.Window = &engine.Window{Level: 400, Width: 0} // unusable: falls back to the default
	if _, err := New().Encode(context.Background(), img); err != nil {
		t.Errorf("a zero-width window should fall back to the default, got %v", err)
	}
}

// Boxes a few pixels wide, as on the first and last slices of a small
// structure, still return the structure.
func TestTinyBoxes(t *testing.T) {
	s := newScene(64, 64)
	s.fill(1, 60, inRect(30, 20, 31, 22))  // 2x3 soft-tissue sliver in fat
	s.fill(2, 200, inRect(10, 40, 12, 42)) // 3x3 enhancing vessel
	s.fill(3, 60, inRect(45, 10, 45, 10))  // a single pixel
	img := s.image(9)
	for _, c := range []struct {
		id  uint16
		box engine.Box
	}{{1, engine.Box{X0: 30, Y0: 20, X1: 31, Y1: 22}}, {2, engine.Box{X0: 10, Y0: 40, X1: 12, Y1: 42}}, {3, engine.Box{X0: 45, Y0: 10, X1: 45, Y1: 10}}} {
		m := decode(t, img, engine.Prompt{Box: &c.box})
		if d := dice(t, s.mask(c.id), m.Pix); d < 0.8 {
			t.Errorf("box %+v around shape %d: Dice %.3f (%d mask pixels), want >= 0.8", c.box, c.id, d, count(m.Pix))
		}
	}
}
