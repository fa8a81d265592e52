package dicom

// The folder tests put NIfTI and NRRD files beside the series, which
// discovery must recognise (datasets/all cannot be imported here: it
// imports this package).
import (
	_ "github.com/segtui/segtui/datasets/nifti"
	_ "github.com/segtui/segtui/datasets/nrrd"
)
