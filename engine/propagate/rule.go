// Package propagate holds the rules that carry a class from one labelled
// slice through a volume, one slice at a time: how each next slice is
// prompted from the previous slice's mask and when a direction stops for
// a human to look. The TUI's P key and `segtui eval --prompt propagate`
// share them, so the evaluation measures what the user gets.
package propagate

import (
	"fmt"
	"slices"

	"github.com/segtui/segtui/engine"
)

// Rule says how a propagation prompts each next slice and when it stops.
// The defaults were chosen by measuring case Dice on the phantom with the
// builtin engine (see the README).
type Rule struct {
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

// DefaultRule is the rule the TUI and the evaluation use.
func DefaultRule() Rule {
	return Rule{MarginFrac: 0, MarginMin: 2, RetryPoint: true, MinArea: 8, MaxRatio: 2, MaxOutside: 0.3, RangeMargin: 0.05, Prior: true}
}

// Prompt is the prompt for the slice after one whose class mask is prev
// (w x h); point adds the retry's click at prev's deepest pixel. ok is
// false when prev is empty.
func (r Rule) Prompt(prev []bool, w, h int, family engine.Family, point bool) (engine.Prompt, bool) {
	x0, y0, x1, y1, ok := MaskBounds(prev, w, h)
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
		if x, y, ok := DeepestPixel(prev, w, h); ok {
			p.Points = []engine.Point{{X: float64(x), Y: float64(y), Positive: true}}
		}
	}
	return p, true
}

// Stop says why the result mask (area pixels) on slice n (0-based; the
// reason numbers slices from 1, as the TUI shows them) ends its direction,
// given the area accepted on the slice before, grey the slice's values and
// in the start mask's intensity range; "" accepts it.
func (r Rule) Stop(n int, mask []bool, area, prevArea int, grey []float32, in IntensityRange) string {
	switch {
	case area == 0:
		return fmt.Sprintf("%d: empty", n+1)
	case area < r.MinArea:
		return fmt.Sprintf("%d: %d px < %d", n+1, area, r.MinArea)
	case float64(area) > r.MaxRatio*float64(prevArea):
		return fmt.Sprintf("%d: area ×%.1f", n+1, float64(area)/float64(prevArea))
	case r.MaxRatio*float64(area) < float64(prevArea):
		return fmt.Sprintf("%d: area ÷%.1f", n+1, float64(prevArea)/float64(area))
	}
	if r.MaxOutside > 0 {
		// off-range: outside the start mask's intensity range
		if out := in.Outside(grey, mask); out > r.MaxOutside {
			return fmt.Sprintf("%d: %.0f%% off-range", n+1, 100*out)
		}
	}
	return ""
}

// IntensityRange is the span of grey values a run accepts.
type IntensityRange struct{ Lo, Hi float32 }

// NewIntensityRange takes the 2nd..98th percentile of grey under mask,
// widened by margin on each side; mask must not be empty.
func NewIntensityRange(grey []float32, mask []bool, margin float64) IntensityRange {
	var v []float32
	for i, on := range mask {
		if on {
			v = append(v, grey[i])
		}
	}
	slices.Sort(v)
	lo, hi := v[len(v)*2/100], v[(len(v)-1)*98/100]
	return IntensityRange{lo - float32(margin), hi + float32(margin)}
}

// Outside is the fraction of mask pixels whose grey value is out of range.
func (r IntensityRange) Outside(grey []float32, mask []bool) float64 {
	n, out := 0, 0
	for i, on := range mask {
		if !on {
			continue
		}
		n++
		if g := grey[i]; g < r.Lo || g > r.Hi {
			out++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(out) / float64(n)
}
