// Package tile splits a slice larger than a model's input into
// overlapping tiles at native resolution and stitches per-tile masks back:
// each pixel comes from the one tile whose core (its part nearer to it
// than to any neighbour's) holds it, so a tile's edges, where the model
// saw the least context, never decide a pixel another tile sees well.
package tile

import (
	"fmt"

	"github.com/segtui/segtui/engine/region"
)

// Spec is a tiling: tiles of Size x Size pixels overlapping by Overlap.
// Size 0 means no tiling.
type Spec struct {
	Size    int `yaml:"size" json:"size"`
	Overlap int `yaml:"overlap" json:"overlap"`
}

// Off reports whether the spec tiles nothing.
func (s Spec) Off() bool { return s.Size <= 0 }

func (s Spec) String() string {
	if s.Off() {
		return "off"
	}
	return fmt.Sprintf("%d/%d", s.Size, s.Overlap)
}

// Check says what is wrong with a spec.
func (s Spec) Check() error {
	if s.Off() {
		return nil
	}
	if s.Size < 16 || s.Size > 16384 {
		return fmt.Errorf("tile size %d, expected 16 to 16384 pixels", s.Size)
	}
	if s.Overlap < 0 || 2*s.Overlap >= s.Size {
		return fmt.Errorf("tile overlap %d, expected 0 up to less than half the tile size %d", s.Overlap, s.Size)
	}
	return nil
}

// Applies reports whether a w x h slice is tiled: the spec is on and the
// slice is larger than a tile either way.
func (s Spec) Applies(w, h int) bool { return !s.Off() && (w > s.Size || h > s.Size) }

// Default is the tiling for a model with input side size (0: none, the
// built-in engine): tiles of the input size, or 1024, overlapping by an
// eighth.
func Default(size int) Spec {
	if size <= 0 {
		size = 1024
	}
	return Spec{Size: size, Overlap: size / 8}
}

// Tile is one tile: the pixels the model sees and its core, the pixels it
// decides when masks are stitched.
type Tile struct {
	region.Rect
	Core region.Rect
}

// Grid tiles a w x h slice row by row. Tiles step by Size-Overlap, the
// last in each row and column aligned with the slice's edge (so it may
// overlap more); a slice no larger than a tile is one tile.
func Grid(w, h int, s Spec) []Tile {
	xs, xc := axis(w, s)
	ys, yc := axis(h, s)
	tw, th := w, h
	if !s.Off() {
		tw, th = min(s.Size, w), min(s.Size, h)
	}
	var out []Tile
	for j := range ys {
		for i := range xs {
			out = append(out, Tile{
				Rect: region.Rect{X0: xs[i], Y0: ys[j], X1: xs[i] + tw, Y1: ys[j] + th},
				Core: region.Rect{X0: xc[i], Y0: yc[j], X1: xc[i+1], Y1: yc[j+1]},
			})
		}
	}
	return out
}

// axis gives the tile starts along one axis of n pixels and the core
// boundaries (len(starts)+1 of them, from 0 to n): halfway through each
// overlap.
func axis(n int, s Spec) (starts, cuts []int) {
	if s.Off() || n <= s.Size {
		return []int{0}, []int{0, n}
	}
	step := s.Size - s.Overlap
	for x := 0; ; x += step {
		if x+s.Size >= n {
			starts = append(starts, n-s.Size)
			break
		}
		starts = append(starts, x)
	}
	cuts = []int{0}
	for i := 1; i < len(starts); i++ {
		cuts = append(cuts, (starts[i]+starts[i-1]+s.Size)/2)
	}
	return starts, append(cuts, n)
}

// Stitch copies the core of tile t from src (a t-sized mask) into dst, a
// w-wide slice mask.
func Stitch[T any](dst []T, w int, t Tile, src []T) {
	for y := t.Core.Y0; y < t.Core.Y1; y++ {
		copy(dst[y*w+t.Core.X0:y*w+t.Core.X1], src[(y-t.Y0)*t.Dx()+t.Core.X0-t.X0:])
	}
}
