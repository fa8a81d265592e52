package render

import "image/color"

// labelPlane is a source label plane (w x h) seen through nearest-neighbour
// scaling. Overlays are drawn straight from it, without a scaled copy, and
// only over the output columns whose source row holds labels: on a typical
// frame the organs cover a small part of each row.
type labelPlane[T comparable] struct {
	src    []T
	w, h   int
	ix, iy *nearest
}

// at returns the label shown at output pixel (x, y); zero outside.
func (p *labelPlane[T]) at(x, y int) T {
	sx, sy := p.ix.idx[x], p.iy.idx[y]
	if sx < 0 || sy < 0 {
		var zero T
		return zero
	}
	return p.src[int(sy)*p.w+int(sx)]
}

// span returns the first and last+1 columns of source row sy holding a
// label, or lo == hi when the row is empty.
func (p *labelPlane[T]) span(sy int) (lo, hi int) {
	var zero T
	row := p.src[sy*p.w : (sy+1)*p.w]
	for lo < len(row) && row[lo] == zero {
		lo++
	}
	hi = len(row)
	for hi > lo && row[hi-1] == zero {
		hi--
	}
	return lo, hi
}

// drawLabels marks, for every labelled output pixel, its fill slot (when
// fill is set and the opacity is not zero) and, where it touches a
// different label (4-neighbourhood) or the frame edge, its solid outline
// slot: a 1-px inner outline. Pixels are visited in raster order so slots
// are handed out in the order a full scan would.
func drawLabels[T comparable](L *layers, p *labelPlane[T], fill bool, colorOf func(T) color.RGBA) {
	w, h := L.w, L.h
	fill = fill && L.alpha != 0
	var zero, lastFill, lastSolid T
	var fillSlot, solidSlot uint8
	ix, iy := p.ix.idx, p.iy.idx
	for y := 0; y < h; y++ {
		sy := int(iy[y])
		if sy < 0 {
			continue
		}
		lo, hi := p.span(sy)
		if lo == hi {
			continue
		}
		x0, x1 := int(p.ix.first[lo]), int(p.ix.first[hi])
		srow := p.src[sy*p.w : (sy+1)*p.w]
		// Rows above and below: same source row (no edge possible) or not.
		upSame := y > 0 && iy[y-1] == iy[y]
		downSame := y < h-1 && iy[y+1] == iy[y]
		base := y * w
		for x := x0; x < x1; x++ {
			id := srow[ix[x]]
			if id == zero {
				continue
			}
			if fill {
				if id != lastFill || fillSlot == 0 {
					lastFill, fillSlot = id, L.fillIndex(colorOf(id))
				}
				L.fill[base+x] = fillSlot
			}
			edge := x == 0 || x == w-1 || y == 0 || y == h-1 ||
				p.at(x-1, y) != id || p.at(x+1, y) != id ||
				(!upSame && p.at(x, y-1) != id) || (!downSame && p.at(x, y+1) != id)
			if !edge {
				continue
			}
			if id != lastSolid || solidSlot == 0 {
				lastSolid, solidSlot = id, L.solidIndex(colorOf(id))
			}
			L.solid[base+x] = solidSlot
		}
	}
}
