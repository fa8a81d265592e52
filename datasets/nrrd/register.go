package nrrd

import "github.com/segtui/segtui/datasets"

func init() {
	datasets.RegisterFormat(datasets.Format{
		Name: "NRRD",
		Kind: datasets.KindVolume,
		// A detached header (.nhdr) is recognised so that it is refused by
		// name, with what to do instead.
		Suffixes: []string{".nrrd", ".nhdr"},
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
