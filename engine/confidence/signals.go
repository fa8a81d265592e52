package confidence

import (
	"math"

	"github.com/segtui/segtui/engine"
)

// Signal names, as results.json records them. Higher is more confident.
const (
	PredIoU   = "pred_iou"  // the decoder's own IoU estimate (the built-in engine's mean foreground probability)
	Stability = "stability" // IoU of the mask at logit > +T and at logit > -T
	Multimask = "multimask" // mean IoU of the chosen mask with the decoder's other outputs
	Variants  = "variants"  // mean Dice with the other variants' masks on the same prompt
	Neighbour = "neighbour" // mean Dice with the same class's masks on the neighbouring slices
	Contrast  = "contrast"  // intensity step across the mask's boundary, in pooled standard deviations
	Combined  = "combined"  // mean of the signals' within-variant percentile ranks
)

// Order lists the signals in report order, Combined last.
var Order = []string{PredIoU, Stability, Multimask, Variants, Neighbour, Contrast, Combined}

// StabilityOffset is the logit offset T of the stability signal (SAM's
// automatic mask generator uses 1.0 for its stability score).
const StabilityOffset = 1.0

// FromMask returns the signals one decode gives by itself: predicted IoU,
// stability of its logits and, when the decode returned candidates,
// multimask agreement. Signals that cannot be computed are left out.
func FromMask(m *engine.Mask) map[string]float64 {
	out := map[string]float64{}
	if m == nil {
		return out
	}
	if !anyTrue(m.Pix) {
		// An empty mask has no shape to be confident about; its score says
		// nothing the ranking can use, so only the cross-mask signals
		// (which see it as disagreement) judge it.
		return out
	}
	out[PredIoU] = float64(m.Score)
	if m.LowRes != nil {
		if s, ok := StabilityScore(m.LowRes.Logits, StabilityOffset); ok {
			out[Stability] = s
		}
	}
	if a, ok := MultimaskAgreement(m.Candidates); ok {
		out[Multimask] = a
	}
	return out
}

// StabilityScore is |logit > t| ∩ |logit > -t| over their union: 1 when the
// mask does not move as the threshold moves by t either way. ok is false
// when both are empty.
func StabilityScore(logits []float32, t float32) (float64, bool) {
	inner, outer := 0, 0
	for _, v := range logits {
		if v > t {
			inner++
		}
		if v > -t {
			outer++
		}
	}
	if outer == 0 {
		return 0, false
	}
	return float64(inner) / float64(outer), true
}

// MultimaskAgreement is the mean IoU of the first candidate (the chosen
// mask) with each other one; ok is false with fewer than two.
func MultimaskAgreement(c []engine.Candidate) (float64, bool) {
	if len(c) < 2 {
		return 0, false
	}
	sum := 0.0
	for _, o := range c[1:] {
		sum += IoU(c[0].Pix, o.Pix)
	}
	return sum / float64(len(c)-1), true
}

// IoU of two masks of one size; two empty masks agree (1).
func IoU(a, b []bool) float64 {
	inter, union := 0, 0
	for i := range a {
		if a[i] && b[i] {
			inter++
		}
		if a[i] || b[i] {
			union++
		}
	}
	if union == 0 {
		return 1
	}
	return float64(inter) / float64(union)
}

// BoundaryContrast is |mean inside - mean outside| over the pooled standard
// deviation, the inside and outside being the bands of width ring pixels on
// either side of the mask's boundary (4-connected distance). A mask that
// follows an edge scores high; one that cuts through uniform tissue, or
// leaks across a faint edge, scores low. ok is false when either band is
// empty (an empty mask, or one covering the image).
func BoundaryContrast(grey []float32, mask []bool, w, h, ring int) (float64, bool) {
	// Both bands lie within ring pixels of the mask: work on its bounding
	// box grown by ring, not the whole slice (a small organ on a 512x512
	// slice is a few hundred pixels).
	x0, y0, x1, y1 := w, h, -1, -1
	for i, on := range mask {
		if on {
			x, y := i%w, i/w
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
		}
	}
	if x1 < 0 {
		return 0, false
	}
	x0, y0, x1, y1 = max(0, x0-ring), max(0, y0-ring), min(w-1, x1+ring), min(h-1, y1+ring)
	cw, ch := x1-x0+1, y1-y0+1
	crop := make([]bool, cw*ch)
	for y := 0; y < ch; y++ {
		copy(crop[y*cw:(y+1)*cw], mask[(y0+y)*w+x0:(y0+y)*w+x0+cw])
	}
	in := bandStats{}
	out := bandStats{}
	dIn := distanceTo(crop, cw, ch, false, ring) // inside pixels: steps to the nearest outside one
	dOut := distanceTo(crop, cw, ch, true, ring) // outside pixels: steps to the nearest inside one
	for i, on := range crop {
		v := float64(grey[(y0+i/cw)*w+x0+i%cw])
		if math.IsNaN(v) {
			continue
		}
		if on && dIn[i] <= ring {
			in.add(v)
		} else if !on && dOut[i] <= ring {
			out.add(v)
		}
	}
	if in.n == 0 || out.n == 0 {
		return 0, false
	}
	pooled := math.Sqrt((in.variance()+out.variance())/2) + 1e-6
	// Scale-free up to the floor: a step of 1 grey level over a constant
	// image is no more confident than a step of 100.
	floor := 1e-3 * (math.Abs(in.mean()) + math.Abs(out.mean()) + 1)
	return math.Abs(in.mean()-out.mean()) / math.Max(pooled, floor), true
}

type bandStats struct{ n, sum, sq float64 }

func (b *bandStats) add(v float64) { b.n++; b.sum += v; b.sq += v * v }
func (b bandStats) mean() float64  { return b.sum / b.n }
func (b bandStats) variance() float64 {
	m := b.mean()
	return math.Max(0, b.sq/b.n-m*m)
}

// distanceTo gives each pixel whose mask value is !target its 4-connected
// step count to the nearest pixel with value target, capped at limit+1
// (a breadth-first search from the target pixels, limit steps deep).
func distanceTo(mask []bool, w, h int, target bool, limit int) []int {
	d := make([]int, len(mask))
	var front []int
	for i, v := range mask {
		if v == target {
			front = append(front, i)
		} else {
			d[i] = limit + 1
		}
	}
	for step := 1; step <= limit && len(front) > 0; step++ {
		var next []int
		for _, p := range front {
			x, y := p%w, p/w
			for _, q := range [4][2]int{{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}} {
				if q[0] < 0 || q[1] < 0 || q[0] >= w || q[1] >= h {
					continue
				}
				n := q[1]*w + q[0]
				if d[n] > step {
					d[n] = step
					next = append(next, n)
				}
			}
		}
		front = next
	}
	return d
}

func anyTrue(m []bool) bool {
	for _, v := range m {
		if v {
			return true
		}
	}
	return false
}
