package nifti

import "github.com/segtui/segtui/datasets"

// ReadHeader reads a NIfTI file's grid and stored type with the checks Read
// makes before its voxels (a .nii.gz is inflated only as far as the
// header).
func ReadHeader(path string) (datasets.Header, error) {
	src, err := openNifti(path)
	if err != nil {
		return datasets.Header{}, err
	}
	defer src.close()
	return datasets.Header{Grid: src.grid, DataType: src.typ.name}, nil
}
