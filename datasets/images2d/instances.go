package images2d

import (
	"fmt"
	"path/filepath"

	"github.com/segtui/segtui/datasets"
)

// MergeInstanceMasks paints per-instance masks (SAM-Med2D) into one label
// map on img's grid, each mask's non-zero pixels taking the id of the class
// named in its file name. Masks are painted in the order given, so where
// instances overlap the later one wins.
func MergeInstanceMasks(img *datasets.Volume, imageStem string, masks []string, classes datasets.ClassTable) (*datasets.LabelMap, error) {
	l := &datasets.LabelMap{Grid: img.Grid, Labels: make([]uint16, img.Len()), DataType: datasets.Uint8, Path: filepath.Dir(firstOr(masks))}
	for _, path := range masks {
		name, ok := datasets.ParseInstanceMask(imageStem, path)
		if !ok {
			return nil, fmt.Errorf("%s: expected an instance mask named %s_<class>_<nnn>", path, imageStem)
		}
		class, ok := classes.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("%s: class %q is not in the %s table", path, datasets.SanitizeName(name), classes.Name)
		}
		if class.ID > 255 {
			l.DataType = datasets.Uint16
		}
		p, err := decodePixels(path)
		if err != nil {
			return nil, err
		}
		if err := checkMaskSize(p, path, img); err != nil {
			return nil, err
		}
		for i := 0; i < p.w*p.h; i++ {
			if (p.grey != nil && p.grey[i] != 0) || (p.rgb != nil && (p.rgb[3*i]|p.rgb[3*i+1]|p.rgb[3*i+2]) != 0) {
				l.Labels[i] = class.ID
			}
		}
	}
	return l, nil
}

func firstOr(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
