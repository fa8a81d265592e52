package onnx

// samMask is the official SAM export's mask post-processing for one
// low-resolution channel, done in Go so that the decoder graph can be cut
// before it (pruneOutputs): bilinear (half-pixel, edge-clamped, as
// F.interpolate with align_corners=False and ONNX Resize half_pixel) from
// low x low to the S x S model input, crop to the resized image NW x NH,
// bilinear again to the image's W x H, then the threshold at logit 0.
// The graph does this for all four channels; segtui needs one, or each of
// them only when the prompt asks for candidates. Bilinear resampling is
// separable and the horizontal and vertical passes commute, so both
// horizontal steps run first on the low rows (low x W values), then both
// vertical ones: 1.2 million interpolations for a 512x512 slice where the
// graph's order needs 2 million per channel (and ONNX Runtime does all
// four). scratch is reused between calls (the caller holds the decoder's
// lock).
func samMask(lr []float32, low int, f frame, scratch *[]float32) []bool {
	need := f.NW + low*f.W + f.NH*f.W
	if cap(*scratch) < need {
		*scratch = make([]float32, need)
	}
	buf := (*scratch)[:need]
	row, horiz, vert := buf[:f.NW], buf[f.NW:f.NW+low*f.W], buf[f.NW+low*f.W:]

	ratio1 := float64(low) / float64(f.S) // low x low -> S x S, NW x NH kept
	x1, y1 := newAxisMap(f.NW, ratio1, low), newAxisMap(f.NH, ratio1, low)
	x2 := newAxisMap(f.W, float64(f.NW)/float64(f.W), f.NW) // NW x NH -> W x H
	y2 := newAxisMap(f.H, float64(f.NH)/float64(f.H), f.NH)
	for j := 0; j < low; j++ {
		lerpRow(row, lr[j*low:(j+1)*low], x1)
		lerpRow(horiz[j*f.W:(j+1)*f.W], row, x2)
	}
	for r := 0; r < f.NH; r++ {
		lerpRows(vert[r*f.W:(r+1)*f.W], horiz[y1.i0[r]*f.W:(y1.i0[r]+1)*f.W], horiz[y1.i1[r]*f.W:(y1.i1[r]+1)*f.W], y1.w1[r])
	}
	pix := make([]bool, f.W*f.H)
	for y := 0; y < f.H; y++ {
		a, b, w := vert[y2.i0[y]*f.W:(y2.i0[y]+1)*f.W], vert[y2.i1[y]*f.W:(y2.i1[y]+1)*f.W], y2.w1[y]
		dst := pix[y*f.W : (y+1)*f.W]
		b = b[:len(a)]
		dst = dst[:len(a)]
		for x, v := range a {
			dst[x] = v+(b[x]-v)*w > 0
		}
	}
	return pix
}

// lerpRow resamples one row by an axis map.
func lerpRow(dst, src []float32, m axisMap) {
	i0, i1, w1 := m.i0[:len(dst)], m.i1[:len(dst)], m.w1[:len(dst)]
	for x := range dst {
		a := src[i0[x]]
		dst[x] = a + (src[i1[x]]-a)*w1[x]
	}
}

// lerpRows is dst = a + (b-a)*w, element by element.
func lerpRows(dst, a, b []float32, w float32) {
	b, dst = b[:len(a)], dst[:len(a)]
	for x, v := range a {
		dst[x] = v + (b[x]-v)*w
	}
}
