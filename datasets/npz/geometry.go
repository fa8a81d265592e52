package npz

import (
	"fmt"
	"math"

	"github.com/segtui/segtui/datasets"
)

// npzGeometry applies spacing (x,y,z), direction (row-major 3x3, ITK LPS)
// and origin (LPS) when the npz has them: world_LPS = origin +
// direction*diag(spacing)*ijk, and RAS negates the first two rows.
func npzGeometry(a *npzArchive, v *datasets.Volume) error {
	spacing, err := a.vector("spacing", 2, 3)
	if err != nil {
		return err
	}
	direction, err := a.vector("direction", 4, 9)
	if err != nil {
		return err
	}
	origin, err := a.vector("origin", 2, 3)
	if err != nil {
		return err
	}
	s := [3]float64{1, 1, 1}
	copy(s[:], spacing)
	for i, x := range s {
		if !(x > 0) || math.IsInf(x, 0) {
			return fmt.Errorf("%s: spacing %v: element %d must be a positive finite size in mm", a.path, spacing, i)
		}
	}
	d := [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
	n := 3
	if len(direction) == 4 {
		n = 2
	}
	for r := 0; r < n && direction != nil; r++ {
		for c := 0; c < n; c++ {
			d[r][c] = direction[r*n+c]
		}
	}
	det := d[0][0]*(d[1][1]*d[2][2]-d[1][2]*d[2][1]) - d[0][1]*(d[1][0]*d[2][2]-d[1][2]*d[2][0]) + d[0][2]*(d[1][0]*d[2][1]-d[1][1]*d[2][0])
	if math.IsNaN(det) || math.Abs(det) < 1e-6 {
		return fmt.Errorf("%s: direction %v is singular or not finite; expected a rotation matrix", a.path, direction)
	}
	var o [3]float64
	copy(o[:], origin)
	var aff datasets.Affine
	for r := 0; r < 3; r++ {
		sign := 1.0
		if r < 2 {
			sign = -1
		}
		for c := 0; c < 3; c++ {
			aff[r][c] = sign*d[r][c]*s[c] + 0 // + 0 turns -0 into 0 for display
		}
		aff[r][3] = sign*o[r] + 0
		if math.IsNaN(o[r]) || math.IsInf(o[r], 0) {
			return fmt.Errorf("%s: origin %v is not finite", a.path, origin)
		}
	}
	aff[3] = [4]float64{0, 0, 0, 1}
	v.Spacing, v.Affine = s, aff
	return nil
}

// vector reads a small float array with one of the allowed lengths, or nil
// when the key is absent.
func (a *npzArchive) vector(key string, lengths ...int) ([]float64, error) {
	arr, err := a.read(key)
	if err != nil || arr == nil {
		return nil, err
	}
	for _, n := range lengths {
		if arr.Len() == n {
			return arr.Float64s(), nil
		}
	}
	return nil, fmt.Errorf("%s: %s has shape %s; expected %v elements", a.path, key, shapeString(arr.Shape), lengths)
}
