package datasets

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
