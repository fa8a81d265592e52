package images2d

import "github.com/segtui/segtui/datasets"

func init() {
	datasets.RegisterFormat(datasets.Format{
		Name: "2-D image",
		Kind: datasets.KindImage2D,
		// The decoders read.go imports.
		Suffixes: []string{".png", ".jpg", ".jpeg", ".tif", ".tiff"},
		ReadImage: func(path string) (*datasets.Volume, *datasets.LabelMap, error) {
			v, err := Read(path)
			return v, nil, err
		},
		ReadImageBands:     ReadBands,
		ReadHeader:         ReadHeader,
		ReadLabels:         readMaskFile,
		DetectMaskKind:     detectMaskKind,
		MergeInstanceMasks: MergeInstanceMasks,
	})
}

// readMaskFile reads a mask onto img's grid, or, with no image, onto its
// own (a 2-D mask is a picture of the same size).
func readMaskFile(path string, img *datasets.Volume, o datasets.LabelOptions) (*datasets.LabelMap, error) {
	if img == nil {
		var err error
		if img, err = Read(path); err != nil {
			return nil, err
		}
	}
	return ReadMask(path, o.MaskKind, o.Classes, img)
}
