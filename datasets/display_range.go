package datasets

import "slices"

// maxRangeSamples bounds DisplayRange's work on big volumes; a strided
// sample of this many values gives the same percentiles to display
// precision.
const maxRangeSamples = 1 << 18

// DisplayRange is the 1st..99th percentile span of values (NaNs ignored),
// the range an automatic display window shows; flat or nearly flat data
// gives its full span. ok is false when there is no number at all.
func DisplayRange(values []float32) (lo, hi float64, ok bool) {
	step := 1 + len(values)/maxRangeSamples
	sample := make([]float32, 0, len(values)/step+1)
	for i := 0; i < len(values); i += step {
		if v := values[i]; v == v {
			sample = append(sample, v)
		}
	}
	if len(sample) == 0 {
		return 0, 0, false
	}
	slices.Sort(sample)
	lo, hi = float64(sample[len(sample)/100]), float64(sample[(len(sample)-1)*99/100])
	if hi <= lo {
		lo, hi = float64(sample[0]), float64(sample[len(sample)-1])
	}
	return lo, hi, true
}
