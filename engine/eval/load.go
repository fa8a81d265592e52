package eval

import "github.com/segtui/segtui/datasets"

// LoadLabelMap reads a label map in any registered format (the program
// imports them: datasets/all): NIfTI, NRRD, a MedSAM npz's gts array, or a
// 2-D mask image (PNG, JPEG, TIFF), whose grey values are class ids and
// whose 0/255 masks read as class 1.
func LoadLabelMap(path string) (*datasets.LabelMap, error) {
	lab, err := datasets.ReadLabels(path, nil, datasets.LabelOptions{MaskKind: datasets.MaskLabelIDs})
	if err != nil {
		return nil, err
	}
	if f, _ := datasets.FormatOf(path); f.Kind == datasets.KindImage2D {
		binaryToClass1(lab)
	}
	return lab, nil
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
