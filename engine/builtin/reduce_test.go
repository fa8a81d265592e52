package builtin

import (
	"context"
	"testing"

	"github.com/segtui/segtui/engine"
)

func TestReductionKeepsOneCutWithinBudget(t *testing.T) {
	for _, c := range []struct {
		w, h, want int
	}{
		{4096, 4096, 1},
		{4097, 4096, 2},
		{7200, 6800, 2}, // 49 MP: a 3600x3400 cut
		{8191, 8193, 3}, // just under 4x the budget, but the edge blocks tip it over
		{16384, 16384, 4},
	} {
		f := reduction(rect{0, 0, c.w, c.h})
		if f != c.want {
			t.Errorf("%dx%d: factor %d, want %d", c.w, c.h, f, c.want)
		}
		if cw, ch := (c.w+f-1)/f, (c.h+f-1)/f; cw*ch > maxCutPixels {
			t.Errorf("%dx%d by %d: %dx%d is over the budget", c.w, c.h, f, cw, ch)
		}
	}
}

// The reduced path gives the mask the full-resolution cut gives, up to
// its blocks' edges, for a box, points with a negative one, and a
// previous mask, and its mask is at full size with logits to match.
func TestDecodeReducedMatchesFullResolution(t *testing.T) {
	s := newScene(600, 420)
	s.fill(1, 60, inDisc(220, 200, 110))
	s.fill(2, 60, inDisc(440, 220, 70)) // same density: the negative click separates it
	img := s.image(3)
	eng := New()
	emb, err := eng.Encode(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	e := emb.(*embedding)
	full, err := eng.Decode(context.Background(), emb, engine.Prompt{Box: &engine.Box{X0: 105, Y0: 85, X1: 335, Y1: 315}})
	if err != nil {
		t.Fatal(err)
	}
	prompts := map[string]engine.Prompt{
		"box":      {Box: &engine.Box{X0: 105, Y0: 85, X1: 335, Y1: 315}},
		"points":   {Points: []engine.Point{{X: 220, Y: 200, Positive: true}, {X: 440, Y: 220}}},
		"box+prev": {Box: &engine.Box{X0: 105, Y0: 85, X1: 335, Y1: 315}, Prev: full.LowRes},
	}
	for name, p := range prompts {
		req, err := validate(p, e.w, e.h)
		if err != nil {
			t.Fatal(err)
		}
		roi := req.region(e.w, e.h)
		got, err := eng.decodeReduced(context.Background(), e, req, roi, 3)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.Width != 600 || got.Height != 420 || len(got.Pix) != 600*420 || got.LowRes == nil || len(got.LowRes.Logits) != 600*420 {
			t.Fatalf("%s: mask %dx%d (%d px), low-res %v", name, got.Width, got.Height, len(got.Pix), got.LowRes != nil)
		}
		for i, in := range got.Pix {
			if in != (got.LowRes.Logits[i] > 0) {
				t.Fatalf("%s: pixel %d is %v with logit %g", name, i, in, got.LowRes.Logits[i])
			}
		}
		if d := dice(t, s.mask(1), got.Pix); d < 0.95 {
			t.Errorf("%s: reduced Dice %.3f against the disc, want >= 0.95", name, d)
		}
		if d := dice(t, full.Pix, got.Pix); d < 0.95 {
			t.Errorf("%s: reduced vs full-resolution Dice %.3f, want >= 0.95", name, d)
		}
	}
}
