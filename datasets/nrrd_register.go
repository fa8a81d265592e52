package datasets

func init() {
	RegisterFormat(Format{
		Name: "NRRD",
		Kind: KindVolume,
		// A detached header (.nhdr) is recognised so that it is refused by
		// name, with what to do instead.
		Suffixes: []string{".nrrd", ".nhdr"},
		ReadImage: func(path string) (*Volume, *LabelMap, error) {
			v, err := ReadNRRD(path)
			return v, nil, err
		},
		ReadLabels: func(path string, _ *Volume, _ LabelOptions) (*LabelMap, error) { return ReadNRRDLabels(path) },
	})
}
