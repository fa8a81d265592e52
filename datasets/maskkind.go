package datasets

// MaskKind says how a 2-D mask image encodes classes.
type MaskKind string

const (
	MaskLabelIDs MaskKind = "label-ids" // grey values are class ids
	MaskBinary   MaskKind = "binary"    // 0/255: one "target" class (SIRST-5K)
	MaskPalette  MaskKind = "palette"   // colour-coded classes (GID)
	MaskInstance MaskKind = "instance"  // one file per instance: <stem>_<class>_<nnn>.png (SAM-Med2D)
)

// maskKindClasses is the class table a set of masks of this kind implies.
func maskKindClasses(kind MaskKind, ids []uint16) ClassTable {
	switch kind {
	case MaskPalette:
		return GIDClasses()
	case MaskBinary:
		return SIRSTClasses()
	}
	return GenericClasses(ids)
}

// IsImage2D reports whether v came from a 2-D image format (PNG, JPEG,
// TIFF or a 2-D npz), whose labels are saved as a mask image. A one-slice
// DICOM, NRRD or NIfTI volume is not: its labels keep their geometry in
// NIfTI.
func IsImage2D(v *Volume) bool {
	return v.Dim[2] == 1 && v.Nifti == nil && isKind(v.Path, KindImage2D, KindBundle)
}
