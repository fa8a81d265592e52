package onnx

import "math"

// Pillow's Image.resize(size, BILINEAR), bit for bit: what SamPredictor's
// ResizeLongestSide feeds SAM (torchvision's resize on a PIL image). A
// float bilinear resize of the same image differs by up to a grey level on
// 8% of the pixels at 512 -> 1024, which moves a SAM's low-res logits by
// more than 1e-3 (measured on the AMOS slices with the parity models).
// Pillow (libImaging/Resample.c) widens the triangle filter by the scale
// when shrinking (antialiasing), rounds the weights to 22-bit fixed point,
// resizes rows first into 8-bit values and then columns, rounding and
// clipping after each pass.

const pilPrecisionBits = 32 - 8 - 2

// pilTaps are one axis's source ranges and fixed-point weights.
type pilTaps struct {
	ksize  int
	bounds []int // xmin, count per destination index
	k      []int32
}

func pilCoeffs(in, out int) pilTaps {
	scale := float64(in) / float64(out)
	filterscale := max(scale, 1)
	support := filterscale // the bilinear filter's support is 1
	ksize := int(math.Ceil(support))*2 + 1
	t := pilTaps{ksize: ksize, bounds: make([]int, 2*out), k: make([]int32, out*ksize)}
	w := make([]float64, ksize)
	for xx := 0; xx < out; xx++ {
		center := (float64(xx) + 0.5) * scale
		ss := 1 / filterscale
		xmin := max(int(center-support+0.5), 0) // C's (int) truncates toward zero, as Go's conversion
		xmax := min(int(center+support+0.5), in) - xmin
		ww := 0.0
		for x := 0; x < xmax; x++ {
			v := math.Abs((float64(x+xmin) - center + 0.5) * ss)
			if v < 1 {
				v = 1 - v
			} else {
				v = 0
			}
			w[x] = v
			ww += v
		}
		for x := 0; x < xmax; x++ {
			if ww != 0 {
				w[x] /= ww
			}
			// normalize_coeffs_8bpc: the weights are never negative here.
			t.k[xx*ksize+x] = int32(0.5 + w[x]*(1<<pilPrecisionBits))
		}
		t.bounds[2*xx], t.bounds[2*xx+1] = xmin, xmax
	}
	return t
}

func pilClip8(v int64) uint8 {
	switch {
	case v >= 1<<pilPrecisionBits<<8:
		return 255
	case v <= 0:
		return 0
	}
	return uint8(v >> pilPrecisionBits)
}

// resizePIL resizes interleaved RGB bytes (w x h) to nw x nh as Pillow's
// bilinear resize does.
func resizePIL(src []uint8, w, h, nw, nh int) []uint8 {
	tmp, tw := src, w
	if nw != w {
		xt := pilCoeffs(w, nw)
		tmp, tw = make([]uint8, 3*nw*h), nw
		for y := 0; y < h; y++ {
			row := src[3*y*w : 3*(y+1)*w]
			for xx := 0; xx < nw; xx++ {
				xmin, n := xt.bounds[2*xx], xt.bounds[2*xx+1]
				k := xt.k[xx*xt.ksize:]
				for c := 0; c < 3; c++ {
					ss := int64(1) << (pilPrecisionBits - 1)
					for x := 0; x < n; x++ {
						ss += int64(row[3*(x+xmin)+c]) * int64(k[x])
					}
					tmp[3*(y*nw+xx)+c] = pilClip8(ss)
				}
			}
		}
	}
	if nh == h {
		if nw == w {
			return append([]uint8(nil), src...)
		}
		return tmp
	}
	yt := pilCoeffs(h, nh)
	out := make([]uint8, 3*tw*nh)
	for yy := 0; yy < nh; yy++ {
		ymin, n := yt.bounds[2*yy], yt.bounds[2*yy+1]
		k := yt.k[yy*yt.ksize:]
		for x := 0; x < 3*tw; x++ {
			ss := int64(1) << (pilPrecisionBits - 1)
			for y := 0; y < n; y++ {
				ss += int64(tmp[3*tw*(y+ymin)+x]) * int64(k[y])
			}
			out[3*tw*yy+x] = pilClip8(ss)
		}
	}
	return out
}
