package nrrd

import (
	"fmt"
	"math"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/internal/formatutil"
)

// grid turns the header's geometry into a RAS+ grid. NRRD stores voxels
// with the first axis fastest, as our Grid does; a 2-D image becomes one
// slice whose third axis is the right-handed normal of the first two.
func (h *nrrdHeader) grid() (datasets.Grid, error) {
	g := datasets.Grid{Dim: [3]int{h.sizes[0], h.sizes[1], 1}}
	if h.dim == 3 {
		g.Dim[2] = h.sizes[2]
	}
	if err := g.CheckSize(); err != nil {
		return g, err
	}
	a := datasets.IdentityAffine()
	switch {
	case h.dirsSet:
		sign := nrrdSpaces[h.space]
		cols := h.dirs
		if h.dim == 2 {
			n := formatutil.UnitCross(cols[0], cols[1])
			if n == [3]float64{} {
				return g, fmt.Errorf("space directions of the two axes are parallel: %v and %v", cols[0], cols[1])
			}
			cols = append(cols[:2:2], n)
		}
		for c, v := range cols {
			for r := 0; r < 3; r++ {
				a[r][c] = sign[r]*v[r] + 0 // + 0: no negative zeros in printed affines
			}
		}
		for r := 0; r < 3; r++ {
			a[r][3] = sign[r]*h.origin[r] + 0
		}
	case h.space != "":
		// A space without directions: unit axes, placed at the origin.
		sign := nrrdSpaces[h.space]
		for r := 0; r < 3; r++ {
			a[r][r] = sign[r]
			a[r][3] = sign[r] * h.origin[r]
		}
	case h.spacings != nil:
		for c, s := range h.spacings {
			if s = math.Abs(s); s > 0 && !math.IsInf(s, 0) {
				a[c][c] = s
			}
		}
	}
	g.Affine = a
	g.Spacing = datasets.SpacingFromAffine(a)
	return g, nil
}
