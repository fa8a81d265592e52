package onnx

import "math"

// medsamMask is MedSAM's post-processing (medsam_inference): sigmoid on the
// low-res logits, bilinear to the image, then > 0.5. Interpolating the
// logits and thresholding at 0 differs where the logits change fast between
// low-res pixels (6 to 17 pixels a mask on the AMOS slices).
func medsamMask(lr []float32, low int, f frame) []bool {
	p := make([]float32, len(lr))
	for i, v := range lr {
		p[i] = float32(1 / (1 + math.Exp(-float64(v))))
	}
	prob := resampleToImage(p, 1, low, low, f)
	out := make([]bool, len(prob))
	for i, v := range prob {
		out[i] = v > 0.5
	}
	return out
}
