package datasets

func init() {
	RegisterFormat(Format{
		Name:     FormatNIfTI,
		Kind:     KindVolume,
		Suffixes: []string{".nii", ".nii.gz"},
		ReadImage: func(path string) (*Volume, *LabelMap, error) {
			v, err := ReadNifti(path)
			return v, nil, err
		},
		ReadLabels: func(path string, _ *Volume, _ LabelOptions) (*LabelMap, error) { return ReadNiftiLabels(path) },
	})
}
