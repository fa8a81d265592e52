package datasets

import "fmt"

// Load reads a case's image and, when it has ground truth, its label map
// on the image's grid (labels are nil when absent).
func (d *Dataset) Load(c Case) (*Volume, *LabelMap, error) {
	img, npzLabels, err := d.readCaseImage(c)
	if err != nil {
		return nil, nil, err
	}
	var lab *LabelMap
	switch {
	case len(c.MaskPaths) > 0:
		lab, err = mergeInstanceMasks(img, stemOf(c.ImagePath), c.MaskPaths, d.decodeClasses())
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

// readCaseImage reads a case's image: a series from its folder, or any
// other image by its name.
func (d *Dataset) readCaseImage(c Case) (*Volume, *LabelMap, error) {
	if d.Bands != nil && c.Series == "" {
		f, ok := FormatOf(c.ImagePath)
		if !ok || f.ReadImageBands == nil {
			return nil, nil, fmt.Errorf("%s: a band choice (--bands) is for multi-band TIFF images, not this file", c.ImagePath)
		}
		v, err := f.ReadImageBands(c.ImagePath, d.Bands)
		return v, nil, err
	}
	if c.Series != "" {
		f, ok := seriesFormat()
		if !ok {
			return nil, nil, fmt.Errorf("%s: series %s, but no series format (DICOM) is registered", c.ImagePath, Clip(c.Series))
		}
		v, err := f.ReadSeries(c.ImagePath, c.Series)
		return v, nil, err
	}
	return ReadImage(c.ImagePath)
}

// readLabels reads a case's label file; 2-D masks are decoded with the
// set's mask kind, or the kind the file itself shows when the set has none.
func (d *Dataset) readLabels(path string, img *Volume) (*LabelMap, error) {
	o := LabelOptions{MaskKind: d.MaskKind, Classes: d.decodeClasses()}
	if f, ok := FormatOf(path); ok && f.Kind == KindImage2D && o.MaskKind == "" {
		kind, ids, err := f.DetectMaskKind([]string{path})
		if err != nil {
			return nil, err
		}
		o = LabelOptions{MaskKind: kind, Classes: maskKindClasses(kind, ids)}
	}
	return ReadLabels(path, img, o)
}

// mergeInstanceMasks reads a case's per-instance masks with the reader of
// their format.
func mergeInstanceMasks(img *Volume, imageStem string, masks []string, classes ClassTable) (*LabelMap, error) {
	f, ok := FormatOf(masks[0])
	if !ok || f.Kind != KindImage2D {
		return nil, fmt.Errorf("%s: unsupported instance mask type; expected %s", masks[0], suffixList(isImage2DFormat))
	}
	return f.MergeInstanceMasks(img, imageStem, masks, classes)
}

func isImage2DFormat(f Format) bool { return f.Kind == KindImage2D }
