package onnx

import "github.com/segtui/segtui/engine"

// modelRGB windows an image and resizes it into the model frame the way the
// variant's reference code does (PreprocessSpec.Resize): SamPredictor with
// Pillow, MedSAM_Inference.py with scikit-image (both on 8-bit images),
// SAMed with scipy's zoom on floats, others bilinearly. Semantic models
// take floats, so their windowing keeps fractions; the prompted families'
// references start from 8-bit images.
func (e *onnxEngine) modelRGB(img *engine.Image, f frame) []float32 {
	switch e.pp.Resize {
	case engine.ResizePIL:
		return byteFloats(resizePIL(to8bit(img, e.pp.Window), img.Width, img.Height, f.NW, f.NH))
	case engine.ResizeSkimage:
		return byteFloats(resizeSkimage(to8bit(img, e.pp.Window), img.Width, img.Height, f.NW, f.NH))
	}
	var src []float32
	if e.v.Family == engine.FamilySemantic {
		src = toFloat255(img, e.pp.Window)
	} else {
		src = byteFloats(to8bit(img, e.pp.Window))
	}
	if e.pp.Resize == engine.ResizeZoom {
		return resizeZoom(src, img.Width, img.Height, f.NW, f.NH)
	}
	return resizeRGB(src, img.Width, img.Height, f.NW, f.NH)
}

func byteFloats(b []uint8) []float32 {
	out := make([]float32, len(b))
	for i, v := range b {
		out[i] = float32(v)
	}
	return out
}
