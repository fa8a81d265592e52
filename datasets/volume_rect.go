package datasets

// SliceRect copies the part [x0,x1) x [y0,y1) of slice n of plane p in
// display orientation: its grey values and, for RGB images, its bytes (nil
// otherwise). A model that sees one region of a large 2-D image copies
// that region, not the whole scene (a 7200x6800 RGB slice is 340 MB as
// floats and bytes). The rectangle must lie inside the slice.
func (v *Volume) SliceRect(p Plane, n, x0, y0, x1, y1 int) ([]float32, []uint8) {
	view := v.View(p)
	w, h := x1-x0, y1-y0
	grey := make([]float32, w*h)
	var rgb []uint8
	if v.RGB != nil {
		rgb = make([]uint8, 3*w*h)
	}
	base, dx, dy := view.offsets(v.Grid, n)
	for y := 0; y < h; y++ {
		o := base + (y0+y)*dy + x0*dx
		row := grey[y*w : (y+1)*w]
		for x := range row {
			row[x] = v.Voxels[o]
			if rgb != nil {
				copy(rgb[3*(y*w+x):3*(y*w+x)+3], v.RGB[3*o:3*o+3])
			}
			o += dx
		}
	}
	return grey, rgb
}

// SampleRect copies lw x lh labels of slice n of plane p taken every step
// pixels from slice pixel (x0, y0) (nearest neighbour; samples past the
// slice's edge repeat its last row or column): a downsampled part of a
// large slice for display, without copying the rest of it.
func (l *LabelMap) SampleRect(p Plane, n, x0, y0, lw, lh, step int) []uint16 {
	view := l.View(p)
	out := make([]uint16, lw*lh)
	base, dx, dy := view.offsets(l.Grid, n)
	for j := 0; j < lh; j++ {
		y := min(y0+j*step, view.Height-1)
		row := out[j*lw : (j+1)*lw]
		for i := range row {
			x := min(x0+i*step, view.Width-1)
			row[i] = l.Labels[base+y*dy+x*dx]
		}
	}
	return out
}
