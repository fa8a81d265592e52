package onnx

import (
	"fmt"
	"math"

	"github.com/segtui/segtui/engine"
)

// frame maps original image pixels into a model's square input and back.
type frame struct {
	W, H   int // the original image
	S      int // the model's input side
	NW, NH int // the resized image inside the input; the rest is zero padding
}

// newFrame follows the reference code: keep resizes the longest side to s
// (newh = int(H*s/max+0.5)) and pads bottom/right; stretch fills s x s.
func newFrame(w, h, s int, aspect engine.Aspect) frame {
	if aspect == engine.AspectStretch {
		return frame{W: w, H: h, S: s, NW: s, NH: s}
	}
	sc := float64(s) / float64(max(w, h))
	return frame{W: w, H: h, S: s, NW: int(float64(w)*sc + 0.5), NH: int(float64(h)*sc + 0.5)}
}

// toModel maps an image pixel coordinate to the model's input frame
// (x' = x*neww/W, y' = y*newh/H); the graphs add the half-pixel themselves.
func (f frame) toModel(x, y float64) (float32, float32) {
	return float32(x * float64(f.NW) / float64(f.W)), float32(y * float64(f.NH) / float64(f.H))
}

// checkImage refuses images an engine cannot read before anything is
// allocated for them.
func checkImage(img *engine.Image) error {
	if img == nil {
		return fmt.Errorf("no image to encode")
	}
	if img.Width <= 0 || img.Height <= 0 || img.Width > 1<<15 || img.Height > 1<<15 {
		return fmt.Errorf("image is %dx%d, expected 1..32768 pixels a side", img.Width, img.Height)
	}
	n := img.Width * img.Height
	if img.RGB != nil && len(img.RGB) != 3*n {
		return fmt.Errorf("image is %dx%d so RGB needs %d bytes, found %d", img.Width, img.Height, 3*n, len(img.RGB))
	}
	if img.RGB == nil && len(img.Grey) != n {
		return fmt.Errorf("image is %dx%d so Grey needs %d values, found %d", img.Width, img.Height, n, len(img.Grey))
	}
	return nil
}

// to8bit returns the image as interleaved RGB bytes, the form every SAM-family
// model was trained on. Grey images are windowed: a CT image uses the model's
// own window when its manifest fixes one (MedSAM: level 40, width 400), else
// the user's display window, else level 40 width 400; other grey images use
// the user's window, else their min..max. Values truncate to uint8 as numpy's
// astype(uint8) does in the reference preprocessing.
func to8bit(img *engine.Image, modelWindow *engine.Window) []uint8 {
	n := img.Width * img.Height
	out := make([]uint8, 3*n)
	if img.RGB != nil {
		copy(out, img.RGB)
		return out
	}
	win := img.Window
	if img.CT && modelWindow != nil {
		win = modelWindow
	}
	var lo, scale float64
	switch {
	case win != nil && win.Width > 0:
		lo, scale = win.Level-win.Width/2, 255/win.Width
	case img.CT:
		lo, scale = 40-200, 255.0/400
	default:
		mn, mx := float64(img.Grey[0]), float64(img.Grey[0])
		for _, v := range img.Grey {
			mn, mx = math.Min(mn, float64(v)), math.Max(mx, float64(v))
		}
		lo, scale = mn, 0
		if mx > mn {
			scale = 255 / (mx - mn)
		}
	}
	for i, v := range img.Grey {
		g := (float64(v) - lo) * scale
		b := uint8(math.Min(math.Max(g, 0), 255))
		out[3*i], out[3*i+1], out[3*i+2] = b, b, b
	}
	return out
}

// axisMap precomputes bilinear taps along one axis for half-pixel-centred
// resampling: destination index d reads source (d+0.5)*ratio-0.5.
type axisMap struct {
	i0, i1 []int
	w1     []float32
}

func newAxisMap(dst int, ratio float64, src int) axisMap {
	m := axisMap{i0: make([]int, dst), i1: make([]int, dst), w1: make([]float32, dst)}
	for d := 0; d < dst; d++ {
		s := (float64(d)+0.5)*ratio - 0.5
		s = math.Min(math.Max(s, 0), float64(src-1))
		i := int(s)
		m.i0[d], m.i1[d], m.w1[d] = i, min(i+1, src-1), float32(s-float64(i))
	}
	return m
}

