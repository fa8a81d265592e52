package eval

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/segtui/segtui/datasets"
)

// LoadLabelMap reads a label map from NIfTI (.nii, .nii.gz), NRRD (.nrrd
// with attached raw or gzip data), a MedSAM npz
// (its gts array) or a 2-D mask image (PNG, JPEG, TIFF, BMP; grey values
// are class ids, and a 0/255 mask is read as class 1).
func LoadLabelMap(path string) (*datasets.LabelMap, error) {
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".nii"), strings.HasSuffix(lower, ".nii.gz"):
		return datasets.ReadNiftiLabels(path)
	case strings.HasSuffix(lower, ".nrrd"), strings.HasSuffix(lower, ".nhdr"):
		return datasets.ReadNRRDLabels(path)
	case strings.HasSuffix(lower, ".npz"):
		_, lab, err := datasets.ReadNPZ(path)
		if err != nil {
			return nil, err
		}
		if lab == nil {
			return nil, fmt.Errorf("%s has no gts array: expected a MedSAM npz with labels", path)
		}
		return lab, nil
	}
	switch filepath.Ext(lower) {
	case ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp":
		img, err := datasets.ReadImage2D(path)
		if err != nil {
			return nil, err
		}
		lab, err := datasets.ReadMask2D(path, datasets.MaskLabelIDs, datasets.ClassTable{}, img)
		if err != nil {
			return nil, err
		}
		binaryToClass1(lab)
		return lab, nil
	}
	return nil, fmt.Errorf("%s: unknown label file type; expected .nii, .nii.gz, .nrrd, .npz or a 2-D mask image (.png, .jpg, .tif, .bmp)", path)
}

// binaryToClass1 turns a 0/255 mask into class 1 (SIRST-style binary masks).
func binaryToClass1(l *datasets.LabelMap) {
	for _, v := range l.Labels {
		if v != 0 && v != 255 {
			return
		}
	}
	for i, v := range l.Labels {
		if v == 255 {
			l.Labels[i] = 1
		}
	}
}
