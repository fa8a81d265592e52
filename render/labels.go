package render

import (
	"bytes"
	"image/color"
	"unsafe"
)

// labelPlane is a source label plane (w x h) seen through nearest-neighbour
// scaling. Overlays are drawn straight from it, without a scaled copy, and
// only over the output columns whose source row holds labels: on a typical
// frame the organs cover a small part of each row.
type labelPlane[T comparable] struct {
	src    []T
	w, h   int
	ix, iy *nearest
}

// row returns source row sy, or nil for sy < 0 (outside the slice).
func (p *labelPlane[T]) row(sy int32) []T {
	if sy < 0 {
		return nil
	}
	return p.src[int(sy)*p.w : (int(sy)+1)*p.w]
}

// span returns the first and last+1 columns of row holding a label, or
// lo == hi when the row is empty.
func span[T comparable](row []T) (lo, hi int) {
	lo = leadingZeros(row)
	hi = len(row)
	var zero T
	for hi > lo && row[hi-1] == zero {
		hi--
	}
	return lo, hi
}

// zeroChunk is compared against label memory to skip empty stretches 64
// bytes at a time (bytes.Equal is vectorised; a plain loop is not).
var zeroChunk [64]byte

// leadingZeros returns how many elements at the start of row are zero.
// Label types (uint16, bool) are zero exactly when all their bytes are.
func leadingZeros[T comparable](row []T) int {
	if len(row) == 0 {
		return 0
	}
	size := int(unsafe.Sizeof(row[0]))
	raw := unsafe.Slice((*byte)(unsafe.Pointer(&row[0])), len(row)*size)
	i := 0
	for i+len(zeroChunk) <= len(raw) && bytes.Equal(raw[i:i+len(zeroChunk)], zeroChunk[:]) {
		i += len(zeroChunk)
	}
	n := i / size
	var zero T
	for n < len(row) && row[n] == zero {
		n++
	}
	return n
}

// drawLabels marks, for every labelled output pixel, its fill slot (when
// fill is set and the opacity is not zero) and, where it touches a
// different label (4-neighbourhood) or the slice edge, its solid outline
// slot: a 1-px inner outline. Neighbours across the frame edge are the
// slice pixels just outside a zoomed region, so an organ cut by the view's
// edge is not outlined there: a zoomed frame is a crop of a larger one.
// Pixels are visited in raster order so slots are handed out in the order a
// full scan would.
func drawLabels[T comparable](L *layers, p *labelPlane[T], fill bool, colorOf func(T) color.RGBA) {
	w, h := L.w, L.h
	fill = fill && L.alpha != 0
	var zero, lastFill, lastSolid T
	var fillSlot, solidSlot uint8
	// ixe/iye[o+1] is the source index of output sample o, for o in -1..out.
	ixe, iye := p.ix.ext, p.iy.ext
	ixe, iye = ixe[:w+2], iye[:h+2]
	for y := 0; y < h; y++ {
		sy := iye[y+1]
		srow := p.row(sy)
		if srow == nil {
			continue
		}
		lo, hi := span(srow)
		if lo == hi {
			continue
		}
		x0, x1 := int(p.ix.first[lo]), int(p.ix.first[hi])
		// Rows above and below: the same source row (no edge there), another
		// row, or nil beyond the slice.
		var up, down []T
		upSame := iye[y] == sy
		if !upSame {
			up = p.row(iye[y])
		}
		downSame := iye[y+2] == sy
		if !downSame {
			down = p.row(iye[y+2])
		}
		base := y * w
		for x := x0; x < x1; x++ {
			sx := ixe[x+1]
			id := srow[sx]
			if id == zero {
				continue
			}
			if fill {
				if id != lastFill || fillSlot == 0 {
					lastFill, fillSlot = id, L.fillIndex(colorOf(id))
				}
				L.fill[base+x] = fillSlot
			}
			l, r := ixe[x], ixe[x+2]
			edge := l != sx && (l < 0 || srow[l] != id) ||
				r != sx && (r < 0 || srow[r] != id) ||
				!upSame && (up == nil || up[sx] != id) ||
				!downSame && (down == nil || down[sx] != id)
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
