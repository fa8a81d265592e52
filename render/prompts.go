package render

import "math"

// drawPrompts draws boxes, the draft box, points and the cursor, in that
// order, so the cursor is never hidden.
func (L *layers) drawPrompts(spec *FrameSpec, m Mapping) {
	size := float64(min(L.w, L.h))
	thick := max(1, int(size/384))
	for _, b := range spec.Boxes {
		L.drawBox(m, b, L.solidIndex(ColorBox), thick, 0)
	}
	if spec.DraftBox != nil {
		L.drawBox(m, *spec.DraftBox, L.solidIndex(ColorBox), thick, max(3, 4*thick))
	}
	radius := max(1, size/160)
	var rim uint8 // none on tiny frames (half blocks): it would hide what it marks
	if radius >= 2 && len(spec.Points) > 0 {
		rim = L.solidIndex(colorRim)
	}
	for _, p := range spec.Points {
		c := ColorNegative
		if p.Positive {
			c = ColorPositive
		}
		fx, fy := m.FrameCoord(p.X+0.5, p.Y+0.5)
		L.drawDisc(fx, fy, radius, L.solidIndex(c), rim)
	}
	if spec.Cursor != nil {
		fx, fy := m.FrameCoord(spec.Cursor.X+0.5, spec.Cursor.Y+0.5)
		L.drawCrosshair(fx, fy, radius, max(3, size/30), L.solidIndex(ColorCursor))
	}
}

func (L *layers) set(x, y int, slot uint8) {
	if x >= 0 && y >= 0 && x < L.w && y < L.h {
		L.solid[y*L.w+x] = slot
	}
}

// drawBox outlines the pixels covered by box b; dash > 0 leaves gaps of
// that length.
func (L *layers) drawBox(m Mapping, b Box, slot uint8, thick, dash int) {
	x0, y0 := m.FrameCoord(math.Min(b.X0, b.X1), math.Min(b.Y0, b.Y1))
	x1, y1 := m.FrameCoord(math.Max(b.X0, b.X1)+1, math.Max(b.Y0, b.Y1)+1)
	ix0, iy0 := int(math.Floor(x0)), int(math.Floor(y0))
	ix1, iy1 := int(math.Ceil(x1))-1, int(math.Ceil(y1))-1
	on := func(i int) bool { return dash == 0 || (i/dash)%2 == 0 }
	for t := 0; t < thick; t++ {
		for x := ix0; x <= ix1; x++ {
			if on(x - ix0) {
				L.set(x, iy0+t, slot)
				L.set(x, iy1-t, slot)
			}
		}
		for y := iy0; y <= iy1; y++ {
			if on(y - iy0) {
				L.set(ix0+t, y, slot)
				L.set(ix1-t, y, slot)
			}
		}
	}
}

// drawDisc draws a filled disc with a 1-px rim so points stay visible on
// any background and on any fill colour.
func (L *layers) drawDisc(cx, cy, r float64, slot, rim uint8) {
	R := r + 1
	for y := int(math.Floor(cy - R)); y <= int(math.Ceil(cy+R)); y++ {
		for x := int(math.Floor(cx - R)); x <= int(math.Ceil(cx+R)); x++ {
			dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
			d := math.Hypot(dx, dy)
			switch {
			case d <= r:
				L.set(x, y, slot)
			case d <= R && rim != 0:
				L.set(x, y, rim)
			}
		}
	}
}

// drawCrosshair draws four arms around (cx, cy) leaving a gap, so the
// pixel under the cursor stays visible.
func (L *layers) drawCrosshair(cx, cy, gap, arm float64, slot uint8) {
	x, y := int(math.Floor(cx)), int(math.Floor(cy))
	g, a := int(math.Ceil(gap)), int(math.Ceil(gap+arm))
	for d := g; d <= a; d++ {
		L.set(x+d, y, slot)
		L.set(x-d, y, slot)
		L.set(x, y+d, slot)
		L.set(x, y-d, slot)
	}
}
