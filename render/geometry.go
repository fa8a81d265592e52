package render

import "math"

// Rect is a region of a slice in pixel units: pixel x covers [x, x+1).
type Rect struct{ X0, Y0, X1, Y1 float64 }

// Dx is the region's width in slice pixels.
func (r Rect) Dx() float64 { return r.X1 - r.X0 }

// Dy is the region's height in slice pixels.
func (r Rect) Dy() float64 { return r.Y1 - r.Y0 }

func (r Rect) empty() bool { return !(r.X1 > r.X0 && r.Y1 > r.Y0) }

// FitSize returns the largest frame, at most maxW x maxH output pixels,
// that shows region (w x h slice pixels of spacing mm each) in its true
// physical proportions. pixelAspect is the height/width of one output pixel
// on screen (1 for graphics protocols; (cellH/2)/cellW for half blocks).
func FitSize(region Rect, spacing [2]float64, maxW, maxH int, pixelAspect float64) (w, h int) {
	if maxW < 1 || maxH < 1 || region.empty() {
		return 0, 0
	}
	sx, sy := spacing[0], spacing[1]
	if !(sx > 0) || !(sy > 0) || math.IsInf(sx, 0) || math.IsInf(sy, 0) {
		sx, sy = 1, 1
	}
	if !(pixelAspect > 0) {
		pixelAspect = 1
	}
	physW := region.Dx() * sx
	physH := region.Dy() * sy
	// Output pixels needed per mm: width is in px, height in px*pixelAspect.
	scale := math.Min(float64(maxW)/physW, float64(maxH)*pixelAspect/physH)
	w = max(1, min(maxW, int(math.Round(physW*scale))))
	h = max(1, min(maxH, int(math.Round(physH*scale/pixelAspect))))
	return w, h
}

// Mapping relates frame pixels to slice pixels: the frame's W x H pixels
// show Region of the slice.
type Mapping struct {
	Region Rect
	W, H   int
}

// SliceAt returns the slice pixel shown at frame pixel (fx, fy) and whether
// it lies inside the slice (sliceW x sliceH).
func (m Mapping) SliceAt(fx, fy, sliceW, sliceH int) (x, y int, ok bool) {
	sx, sy := m.SliceCoord(float64(fx)+0.5, float64(fy)+0.5)
	x, y = int(math.Floor(sx)), int(math.Floor(sy))
	return x, y, x >= 0 && y >= 0 && x < sliceW && y < sliceH
}

// SliceCoord maps a continuous frame position to a continuous slice
// position (both with pixel x covering [x, x+1)).
func (m Mapping) SliceCoord(fx, fy float64) (sx, sy float64) {
	return m.Region.X0 + fx*m.Region.Dx()/float64(m.W), m.Region.Y0 + fy*m.Region.Dy()/float64(m.H)
}

// FrameCoord is the inverse of SliceCoord.
func (m Mapping) FrameCoord(sx, sy float64) (fx, fy float64) {
	return (sx - m.Region.X0) * float64(m.W) / m.Region.Dx(), (sy - m.Region.Y0) * float64(m.H) / m.Region.Dy()
}

// SliceAtCell maps a mouse click on terminal cell (col, row), counted from
// the image's top-left cell, to the slice pixel under the cell's centre.
// cellW x cellH is the frame pixels one cell covers (the cell size in
// pixels for graphics, 1 x 2 for half blocks).
func (m Mapping) SliceAtCell(col, row int, cellW, cellH float64, sliceW, sliceH int) (x, y int, ok bool) {
	fx, fy := (float64(col)+0.5)*cellW, (float64(row)+0.5)*cellH
	if fx >= float64(m.W) || fy >= float64(m.H) || fx < 0 || fy < 0 {
		return 0, 0, false
	}
	sx, sy := m.SliceCoord(fx, fy)
	x, y = int(math.Floor(sx)), int(math.Floor(sy))
	return x, y, x >= 0 && y >= 0 && x < sliceW && y < sliceH
}

// CellsFor returns how many terminal cells a w x h pixel image covers.
func CellsFor(w, h, cellW, cellH int) (cols, rows int) {
	if cellW < 1 || cellH < 1 {
		return 0, 0
	}
	return (w + cellW - 1) / cellW, (h + cellH - 1) / cellH
}

// PixelsFor returns the pixel size of cols x rows cells.
func PixelsFor(cols, rows, cellW, cellH int) (w, h int) { return cols * cellW, rows * cellH }
