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
	need := (len(v.Voxels) + 99) / 100 // air voxels for 1 %
	air := 0
	hi := float32(-1e30)
	for start := 0; start < len(v.Voxels); start += looksCTChunk {
		for _, x := range v.Voxels[start:min(start+looksCTChunk, len(v.Voxels))] {
			if x < -500 {
				air++
			}
			if x > hi { // not max(): a NaN (padding in resampled data) would stick
				hi = x
			}
		}
		// Both only grow, so the answer is final once they pass: a CT's
		// first slices, air around the body, settle it without reading the
		// other 300 MB of a full-size case.
		if air >= need && hi > 100 {
			return true
		}
	}
	return false
}

// looksCTChunk is how many voxels LooksCT reads between checks.
const looksCTChunk = 1 << 16
