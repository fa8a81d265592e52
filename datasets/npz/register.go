package npz

import (
	"fmt"

	"github.com/segtui/segtui/datasets"
)

func init() {
	datasets.RegisterFormat(datasets.Format{
		Name:       "MedSAM npz",
		Kind:       datasets.KindBundle,
		Suffixes:   []string{".npz"},
		ReadImage:  Read,
		ReadHeader: ReadHeader,
		ReadLabels: func(path string, _ *datasets.Volume, _ datasets.LabelOptions) (*datasets.LabelMap, error) {
			_, lab, err := Read(path)
			if err == nil && lab == nil {
				err = fmt.Errorf("%s: expected a gts array with the labels, found none", path)
			}
			return lab, err
		},
		HasLabels: HasLabels,
	})
}
