package npz

import (
	"fmt"

	"github.com/segtui/segtui/datasets"
)

// ReadHeader reads a MedSAM npz's grid and stored type from the headers of
// its imgs and gts arrays and its small geometry arrays, without
// inflating the images.
func ReadHeader(path string) (datasets.Header, error) {
	a, err := openNPZ(path)
	if err != nil {
		return datasets.Header{}, err
	}
	defer a.Close()
	imgs, err := a.header("imgs")
	if err != nil {
		return datasets.Header{}, err
	}
	if imgs == nil {
		return datasets.Header{}, fmt.Errorf("%s: no imgs array (found: %s); expected a MedSAM npz with imgs and gts", path, a.keys())
	}
	gts, err := a.header("gts")
	if err != nil {
		return datasets.Header{}, err
	}
	v, _, err := npzLayout(path, imgs, gts)
	if err != nil {
		return datasets.Header{}, err
	}
	if err := npzGeometry(a, v); err != nil {
		return datasets.Header{}, err
	}
	return datasets.Header{Grid: v.Grid, DataType: v.DataType}, nil
}
