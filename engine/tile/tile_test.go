package tile

import (
	"testing"

	"github.com/segtui/segtui/engine/region"
)

// The cores of a grid cover every pixel exactly once, each lies inside its
// tile, tiles stay inside the slice and overlap by at least Overlap, and
// stitching each tile's own crop of a slice gives the slice back.
func TestGridCoresPartitionTheSlice(t *testing.T) {
	for _, c := range []struct {
		w, h int
		s    Spec
		n    int
	}{
		{7200, 6800, Spec{1024, 128}, 8 * 8},
		{1024, 1024, Spec{1024, 128}, 1},
		{1025, 300, Spec{1024, 128}, 2},
		{3000, 2000, Spec{512, 64}, 7 * 5},
		{100, 50, Spec{}, 1},
	} {
		g := Grid(c.w, c.h, c.s)
		if len(g) != c.n {
			t.Errorf("%dx%d tiles %v: %d tiles, want %d", c.w, c.h, c.s, len(g), c.n)
		}
		seen := make([]int, c.w*c.h)
		src := make([]int32, c.w*c.h)
		for i := range src {
			src[i] = int32(i)
		}
		got := make([]int32, c.w*c.h)
		for _, tl := range g {
			if tl.X0 < 0 || tl.Y0 < 0 || tl.X1 > c.w || tl.Y1 > c.h || (!c.s.Off() && (tl.Dx() > c.s.Size || tl.Dy() > c.s.Size)) {
				t.Fatalf("%dx%d: tile %s outside the slice or larger than %d", c.w, c.h, tl.Rect, c.s.Size)
			}
			if tl.Core.X0 < tl.X0 || tl.Core.X1 > tl.X1 || tl.Core.Y0 < tl.Y0 || tl.Core.Y1 > tl.Y1 {
				t.Fatalf("core %s outside tile %s", tl.Core, tl.Rect)
			}
			for y := tl.Core.Y0; y < tl.Core.Y1; y++ {
				for x := tl.Core.X0; x < tl.Core.X1; x++ {
					seen[y*c.w+x]++
				}
			}
			Stitch(got, c.w, tl, cropInts(src, c.w, tl.Rect))
		}
		for i, n := range seen {
			if n != 1 {
				t.Fatalf("%dx%d %v: pixel (%d,%d) in %d cores", c.w, c.h, c.s, i%c.w, i/c.w, n)
			}
			if got[i] != src[i] {
				t.Fatalf("%dx%d %v: stitched pixel %d is %d", c.w, c.h, c.s, i, got[i])
			}
		}
		for i := 1; i < len(g); i++ {
			a, b := g[i-1], g[i]
			if a.Y0 == b.Y0 && a.X1-b.X0 < c.s.Overlap {
				t.Errorf("tiles %s and %s overlap by %d, want at least %d", a.Rect, b.Rect, a.X1-b.X0, c.s.Overlap)
			}
		}
	}
}

func cropInts(src []int32, w int, r region.Rect) []int32 {
	out := make([]int32, 0, r.Dx()*r.Dy())
	for y := r.Y0; y < r.Y1; y++ {
		out = append(out, src[y*w+r.X0:y*w+r.X1]...)
	}
	return out
}

func TestSpecCheck(t *testing.T) {
	for _, s := range []Spec{{8, 0}, {1024, 512}, {1024, -1}, {1 << 20, 0}} {
		if s.Check() == nil {
			t.Errorf("%v accepted", s)
		}
	}
	for _, s := range []Spec{{}, {1024, 128}, {16, 7}} {
		if err := s.Check(); err != nil {
			t.Errorf("%v: %v", s, err)
		}
	}
}
