package nrrd

import "github.com/segtui/segtui/datasets"

// ReadHeader reads an NRRD file's grid and stored type with the checks
// Read makes before its data.
func ReadHeader(path string) (datasets.Header, error) {
	src, err := openNRRD(path)
	if err != nil {
		return datasets.Header{}, err
	}
	defer src.close()
	return datasets.Header{Grid: src.grid, DataType: src.hdr.typ.name}, nil
}
