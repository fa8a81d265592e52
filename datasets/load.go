package datasets

import (
	"fmt"
	"path/filepath"
)

// Load reads a case's image and, when it has ground truth, its label map
// on the image's grid (labels are nil when absent).
func (d *Dataset) Load(c Case) (*Volume, *LabelMap, error) {
	img, npzLabels, err := readCaseImage(c)
	if err != nil {
		return nil, nil, err
	}
	var lab *LabelMap
	switch {
	case len(c.MaskPaths) > 0:
		lab, err = MergeInstanceMasks(img, stemOf(c.ImagePath), c.MaskPaths, d.decodeClasses())
	case c.LabelPath == "":
		return img, nil, nil
	case c.LabelPath == c.ImagePath:
		if npzLabels == nil {
			return nil, nil, fmt.Errorf("%s: expected a gts array with the labels, found none", c.ImagePath)
		}
		lab = npzLabels
	default:
		lab, err = d.readLabels(c.LabelPath, img)
	}
	if err != nil {
		return nil, nil, err
	}
	if err := CheckGrid(img, lab); err != nil {
		return nil, nil, err
	}
	return img, lab, nil
}

// readCaseImage reads a case's image: a DICOM series from its folder, or
// any other image by extension.
func readCaseImage(c Case) (*Volume, *LabelMap, error) {
	if c.Series != "" {
		v, err := ReadDICOMSeries(c.ImagePath, c.Series)
		return v, nil, err
	}
	return readImageAny(c.ImagePath)
}

// readImageAny reads an image by extension; npz files also return their
// gts labels.
func readImageAny(path string) (*Volume, *LabelMap, error) {
	base := filepath.Base(path)
	switch {
	case isNifti(base):
		v, err := ReadNifti(path)
		return v, nil, err
	case isNRRD(base):
		v, err := ReadNRRD(path)
		return v, nil, err
	case isNPZ(base):
		return ReadNPZ(path)
	case isImageFile(base):
		v, err := ReadImage2D(path)
		return v, nil, err
	}
	return nil, nil, fmt.Errorf("%s: unsupported image type; expected .nii, .nii.gz, .nrrd, .npz, .png, .jpg, .jpeg, .tif or .tiff", path)
}

func (d *Dataset) readLabels(path string, img *Volume) (*LabelMap, error) {
	base := filepath.Base(path)
	switch {
	case isNifti(base):
		return ReadNiftiLabels(path)
	case isNRRD(base):
		return ReadNRRDLabels(path)
	case isNPZ(base):
		_, lab, err := ReadNPZ(path)
		if err == nil && lab == nil {
			err = fmt.Errorf("%s: expected a gts array with the labels, found none", path)
		}
		return lab, err
	case isImageFile(base):
		kind, classes := d.MaskKind, d.decodeClasses()
		if kind == "" {
			k, ids, err := detectMaskKind([]string{path})
			if err != nil {
				return nil, err
			}
			kind, classes = k, maskKindClasses(k, ids)
		}
		return ReadMask2D(path, kind, classes, img)
	}
	return nil, fmt.Errorf("%s: unsupported label type; expected .nii, .nii.gz, .nrrd, .npz, .png, .jpg, .jpeg, .tif or .tiff", path)
}
