package formatutil

import "github.com/segtui/segtui/datasets"

// LPSDiagAffine is the RAS affine of an ITK image with identity direction:
// i runs toward patient left, j toward posterior, k toward superior, so the
// axial view shows the array as stored (row 0 at top, column 0 at left).
func LPSDiagAffine(s [3]float64) datasets.Affine {
	return datasets.Affine{{-s[0], 0, 0, 0}, {0, -s[1], 0, 0}, {0, 0, s[2], 0}, {0, 0, 0, 1}}
}
