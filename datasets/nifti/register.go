package nifti

import "github.com/segtui/segtui/datasets"

func init() {
	datasets.RegisterFormat(datasets.Format{
		Name:     datasets.FormatNIfTI,
		Kind:     datasets.KindVolume,
		Suffixes: []string{".nii", ".nii.gz"},
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
