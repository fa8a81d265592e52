package onnx

// SAMed's test_single_volume resizes a slice to the network with
// scipy.ndimage.zoom(slice, (S/h, S/w), order=3) on floats and brings the
// argmax labels back with zoom(..., order=0). Both spread their samples
// from corner to corner (grid_mode False), and both give 0 where a sample
// position falls past the last input sample (mode 'constant'). segtui's
// bilinear half-pixel resize and bilinear logits put 5-11% of a random-weight
// LoRA's labels elsewhere on a 512x317 slice.

// zoomTaps are one output index's cubic taps, or none (constant 0).
type zoomTap struct {
	ok bool
	cubicTaps
}

func zoomAxis(in, out int) []zoomTap {
	zoom := 1.0
	if out > 1 {
		zoom = float64(in-1) / float64(out-1)
	}
	taps := make([]zoomTap, out)
	for k := range taps {
		cc := float64(k) * zoom
		if cc < 0 || cc > float64(in-1) {
			continue
		}
		taps[k] = zoomTap{ok: true, cubicTaps: cubicAt(cc, in)}
	}
	return taps
}

// resizeZoom resizes interleaved RGB floats (w x h) to nw x nh with a cubic
// spline as scipy.ndimage.zoom does, each channel on its own (SAMed zooms
// the grey slice). An image of the target size passes through, as SAMed
// skips the zoom then.
func resizeZoom(src []float32, w, h, nw, nh int) []float32 {
	out := make([]float32, 3*nw*nh)
	if w == nw && h == nh {
		copy(out, src)
		return out
	}
	ys, xs := zoomAxis(h, nh), zoomAxis(w, nw)
	plane := make([]float64, w*h)
	cols := make([]float64, nh*w)
	for c := 0; c < 3; c++ {
		for i := range plane {
			plane[i] = float64(src[3*i+c])
		}
		splineFilter1D(plane, [3]int{h, w, 1}, 0)
		splineFilter1D(plane, [3]int{h, w, 1}, 1)
		for oy, ty := range ys {
			row := cols[oy*w : (oy+1)*w]
			clear(row)
			if !ty.ok {
				continue
			}
			for i := 0; i < 4; i++ {
				src := plane[ty.idx[i]*w : (ty.idx[i]+1)*w]
				for x, v := range src {
					row[x] += v * ty.w[i]
				}
			}
		}
		for oy, ty := range ys {
			for ox, tx := range xs {
				if !ty.ok || !tx.ok {
					continue
				}
				v := 0.0
				for j := 0; j < 4; j++ {
					v += cols[oy*w+tx.idx[j]] * tx.w[j]
				}
				out[3*(oy*nw+ox)+c] = float32(v)
			}
		}
	}
	return out
}

// zoomLabels brings labels computed at sw x sh back to w x h as
// zoom(labels, (h/sh, w/sw), order=0): the nearest sample, corners
// aligned, background past the last sample.
func zoomLabels(labels []uint16, sw, sh, w, h int) []uint16 {
	if w == sw && h == sh {
		return labels
	}
	nearest := func(in, out int) []int {
		zoom := 1.0
		if out > 1 {
			zoom = float64(in-1) / float64(out-1)
		}
		idx := make([]int, out)
		for k := range idx {
			cc := float64(k) * zoom
			if cc < 0 || cc > float64(in-1) {
				idx[k] = -1
				continue
			}
			idx[k] = min(int(cc+0.5), in-1)
		}
		return idx
	}
	ys, xs := nearest(sh, h), nearest(sw, w)
	out := make([]uint16, w*h)
	for y, sy := range ys {
		for x, sx := range xs {
			if sy >= 0 && sx >= 0 {
				out[y*w+x] = labels[sy*sw+sx]
			}
		}
	}
	return out
}
