package eval

import (
	"testing"

	"github.com/segtui/segtui/engine"
)

func rectMask(w, h, x0, y0, x1, y1 int) []bool {
	m := make([]bool, w*h)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			m[y*w+x] = true
		}
	}
	return m
}

func discMask(w, h, cx, cy, r int) []bool {
	m := make([]bool, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r {
				m[y*w+x] = true
			}
		}
	}
	return m
}

func TestParseProtocol(t *testing.T) {
	for in, want := range map[string]Protocol{
		"box": {Box: true}, "point": {Point: true}, "box+point": {Box: true, Point: true},
		"iterative:8": {Box: true, Rounds: 8}, "iterative:3:point": {Point: true, Rounds: 3},
		"propagate": {Box: true, Propagate: true},
	} {
		got, err := ParseProtocol(in)
		if err != nil || got != want {
			t.Errorf("%q: %+v %v, want %+v", in, got, err, want)
		}
		if got.String() != in {
			t.Errorf("%q prints as %q", in, got.String())
		}
	}
	for _, bad := range []string{"", "boxes", "iterative:", "iterative:0", "iterative:x", "iterative:2:lasso"} {
		if _, err := ParseProtocol(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestBoxPromptIsTheGTBoundingBox(t *testing.T) {
	w, h := 40, 30
	m := rectMask(w, h, 5, 3, 12, 9)
	m[20*w+7] = true // a stray pixel widens the box to y = 20
	b, ok := BoxPrompt(m, w, h, 0, 0, nil)
	if !ok || b != (engine.Box{X0: 5, Y0: 3, X1: 12, Y1: 20}) {
		t.Errorf("box %+v, want corners (5,3)-(12,20)", b)
	}
	if _, ok := BoxPrompt(make([]bool, w*h), w, h, 0, 0, nil); ok {
		t.Error("an empty mask got a box")
	}
}

func TestBoxJitterIsSeededBoundedAndInside(t *testing.T) {
	w, h := 40, 30
	m := rectMask(w, h, 1, 2, 30, 27)
	moved := false
	for s := 0; s < 50; s++ {
		a, _ := BoxPrompt(m, w, h, 0, 3, promptRNG(7, "case", s, 1))
		b, _ := BoxPrompt(m, w, h, 0, 3, promptRNG(7, "case", s, 1))
		if a != b {
			t.Fatalf("same seed, different boxes: %+v %+v", a, b)
		}
		if a.X0 < 0 || a.Y0 < 0 || a.X1 > float64(w-1) || a.Y1 > float64(h-1) || a.X0 > a.X1 || a.Y0 > a.Y1 {
			t.Fatalf("jittered box %+v leaves the %dx%d image or is inverted", a, w, h)
		}
		for _, d := range []float64{a.X0 - 1, a.Y0 - 2, a.X1 - 30, a.Y1 - 27} {
			if d < -3 || d > 3 {
				t.Fatalf("box %+v moved a side by %v, more than 3 px", a, d)
			}
		}
		if a != (engine.Box{X0: 1, Y0: 2, X1: 30, Y1: 27}) {
			moved = true
		}
	}
	if !moved {
		t.Error("jitter 3 never moved the box")
	}
	a, _ := BoxPrompt(m, w, h, 0, 3, promptRNG(7, "case", 0, 1))
	b, _ := BoxPrompt(m, w, h, 0, 3, promptRNG(8, "case", 0, 1))
	c, _ := BoxPrompt(m, w, h, 0, 3, promptRNG(7, "case", 0, 2))
	if a == b && a == c {
		t.Error("seed and class do not change the jitter")
	}
}

func TestCenterPointIsFarthestFromBoundary(t *testing.T) {
	w, h := 50, 40
	p, ok := CenterPoint(discMask(w, h, 21, 17, 9), w, h)
	if !ok || p.X != 21 || p.Y != 17 || !p.Positive {
		t.Errorf("disc: %+v, want the centre (21,17), positive", p)
	}
	// An L: a thick bar (rows 5-24, cols 2-21) and a thin arm; the point
	// must sit in the thick part, inside the mask (a centroid would not).
	l := rectMask(w, h, 2, 5, 21, 24)
	for y := 5; y <= 8; y++ {
		for x := 22; x <= 47; x++ {
			l[y*w+x] = true
		}
	}
	p, _ = CenterPoint(l, w, h)
	if !l[int(p.Y)*w+int(p.X)] || p.X < 9 || p.X > 14 || p.Y < 12 || p.Y > 17 {
		t.Errorf("L shape: %+v, want inside the thick part's middle", p)
	}
	// The image border counts as boundary: a mask filling the image.
	full := rectMask(9, 7, 0, 0, 8, 6)
	p, _ = CenterPoint(full, 9, 7)
	if p.X != 3 || p.Y != 3 {
		t.Errorf("full image: %+v, want (3,3), the first pixel 4 px from every edge", p)
	}
}

func TestCorrectionClicksLargestErrors(t *testing.T) {
	w, h := 60, 40
	gt := rectMask(w, h, 5, 5, 34, 30)
	pred := rectMask(w, h, 5, 5, 34, 30)
	// Missed: a big notch (cols 25-34, rows 10-25) and a small one.
	for y := 10; y <= 25; y++ {
		for x := 25; x <= 34; x++ {
			pred[y*w+x] = false
		}
	}
	pred[6*w+6], pred[6*w+7] = false, false
	// Over-segmented: a blob right of the box.
	for y := 12; y <= 20; y++ {
		for x := 40; x <= 50; x++ {
			pred[y*w+x] = true
		}
	}
	pos, neg := Correction(gt, pred, w, h)
	if pos == nil || !pos.Positive || pos.X < 25 || pos.X > 34 || pos.Y < 10 || pos.Y > 25 {
		t.Errorf("positive click %+v, want inside the big notch (25-34, 10-25)", pos)
	}
	if neg == nil || neg.Positive || neg.X < 40 || neg.X > 50 || neg.Y < 12 || neg.Y > 20 {
		t.Errorf("negative click %+v, want inside the extra blob (40-50, 12-20)", neg)
	}
	if pos, neg := Correction(gt, gt, w, h); pos != nil || neg != nil {
		t.Errorf("perfect mask got clicks %+v %+v", pos, neg)
	}
}

func TestRLERoundTrip(t *testing.T) {
	m := discMask(17, 11, 8, 5, 4)
	m[0] = true
	r := EncodeRLE(m, 17, 11)
	back, err := r.Decode()
	if err != nil {
		t.Fatal(err)
	}
	for i := range m {
		if m[i] != back[i] {
			t.Fatalf("pixel %d differs after round trip", i)
		}
	}
	r.Runs[len(r.Runs)-1]++
	if _, err := r.Decode(); err == nil {
		t.Error("runs longer than the mask were accepted")
	}
}
