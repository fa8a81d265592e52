// Package all registers every image format with datasets, for programs
// and tests that read whatever they are given:
//
//	import _ "github.com/segtui/segtui/datasets/all"
//
// A new format is a package under datasets/ that calls
// datasets.RegisterFormat in init, plus one line here.
package all

import (
	_ "github.com/segtui/segtui/datasets/dicom"
	_ "github.com/segtui/segtui/datasets/images2d"
	_ "github.com/segtui/segtui/datasets/metaimage"
	_ "github.com/segtui/segtui/datasets/nifti"
	_ "github.com/segtui/segtui/datasets/npz"
	_ "github.com/segtui/segtui/datasets/nrrd"
)
