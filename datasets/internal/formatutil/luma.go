package formatutil

// LumaFromRGB returns Rec. 601 luma per pixel, and the RGB bytes unless
// every pixel is grey (R=G=B), in which case the image is treated as grey.
func LumaFromRGB(rgb []byte) ([]float32, []byte) {
	n := len(rgb) / 3
	luma := make([]float32, n)
	grey := true
	for i := 0; i < n; i++ {
		r, g, b := rgb[3*i], rgb[3*i+1], rgb[3*i+2]
		if r != g || g != b {
			grey = false
		}
		luma[i] = float32(0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b))
	}
	if grey {
		return luma, nil
	}
	return luma, rgb
}
