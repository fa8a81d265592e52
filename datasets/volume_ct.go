package datasets

// LooksCT reports whether the voxels are Hounsfield units, so viewers and
// engines may apply a CT window. Air (about -1000 HU) outside the body, in
// the bowel and in the lungs puts several percent of a CT's voxels below
// -500, and CT stops near 3000 HU without metal; an MR or a PET volume with
// a stray negative value, a pre-windowed npz and a colour image have next
// to none there. The value range alone is not enough: MR intensities often
// run to tens of thousands with a few negative voxels.
func (v *Volume) LooksCT() bool {
	if v.Prewindowed || v.RGB != nil || len(v.Voxels) == 0 {
		return false
	}
	air := 0
	hi := v.Voxels[0]
	for _, x := range v.Voxels {
		if x < -500 {
			air++
		}
		hi = max(hi, x)
	}
	return air*100 >= len(v.Voxels) && hi > 100
}
