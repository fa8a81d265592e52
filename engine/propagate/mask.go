package propagate

import "github.com/segtui/segtui/engine/metrics"

// MaskBounds is the inclusive bounding box of the set pixels of a w-wide
// mask; ok is false when none is set.
func MaskBounds(m []bool, w, h int) (x0, y0, x1, y1 int, ok bool) {
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

// DeepestPixel is the set pixel farthest from the mask's boundary (outside
// the image counts as outside the mask); ties go to the first pixel in row
// order, so it is deterministic. ok is false for an empty mask.
func DeepestPixel(mask []bool, w, h int) (x, y int, ok bool) {
	// Pad by one so the image border is background.
	pw, ph := w+2, h+2
	bg := make([]bool, pw*ph)
	for i := range bg {
		bg[i] = true
	}
	any := false
	for i, v := range mask {
		if v {
			bg[(i/w+1)*pw+i%w+1] = false
			any = true
		}
	}
	if !any {
		return 0, 0, false
	}
	d := metrics.DistanceTransform(bg, []int{pw, ph}, []float64{1, 1})
	best := -1.0
	for yy := 0; yy < h; yy++ {
		for xx := 0; xx < w; xx++ {
			if v := d[(yy+1)*pw+xx+1]; mask[yy*w+xx] && v > best {
				best, x, y = v, xx, yy
			}
		}
	}
	return x, y, true
}
