package eval

import "github.com/segtui/segtui/datasets"

// windowWidth is the width of the display window the TUI opens a volume
// with, which scales the propagation's intensity margin: the abdomen
// preset (400 HU, also the engines' default CT window) for CT, else the
// 1st..99th percentile span of a strided sample of the values (the TUI's
// auto window).
func windowWidth(voxels []float32, ct bool) float64 {
	if ct {
		return 400
	}
	lo, hi, ok := datasets.DisplayRange(voxels)
	if !ok {
		return 1
	}
	return max(hi-lo, 1)
}
