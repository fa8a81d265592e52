package render

import (
	"strings"
	"testing"
)

func TestParseWindow(t *testing.T) {
	for _, c := range []struct {
		in   string
		w, l float64
	}{{"abdomen", 400, 40}, {"liver", 150, 30}, {"bone", 1800, 400}, {"lung", 1500, -600}, {"brain", 80, 40}, {"350,50", 350, 50}, {" 2000 , -500 ", 2000, -500}} {
		w, err := ParseWindow(c.in)
		if err != nil || w.Width != c.w || w.Level != c.l {
			t.Errorf("ParseWindow(%q) = %+v, %v; want W%g/L%g", c.in, w, err, c.w, c.l)
		}
	}
	if w, err := ParseWindow("auto"); err != nil || !w.IsAuto() {
		t.Errorf("auto: %+v, %v", w, err)
	}
	for in, want := range map[string]string{"soft": "unknown window", "0,40": "width must be positive", "x,1": "two numbers", "NaN,1": "two numbers"} {
		if _, err := ParseWindow(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseWindow(%q) error %v, want it to mention %q", in, err, want)
		}
	}
}

func TestAutoWindowUsesPercentiles(t *testing.T) {
	// 1..1000 plus two wild outliers: the window must ignore the outliers.
	vals := make([]float32, 0, 1002)
	for i := 1; i <= 1000; i++ {
		vals = append(vals, float32(i))
	}
	vals = append(vals, -1e6, 1e6)
	w := Auto().Resolve(vals)
	lo, hi := w.Level-w.Width/2, w.Level+w.Width/2
	if lo < 5 || lo > 15 || hi < 985 || hi > 995 {
		t.Fatalf("auto window spans %g..%g, want about 10..990", lo, hi)
	}
	flat := Auto().Resolve([]float32{7, 7, 7})
	if !(flat.Width > 0) || flat.Level != 7 {
		t.Fatalf("flat data window %+v, want positive width centred on 7", flat)
	}
}
