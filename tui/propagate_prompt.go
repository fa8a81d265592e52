package tui

import (
	"slices"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/eval"
)

// propRule says how a propagation prompts each next slice and when it
// stops for a human to look. The defaults were chosen by measuring case
// Dice on the phantom with the builtin engine (see the README).
type propRule struct {
	// The box is the previous mask's bounding box grown on each side by
	// MarginFrac of its width (height), at least MarginMin pixels. A loose
	// box leaks: 10% gave liver 0.61 case Dice on the phantom, 2 px 0.95.
	MarginFrac float64
	MarginMin  int
	// RetryPoint decodes a slice whose box-only result is implausible once
	// more with a positive click added where the previous mask is deepest
	// (farthest from its boundary). On the phantom a box alone is best for
	// big organs (a click pulls the builtin engine into neighbours) while
	// thin tubes (IVC, oesophagus) need the click.
	RetryPoint bool
	// A result below MinArea pixels, or whose area differs from the previous
	// slice's by more than MaxRatio either way, ends the run there.
	MinArea  int
	MaxRatio float64
	// A result with more than MaxOutside of its pixels outside the start
	// mask's intensity range (2nd..98th percentile, widened by RangeMargin
	// of the display window's width) has left the organ: an engine given a
	// box past an organ's end fills it with whatever tissue is there.
	MaxOutside  float64
	RangeMargin float64
	// Prior passes the previous mask as Prompt.Prior, a shape the builtin
	// engine keeps the result near (SAM-family engines ignore it). The
	// builtin engine then gets no box: its prior bounds how far the
	// outline may move, while the box (2 px past the previous mask) clipped
	// organs that shift across slices, such as the oblique pancreas (case
	// Dice 0.68 with the box, 0.91 without, on the phantom).
	Prior bool
}

// intensityRange is the span of grey values a run accepts.
type intensityRange struct{ lo, hi float32 }

// newIntensityRange takes the 2nd..98th percentile of grey under mask,
// widened by margin on each side.
func newIntensityRange(grey []float32, mask []bool, margin float64) intensityRange {
	var v []float32
	for i, on := range mask {
		if on {
			v = append(v, grey[i])
		}
	}
	slices.Sort(v)
	lo, hi := v[len(v)*2/100], v[(len(v)-1)*98/100]
	return intensityRange{lo - float32(margin), hi + float32(margin)}
}

// outside is the fraction of mask pixels whose grey value is out of range.
func (r intensityRange) outside(grey []float32, mask []bool) float64 {
	n, out := 0, 0
	for i, on := range mask {
		if !on {
			continue
		}
		n++
		if g := grey[i]; g < r.lo || g > r.hi {
			out++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(out) / float64(n)
}

func defaultPropRule() propRule {
	return propRule{MarginFrac: 0, MarginMin: 2, RetryPoint: true, MinArea: 8, MaxRatio: 2, MaxOutside: 0.3, RangeMargin: 0.05, Prior: true}
}

// prompt is the prompt for the slice after one whose class mask is
// prev (w x h); ok is false when prev is empty.
func (r propRule) prompt(prev []bool, w, h int, family engine.Family, point bool) (engine.Prompt, bool) {
	x0, y0, x1, y1, ok := maskBounds(prev, w, h)
	if !ok {
		return engine.Prompt{}, false
	}
	mx := max(r.MarginMin, int(r.MarginFrac*float64(x1-x0+1)+0.5))
	my := max(r.MarginMin, int(r.MarginFrac*float64(y1-y0+1)+0.5))
	p := engine.Prompt{Box: &engine.Box{
		X0: float64(max(0, x0-mx)), Y0: float64(max(0, y0-my)),
		X1: float64(min(w-1, x1+mx)), Y1: float64(min(h-1, y1+my)),
	}}
	if r.Prior {
		p.Prior = &engine.Mask{Width: w, Height: h, Pix: prev}
		if family == engine.FamilyBuiltin {
			p.Box = nil
		}
	}
	// MedSAM was trained on boxes alone; a click is outside its contract.
	if point && family != engine.FamilyMedSAM {
		if pt, ok := eval.CenterPoint(prev, w, h); ok {
			p.Points = []engine.Point{pt}
		}
	}
	return p, true
}

// maskBounds is the inclusive bounding box of the set pixels.
func maskBounds(m []bool, w, h int) (x0, y0, x1, y1 int, ok bool) {
	x0, y0, x1, y1 = w, h, -1, -1
	for i, on := range m {
		if !on {
			continue
		}
		x, y := i%w, i/w
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
	}
	return x0, y0, x1, y1, x1 >= 0
}

// classArea is the class mask of labels and its pixel count.
func classArea(labels []uint16, id uint16) ([]bool, int) {
	m := classMask(labels, id)
	return m, countTrue(m)
}

// paintFree writes id where pix is set and the pixel is unlabelled or
// already id, and clears id elsewhere: a propagation nobody watches does
// not take pixels other classes hold.
func paintFree(labels []uint16, id uint16, pix []bool) {
	for i, on := range pix {
		switch {
		case on && (labels[i] == 0 || labels[i] == id):
			labels[i] = id
		case !on && labels[i] == id:
			labels[i] = 0
		}
	}
}
