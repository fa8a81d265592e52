package builtin

import (
	"fmt"
	"math"

	"github.com/segtui/segtui/engine"
)

// CT soft-tissue window (level 40, width 400 HU), used when the image has
// no display window: organs, vessels and fat separate inside it, while bone
// and air saturate instead of dominating the intensity statistics.
const ctLevel, ctWidth = 40, 400

// ctWindow is the user's display window when set: the boundaries they judge
// are the ones they see, and what the window saturates they cannot see.
func ctWindow(img *engine.Image) (level, width float32) {
	if w := img.Window; w != nil && w.Width > 0 && !math.IsInf(w.Width, 0) && !math.IsNaN(w.Level) && !math.IsInf(w.Level, 0) {
		return float32(w.Level), float32(w.Width)
	}
	return ctLevel, ctWidth
}

// embedding is what Decode needs, computed once per slice.
type embedding struct {
	w, h    int
	spacing [2]float64
	chans   [][]float32 // 1 (grey) or 3 (RGB) channels, denoised (denoise.go)
	// sharp are the unsmoothed channels, for the boundary term: the
	// one-pixel fat plane between two organs of equal density is often all
	// that separates them, and even edge-preserving smoothing dims it (beta,
	// from the region's own neighbour differences, absorbs the noise).
	sharp [][]float32
	grad  []float32 // gradient magnitude of the denoised image
	noise []float32 // per channel, the pixel noise's standard deviation
}

func (e *embedding) Bytes() int64 {
	return int64(len(e.chans)+len(e.sharp)+1) * int64(e.w*e.h) * 4
}

// prepare converts the image to denoised feature channels and a gradient map.
func prepare(img *engine.Image) (*embedding, error) {
	if img == nil {
		return nil, fmt.Errorf("builtin engine: no image to encode")
	}
	w, h := img.Width, img.Height
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("builtin engine: image is %dx%d, expected positive width and height", w, h)
	}
	n := w * h
	var raw [][]float32
	switch {
	case img.RGB != nil:
		if len(img.RGB) != 3*n {
			return nil, fmt.Errorf("builtin engine: RGB image %dx%d has %d bytes, expected %d", w, h, len(img.RGB), 3*n)
		}
		raw = make([][]float32, 3)
		for c := range raw {
			raw[c] = make([]float32, n)
			for i := 0; i < n; i++ {
				raw[c][i] = float32(img.RGB[3*i+c]) / 255
			}
		}
		if isGrey(img.RGB) {
			raw = raw[:1] // R=G=B: colour adds nothing but cost
		}
	case img.Grey != nil:
		if len(img.Grey) != n {
			return nil, fmt.Errorf("builtin engine: grey image %dx%d has %d values, expected %d", w, h, len(img.Grey), n)
		}
		g := make([]float32, n)
		level, width := ctWindow(img)
		for i, v := range img.Grey {
			if img.CT {
				v = (v - (level - width/2)) / width
				v = min(max(v, 0), 1)
			}
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				v = 0
			}
			g[i] = v
		}
		raw = [][]float32{g}
	default:
		return nil, fmt.Errorf("builtin engine: image %dx%d has neither grey nor RGB pixels", w, h)
	}
	e := &embedding{w: w, h: h, spacing: img.PixelSpacing}
	for _, c := range raw {
		sigma := noiseSigma(c, w, h)
		e.noise = append(e.noise, sigma)
		e.chans = append(e.chans, sigmaFilter(c, w, h, sigma))
		e.sharp = append(e.sharp, c)
	}
	e.grad = gradient(e.chans, w, h)
	return e, nil
}

func isGrey(rgb []uint8) bool {
	for i := 0; i+2 < len(rgb); i += 3 {
		if rgb[i] != rgb[i+1] || rgb[i] != rgb[i+2] {
			return false
		}
	}
	return true
}

// gradient is the Sobel magnitude summed over channels; the image edge
// repeats its outermost pixels.
func gradient(chans [][]float32, w, h int) []float32 {
	out := make([]float32, w*h)
	for _, c := range chans {
		for y := 0; y < h; y++ {
			up := c[max(y-1, 0)*w : max(y-1, 0)*w+w]
			mid := c[y*w : y*w+w]
			dn := c[min(y+1, h-1)*w : min(y+1, h-1)*w+w]
			dst := out[y*w : y*w+w]
			for x := 0; x < w; x++ {
				l, r := max(x-1, 0), min(x+1, w-1)
				gx := up[r] + 2*mid[r] + dn[r] - up[l] - 2*mid[l] - dn[l]
				gy := dn[l] + 2*dn[x] + dn[r] - up[l] - 2*up[x] - up[r]
				dst[x] += float32(math.Sqrt(float64(gx*gx+gy*gy))) / 8
			}
		}
	}
	return out
}