// resizeRGB resizes interleaved RGB bytes (w x h) bilinearly to nw x nh
// interleaved float32 values in 0..255.
func resizeRGB(src []uint8, w, h, nw, nh int) []float32 {
	out := make([]float32, 3*nw*nh)
	xm := newAxisMap(nw, float64(w)/float64(nw), w)
	ym := newAxisMap(nh, float64(h)/float64(nh), h)
	for y := 0; y < nh; y++ {
		r0, r1, wy := ym.i0[y]*w, ym.i1[y]*w, ym.w1[y]
		for x := 0; x < nw; x++ {
			a, b, wx := xm.i0[x], xm.i1[x], xm.w1[x]
			for c := 0; c < 3; c++ {
				p00, p01 := float32(src[3*(r0+a)+c]), float32(src[3*(r0+b)+c])
				p10, p11 := float32(src[3*(r1+a)+c]), float32(src[3*(r1+b)+c])
				top := p00 + (p01-p00)*wx
				bot := p10 + (p11-p10)*wx
				out[3*(y*nw+x)+c] = top + (bot-top)*wy
			}
		}
	}
	return out
}

var (
	samMean  = [3]float32{123.675, 116.28, 103.53}
	samStd   = [3]float32{58.395, 57.12, 57.375}
	sam2Mean = [3]float32{0.485 * 255, 0.456 * 255, 0.406 * 255}
	sam2Std  = [3]float32{0.229 * 255, 0.224 * 255, 0.225 * 255}
)

// fillCHW writes the resized interleaved image (f.NW x f.NH) into dst, a
// [1,3,S,S] input, normalised, with zero padding bottom/right.
func fillCHW(dst []float32, rgb []float32, f frame, norm engine.Normalization) {
	clear(dst)
	mean, inv := [3]float32{}, [3]float32{1, 1, 1}
	switch norm {
	case engine.NormSAM:
		mean = samMean
		for c := range inv {
			inv[c] = 1 / samStd[c]
		}
	case engine.NormSAM2:
		mean = sam2Mean
		for c := range inv {
			inv[c] = 1 / sam2Std[c]
		}
	case engine.NormMinMax:
		lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
		for _, v := range rgb {
			lo, hi = min(lo, v), max(hi, v)
		}
		mean = [3]float32{lo, lo, lo}
		d := max(hi-lo, 1e-8)
		inv = [3]float32{1 / d, 1 / d, 1 / d}
	}
	plane := f.S * f.S
	for y := 0; y < f.NH; y++ {
		for x := 0; x < f.NW; x++ {
			src := 3 * (y*f.NW + x)
			o := y*f.S + x
			for c := 0; c < 3; c++ {
				dst[c*plane+o] = (rgb[src+c] - mean[c]) * inv[c]
			}
		}
	}
}

// resampleToImage maps low-resolution maps covering the model's S x S input
// (channels x lh x lw) back onto the original image (channels x H x W) with
// bilinear interpolation, undoing the resize and dropping the padding.
func resampleToImage(lr []float32, channels, lw, lh int, f frame) []float32 {
	out := make([]float32, channels*f.W*f.H)
	// Original pixel centre X+0.5 sits at model X'=(X+0.5)*NW/W and low-res
	// (X'*lw/S); the axis map subtracts the half pixel again.
	xm := newAxisMap(f.W, float64(f.NW)/float64(f.W)*float64(lw)/float64(f.S), lw)
	ym := newAxisMap(f.H, float64(f.NH)/float64(f.H)*float64(lh)/float64(f.S), lh)
	for c := 0; c < channels; c++ {
		src := lr[c*lw*lh : (c+1)*lw*lh]
		dst := out[c*f.W*f.H : (c+1)*f.W*f.H]
		for y := 0; y < f.H; y++ {
			r0, r1, wy := ym.i0[y]*lw, ym.i1[y]*lw, ym.w1[y]
			for x := 0; x < f.W; x++ {
				a, b, wx := xm.i0[x], xm.i1[x], xm.w1[x]
				top := src[r0+a] + (src[r0+b]-src[r0+a])*wx
				bot := src[r1+a] + (src[r1+b]-src[r1+a])*wx
				dst[y*f.W+x] = top + (bot-top)*wy
			}
		}
	}
	return out
}
