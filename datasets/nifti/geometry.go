package nifti

import (
	"math"

	"github.com/segtui/segtui/datasets"
)

// geometryFromAffine derives header geometry for a grid that came from no
// NIfTI file: the affine goes into the sform exactly and, as its nearest
// rotation, into the qform, both coded scanner-anatomical (1) as ITK does.
// Shear, if any, survives only in the sform.
func geometryFromAffine(a datasets.Affine) datasets.NiftiGeometry {
	g := datasets.NiftiGeometry{QformCode: 1, SformCode: 1, XYZTUnits: 2} // 2 = millimetres
	g.SrowX, g.SrowY, g.SrowZ = a[0], a[1], a[2]
	var col [3][3]float64 // col[j] is the unit direction of voxel axis j
	var s [3]float64
	for j := 0; j < 3; j++ {
		s[j] = math.Sqrt(a[0][j]*a[0][j] + a[1][j]*a[1][j] + a[2][j]*a[2][j])
		for i := 0; i < 3; i++ {
			if s[j] > 0 {
				col[j][i] = a[i][j] / s[j]
			}
		}
	}
	det := col[0][0]*(col[1][1]*col[2][2]-col[1][2]*col[2][1]) -
		col[1][0]*(col[0][1]*col[2][2]-col[0][2]*col[2][1]) +
		col[2][0]*(col[0][1]*col[1][2]-col[0][2]*col[1][1])
	qfac := 1.0
	if det < 0 { // a left-handed grid: store qfac -1 and a proper rotation
		qfac = -1
		for i := 0; i < 3; i++ {
			col[2][i] = -col[2][i]
		}
	}
	g.Pixdim = [8]float64{qfac, s[0], s[1], s[2], 1, 1, 1, 1}
	col = nearestRotation(col)
	// r[i][j] is row i, column j of the rotation.
	r := func(i, j int) float64 { return col[j][i] }
	var qa, qb, qc, qd float64
	if tr := r(0, 0) + r(1, 1) + r(2, 2) + 1; tr > 0.5 {
		qa = 0.5 * math.Sqrt(tr)
		qb = 0.25 * (r(2, 1) - r(1, 2)) / qa
		qc = 0.25 * (r(0, 2) - r(2, 0)) / qa
		qd = 0.25 * (r(1, 0) - r(0, 1)) / qa
	} else {
		xd := 1 + r(0, 0) - (r(1, 1) + r(2, 2))
		yd := 1 + r(1, 1) - (r(0, 0) + r(2, 2))
		zd := 1 + r(2, 2) - (r(0, 0) + r(1, 1))
		switch {
		case xd > 1:
			qb = 0.5 * math.Sqrt(xd)
			qc = 0.25 * (r(0, 1) + r(1, 0)) / qb
			qd = 0.25 * (r(0, 2) + r(2, 0)) / qb
			qa = 0.25 * (r(2, 1) - r(1, 2)) / qb
		case yd > 1:
			qc = 0.5 * math.Sqrt(yd)
			qb = 0.25 * (r(0, 1) + r(1, 0)) / qc
			qd = 0.25 * (r(1, 2) + r(2, 1)) / qc
			qa = 0.25 * (r(0, 2) - r(2, 0)) / qc
		default:
			qd = 0.5 * math.Sqrt(zd)
			qb = 0.25 * (r(0, 2) + r(2, 0)) / qd
			qc = 0.25 * (r(1, 2) + r(2, 1)) / qd
			qa = 0.25 * (r(1, 0) - r(0, 1)) / qd
		}
		if qa < 0 {
			qb, qc, qd = -qb, -qc, -qd
		}
	}
	g.QuaternB, g.QuaternC, g.QuaternD = qb, qc, qd
	g.QoffsetX, g.QoffsetY, g.QoffsetZ = a[0][3], a[1][3], a[2][3]
	return g
}

// nearestRotation orthogonalises a 3x3 matrix (given as columns) by the
// polar-decomposition iteration Q <- (Q + Q^-T)/2, as the NIfTI reference
// library does, so a sheared affine still yields a valid quaternion.
func nearestRotation(q [3][3]float64) [3][3]float64 {
	for iter := 0; iter < 100; iter++ {
		inv, ok := invert3(q)
		if !ok {
			return q
		}
		var next [3][3]float64
		diff := 0.0
		for j := 0; j < 3; j++ {
			for i := 0; i < 3; i++ {
				// (Q^-T) as columns: column j, row i is inv's row j, column i.
				next[j][i] = 0.5 * (q[j][i] + inv[i][j])
				diff += math.Abs(next[j][i] - q[j][i])
			}
		}
		q = next
		if diff < 1e-12 {
			break
		}
	}
	return q
}

// invert3 inverts a 3x3 matrix (indexing is the caller's: the inverse of
// m[a][b] is returned as inv[a][b] of the inverse in the same layout).
func invert3(m [3][3]float64) (inv [3][3]float64, ok bool) {
	det := m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) -
		m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) +
		m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
	if math.Abs(det) < 1e-300 {
		return inv, false
	}
	inv[0][0] = (m[1][1]*m[2][2] - m[1][2]*m[2][1]) / det
	inv[0][1] = (m[0][2]*m[2][1] - m[0][1]*m[2][2]) / det
	inv[0][2] = (m[0][1]*m[1][2] - m[0][2]*m[1][1]) / det
	inv[1][0] = (m[1][2]*m[2][0] - m[1][0]*m[2][2]) / det
	inv[1][1] = (m[0][0]*m[2][2] - m[0][2]*m[2][0]) / det
	inv[1][2] = (m[0][2]*m[1][0] - m[0][0]*m[1][2]) / det
	inv[2][0] = (m[1][0]*m[2][1] - m[1][1]*m[2][0]) / det
	inv[2][1] = (m[0][1]*m[2][0] - m[0][0]*m[2][1]) / det
	inv[2][2] = (m[0][0]*m[1][1] - m[0][1]*m[1][0]) / det
	return inv, true
}

// affinesClose reports whether two affines agree within tol everywhere.
func affinesClose(a, b datasets.Affine, tol float64) bool {
	for r := 0; r < 4; r++ {
		for c := 0; c < 4; c++ {
			if math.Abs(a[r][c]-b[r][c]) > tol {
				return false
			}
		}
	}
	return true
}
