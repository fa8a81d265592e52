package propagate

import (
	"testing"

	"github.com/segtui/segtui/engine"
)

// rect is a w x h mask with the inclusive rectangle set.
func rect(w, h, x0, y0, x1, y1 int) []bool {
	m := make([]bool, w*h)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			m[y*w+x] = true
		}
	}
	return m
}

func TestPromptPerFamily(t *testing.T) {
	r := DefaultRule()
	prev := rect(20, 10, 1, 3, 8, 6)
	sam, ok := r.Prompt(prev, 20, 10, engine.FamilySAM, false)
	if !ok || sam.Box == nil || *sam.Box != (engine.Box{X0: 0, Y0: 1, X1: 10, Y1: 8}) || sam.Prior == nil || len(sam.Points) != 0 {
		t.Errorf("SAM prompt %+v: want the box grown by 2 px (clipped at 0) and the prior", sam)
	}
	b, _ := r.Prompt(prev, 20, 10, engine.FamilyBuiltin, true)
	if b.Box != nil || b.Prior == nil || len(b.Points) != 1 || !b.Points[0].Positive {
		t.Errorf("builtin retry prompt %+v: want the prior and one positive click, no box", b)
	}
	if x, y := b.Points[0].X, b.Points[0].Y; !prev[int(y)*20+int(x)] || y < 4 || y > 5 {
		t.Errorf("click at %v,%v: want inside the mask, on its middle rows", x, y)
	}
	if med, _ := r.Prompt(prev, 20, 10, engine.FamilyMedSAM, true); len(med.Points) != 0 {
		t.Errorf("MedSAM got a click: %+v", med)
	}
	if _, ok := r.Prompt(make([]bool, 200), 20, 10, engine.FamilySAM, false); ok {
		t.Error("an empty previous mask gave a prompt")
	}
}

func TestStopReasons(t *testing.T) {
	r := DefaultRule()
	w, h := 10, 10
	grey := make([]float32, w*h) // 0 everywhere, 500 in the last row
	for x := 0; x < w; x++ {
		grey[(h-1)*w+x] = 500
	}
	in := NewIntensityRange(grey, rect(w, h, 0, 0, 9, 4), 20)
	if in.Lo != -20 || in.Hi != 20 {
		t.Fatalf("range %+v, want -20..20", in)
	}
	cases := []struct {
		mask     []bool
		prevArea int
		want     string
	}{
		{make([]bool, w*h), 10, "5: empty"},
		{rect(w, h, 0, 0, 1, 2), 6, "5: 6 px < 8"},
		{rect(w, h, 0, 0, 9, 4), 20, "5: area ×2.5"},
		{rect(w, h, 0, 0, 9, 0), 30, "5: area ÷3.0"},
		{rect(w, h, 0, 8, 9, 9), 20, "5: 50% off-range"},
		{rect(w, h, 0, 0, 9, 1), 20, ""},
	}
	for _, c := range cases {
		area := 0
		for _, on := range c.mask {
			if on {
				area++
			}
		}
		if got := r.Stop(4, c.mask, area, c.prevArea, grey, in); got != c.want {
			t.Errorf("area %d after %d: %q, want %q", area, c.prevArea, got, c.want)
		}
	}
}
