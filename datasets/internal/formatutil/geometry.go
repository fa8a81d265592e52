package formatutil

import (
	"math"

	"github.com/segtui/segtui/datasets"
)

// LPSDiagAffine is the RAS affine of an ITK image with identity direction:
// i runs toward patient left, j toward posterior, k toward superior, so the
// axial view shows the array as stored (row 0 at top, column 0 at left).
func LPSDiagAffine(s [3]float64) datasets.Affine {
	return datasets.Affine{{-s[0], 0, 0, 0}, {0, -s[1], 0, 0}, {0, 0, s[2], 0}, {0, 0, 0, 1}}
}

// UnitCross is the unit vector along u x v (zero when they are parallel).
func UnitCross(u, v [3]float64) [3]float64 {
	n := [3]float64{u[1]*v[2] - u[2]*v[1], u[2]*v[0] - u[0]*v[2], u[0]*v[1] - u[1]*v[0]}
	l := math.Sqrt(n[0]*n[0] + n[1]*n[1] + n[2]*n[2])
	if l == 0 {
		return [3]float64{}
	}
	return [3]float64{n[0] / l, n[1] / l, n[2] / l}
}
