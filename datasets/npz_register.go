package datasets

import "fmt"

func init() {
	RegisterFormat(Format{
		Name:      "MedSAM npz",
		Kind:      KindBundle,
		Suffixes:  []string{".npz"},
		ReadImage: ReadNPZ,
		ReadLabels: func(path string, _ *Volume, _ LabelOptions) (*LabelMap, error) {
			_, lab, err := ReadNPZ(path)
			if err == nil && lab == nil {
				err = fmt.Errorf("%s: expected a gts array with the labels, found none", path)
			}
			return lab, err
		},
		HasLabels: NPZHasLabels,
	})
}
