package datasets

import "math"

// NiftiGeometry is the part of a NIfTI header that places voxels in the
// world; the NIfTI reader fills it and the writer copies it verbatim.
type NiftiGeometry struct {
	Pixdim                       [8]float64
	XYZTUnits                    uint8
	QformCode, SformCode         int16
	QuaternB, QuaternC, QuaternD float64
	QoffsetX, QoffsetY, QoffsetZ float64
	SrowX, SrowY, SrowZ          [4]float64
}

// Spacing is |pixdim[1..3]|; a zero or non-finite pixdim counts as 1 mm,
// as the reference library does, so grids always have positive spacing.
func (g NiftiGeometry) Spacing() [3]float64 {
	var s [3]float64
	for a := 0; a < 3; a++ {
		v := math.Abs(g.Pixdim[a+1])
		if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			v = 1
		}
		s[a] = v
	}
	return s
}

// Affine follows the NIfTI standard's precedence: the sform when
// sform_code > 0 (method 3), else the quaternion qform when qform_code > 0
// (method 2), else plain pixdim scaling (method 1).
func (g NiftiGeometry) Affine() Affine {
	switch {
	case g.SformCode > 0:
		return Affine{g.SrowX, g.SrowY, g.SrowZ, {0, 0, 0, 1}}
	case g.QformCode > 0:
		return g.QformAffine()
	default:
		s := g.Spacing()
		return Affine{{s[0], 0, 0, 0}, {0, s[1], 0, 0}, {0, 0, s[2], 0}, {0, 0, 0, 1}}
	}
}

// QformAffine builds the method-2 affine from the quaternion, the offsets,
// the spacing and qfac (the sign of pixdim[0], -1 flipping the k axis).
func (g NiftiGeometry) QformAffine() Affine {
	b, c, d := g.QuaternB, g.QuaternC, g.QuaternD
	a := 1 - (b*b + c*c + d*d)
	if a < 1e-7 { // 180-degree rotation: renormalise (b, c, d), a = 0
		n := math.Sqrt(b*b + c*c + d*d)
		b, c, d, a = b/n, c/n, d/n, 0
	} else {
		a = math.Sqrt(a)
	}
	s := g.Spacing()
	qfac := 1.0
	if g.Pixdim[0] < 0 {
		qfac = -1
	}
	r := [3][3]float64{
		{a*a + b*b - c*c - d*d, 2*b*c - 2*a*d, 2*b*d + 2*a*c},
		{2*b*c + 2*a*d, a*a + c*c - b*b - d*d, 2*c*d - 2*a*b},
		{2*b*d - 2*a*c, 2*c*d + 2*a*b, a*a + d*d - c*c - b*b},
	}
	scale := [3]float64{s[0], s[1], s[2] * qfac}
	var m Affine
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			m[i][j] = r[i][j] * scale[j]
		}
	}
	m[0][3], m[1][3], m[2][3] = g.QoffsetX, g.QoffsetY, g.QoffsetZ
	m[3] = [4]float64{0, 0, 0, 1}
	return m
}
