package eval

import "slices"

// windowWidth is the width of the display window the TUI opens a volume
// with, which scales the propagation's intensity margin: the abdomen
// preset (400 HU, also the engines' default CT window) for CT, else the
// 1st..99th percentile span of a strided sample of the values (the TUI's
// auto window).
func windowWidth(voxels []float32, ct bool) float64 {
	if ct {
		return 400
	}
	step := 1 + len(voxels)/(1<<18)
	sample := make([]float32, 0, len(voxels)/step+1)
	for i := 0; i < len(voxels); i += step {
		if v := voxels[i]; v == v { // NaNs ignored
			sample = append(sample, v)
		}
	}
	if len(sample) == 0 {
		return 1
	}
	slices.Sort(sample)
	lo, hi := float64(sample[len(sample)/100]), float64(sample[(len(sample)-1)*99/100])
	if hi <= lo { // flat or nearly flat: the full span, at least 1
		lo, hi = float64(sample[0]), float64(sample[len(sample)-1])
	}
	return max(hi-lo, 1)
}
