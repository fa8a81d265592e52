package engine

// modelRGB windows an image to 8 bits and resizes it into the model frame
// the way the family's reference code does: SAM's predictor resizes with
// Pillow, MedSAM's script with scikit-image's cubic spline (both 8-bit
// results); the others get a float bilinear resize.
func (e *onnxEngine) modelRGB(img *Image, f frame) []float32 {
	b := to8bit(img, e.pp.Window)
	var r []uint8
	switch e.v.Family {
	case FamilySAM:
		r = resizePIL(b, img.Width, img.Height, f.NW, f.NH)
	case FamilyMedSAM:
		r = resizeSkimage(b, img.Width, img.Height, f.NW, f.NH)
	default:
		return resizeRGB(b, img.Width, img.Height, f.NW, f.NH)
	}
	out := make([]float32, len(r))
	for i, v := range r {
		out[i] = float32(v)
	}
	return out
}
