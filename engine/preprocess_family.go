package engine

// modelRGB windows an image to 8 bits and resizes it into the model frame
// the way the family's reference code does: SAM's predictor resizes with
// Pillow (8-bit result); the others get a float bilinear resize.
func (e *onnxEngine) modelRGB(img *Image, f frame) []float32 {
	b := to8bit(img, e.pp.Window)
	if e.v.Family != FamilySAM {
		return resizeRGB(b, img.Width, img.Height, f.NW, f.NH)
	}
	r := resizePIL(b, img.Width, img.Height, f.NW, f.NH)
	out := make([]float32, len(r))
	for i, v := range r {
		out[i] = float32(v)
	}
	return out
}
