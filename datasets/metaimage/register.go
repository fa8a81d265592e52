package metaimage

import "github.com/segtui/segtui/datasets"

func init() {
	datasets.RegisterFormat(datasets.Format{
		Name: "MetaImage",
		Kind: datasets.KindVolume,
		// .mhd is a detached header; its .raw or .zraw data files carry no
		// registered suffix, so discovery never takes them for images.
		Suffixes: []string{".mha", ".mhd"},
		ReadImage: func(path string) (*datasets.Volume, *datasets.LabelMap, error) {
			v, err := Read(path)
			return v, nil, err
		},
		ReadHeader: ReadHeader,
		ReadLabels: func(path string, _ *datasets.Volume, _ datasets.LabelOptions) (*datasets.LabelMap, error) {
			return ReadLabels(path)
		},
	})
}

// ReadHeader reads a MetaImage's grid and stored type with the checks Read
// makes before its data (the data files exist and can hold the voxels).
func ReadHeader(path string) (datasets.Header, error) {
	src, err := open(path)
	if err != nil {
		return datasets.Header{}, err
	}
	return datasets.Header{Grid: src.grid, DataType: src.hdr.typ.name}, nil
}
