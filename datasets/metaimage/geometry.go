package metaimage

import (
	"fmt"
	"math"

	"github.com/segtui/segtui/datasets"
)

// lpsToRAS flips the first two world axes: ITK's LPS to segtui's RAS.
var lpsToRAS = [3]float64{-1, -1, 1}

// grid turns the header's LPS geometry into a RAS+ grid: voxel axis i
// runs along TransformMatrix's i-th group of NDims values (ITK's
// direction column i) scaled by ElementSpacing i, from Offset. A 2-D
// image gets a third axis along the right-handed normal of the first two.
func (h *header) grid() (datasets.Grid, error) {
	g := datasets.Grid{Dim: [3]int{h.dims[0], h.dims[1], 1}}
	if h.ndims == 3 {
		g.Dim[2] = h.dims[2]
	}
	if err := g.CheckSize(); err != nil {
		return g, err
	}
	n := h.ndims
	var dirs [3][3]float64
	for i := 0; i < n; i++ {
		var norm float64
		for j := 0; j < n; j++ {
			dirs[i][j] = h.matrix[i*n+j]
			norm += dirs[i][j] * dirs[i][j]
		}
		if norm < 1e-12 {
			return g, fmt.Errorf("TransformMatrix gives axis %d no direction (all zeros)", i)
		}
	}
	if n == 2 {
		u, v := dirs[0], dirs[1]
		c := [3]float64{u[1]*v[2] - u[2]*v[1], u[2]*v[0] - u[0]*v[2], u[0]*v[1] - u[1]*v[0]}
		l := math.Sqrt(c[0]*c[0] + c[1]*c[1] + c[2]*c[2])
		if l < 1e-12 {
			return g, fmt.Errorf("TransformMatrix gives the two axes parallel directions %v and %v", u[:2], v[:2])
		}
		dirs[2] = [3]float64{c[0] / l, c[1] / l, c[2] / l}
	}
	spacing := [3]float64{1, 1, 1}
	origin := [3]float64{}
	copy(spacing[:], h.spacing)
	copy(origin[:], h.offset)
	a := datasets.IdentityAffine()
	for c := 0; c < 3; c++ {
		for r := 0; r < 3; r++ {
			a[r][c] = lpsToRAS[r]*dirs[c][r]*spacing[c] + 0 // + 0: no negative zeros in printed affines
		}
	}
	for r := 0; r < 3; r++ {
		a[r][3] = lpsToRAS[r]*origin[r] + 0
	}
	g.Affine = a
	g.Spacing = datasets.SpacingFromAffine(a)
	return g, nil
}

// geometryOf is the inverse: LPS spacing, direction groups and origin of
// a RAS grid, for the writer.
func geometryOf(g datasets.Grid) (spacing [3]float64, matrix [9]float64, origin [3]float64) {
	for c := 0; c < 3; c++ {
		s := g.Spacing[c]
		if s == 0 {
			s = 1
		}
		spacing[c] = s
		for r := 0; r < 3; r++ {
			matrix[c*3+r] = lpsToRAS[r]*g.Affine[r][c]/s + 0
		}
	}
	for r := 0; r < 3; r++ {
		origin[r] = lpsToRAS[r]*g.Affine[r][3] + 0
	}
	return
}

// anatomicalOrientation is ITK's code for a direction matrix: for each
// voxel axis the letter of the side it comes from (identity in LPS is RAI).
func anatomicalOrientation(matrix [9]float64) string {
	from := [3][2]byte{{'R', 'L'}, {'A', 'P'}, {'I', 'S'}} // [world axis][positive, negative]
	code := make([]byte, 3)
	used := [3]bool{}
	for c := 0; c < 3; c++ {
		best, bw := -1.0, 0
		for w := 0; w < 3; w++ {
			if m := math.Abs(matrix[c*3+w]); !used[w] && m > best {
				best, bw = m, w
			}
		}
		used[bw] = true
		if matrix[c*3+bw] >= 0 {
			code[c] = from[bw][0]
		} else {
			code[c] = from[bw][1]
		}
	}
	return string(code)
}
