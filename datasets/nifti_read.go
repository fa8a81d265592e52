package datasets

import "errors"

// Placeholder until the NIfTI reader lands; the NIfTI work replaces this file.
var errNiftiPending = errors.New("NIfTI support is not built yet")

// ReadNifti reads a NIfTI-1 or NIfTI-2 image (.nii or .nii.gz).
func ReadNifti(path string) (*Volume, error) { return nil, errNiftiPending }

// ReadNiftiLabels reads a NIfTI label map.
func ReadNiftiLabels(path string) (*LabelMap, error) { return nil, errNiftiPending }

// WriteNifti writes an image volume (used for the phantom).
func WriteNifti(path string, v *Volume) error { return errNiftiPending }

// WriteNiftiLabels writes a label map with its source grid's geometry.
func WriteNiftiLabels(path string, l *LabelMap) error { return errNiftiPending }
