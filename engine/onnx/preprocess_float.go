package onnx

import (
	"math"

	"github.com/segtui/segtui/engine"
)

// toFloat255 is to8bit without the truncation, for float pipelines (SAMed
// clips and scales Hounsfield units to 0..1 in floats): truncating to 8 bits
// first moved 0.1-0.2% of a LoRA's labels on a real CT slice.
func toFloat255(img *engine.Image, modelWindow *engine.Window) []float32 {
	n := img.Width * img.Height
	out := make([]float32, 3*n)
	if img.RGB != nil {
		for i, v := range img.RGB {
			out[i] = float32(v)
		}
		return out
	}
	lo, scale := greyWindow(img, modelWindow)
	for i, v := range img.Grey {
		g := float32(math.Min(math.Max((float64(v)-lo)*scale, 0), 255))
		out[3*i], out[3*i+1], out[3*i+2] = g, g, g
	}
	return out
}
