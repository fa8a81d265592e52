package render

import (
	"math"

	"github.com/segtui/segtui/datasets"
)

// ZoomExtent returns how many slice pixels (dx across, dy down) a frame of
// at most maxW x maxH output pixels shows when the whole-slice fit is
// enlarged zoom times: the enlarged image cropped to the box. At zoom 1
// (or below) it is the whole slice. Composing the region it describes
// gives a frame of about the cropped size, since FitSize then finds the
// same output-pixels-per-mm as the enlarged fit.
func ZoomExtent(v datasets.SliceView, maxW, maxH int, pixelAspect, zoom float64) (dx, dy float64) {
	w, h := float64(v.Width), float64(v.Height)
	if maxW < 1 || maxH < 1 || !(zoom > 1) || math.IsInf(zoom, 0) {
		return w, h
	}
	sx, sy := v.PixelSpacing[0], v.PixelSpacing[1]
	if !(sx > 0) || !(sy > 0) || math.IsInf(sx, 0) || math.IsInf(sy, 0) {
		sx, sy = 1, 1 // as FitSize does
	}
	if !(pixelAspect > 0) {
		pixelAspect = 1
	}
	// Output pixels per mm of the whole-slice fit, then enlarged.
	fit := math.Min(float64(maxW)/(w*sx), float64(maxH)*pixelAspect/(h*sy))
	scale := fit * zoom
	dx = math.Min(w, float64(maxW)/scale/sx)
	dy = math.Min(h, float64(maxH)*pixelAspect/scale/sy)
	return dx, dy
}

// CentredRegion returns the dx x dy region centred on (cx, cy), moved
// inside the w x h slice so a view never shows past the image edge (an
// extent larger than the slice is clamped to it).
func CentredRegion(dx, dy, cx, cy float64, w, h int) Rect {
	x0 := placeAxis(dx, cx, float64(w))
	y0 := placeAxis(dy, cy, float64(h))
	return Rect{x0, y0, x0 + math.Min(dx, float64(w)), y0 + math.Min(dy, float64(h))}
}

// placeAxis is the start of a length-d window centred on c within [0, n].
func placeAxis(d, c, n float64) float64 {
	if !(d < n) {
		return 0
	}
	if math.IsNaN(c) {
		c = n / 2
	}
	return math.Max(0, math.Min(n-d, c-d/2))
}
