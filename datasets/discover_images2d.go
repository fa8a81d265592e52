package datasets

import (
	"fmt"
	"path/filepath"
	"strings"
)

// maskDirs are the folder names a 2-D set's masks may live in.
var maskDirs = []string{"masks", "labels", "gts"}

// maskSuffixes are stem suffixes that still name an image's single mask,
// e.g. SIRST's Misc_1_pixels0.png for Misc_1.png.
var maskSuffixes = []string{"_mask", "_label", "_gt", "_pixels0", "_segmentation"}

// openImages2D recognises images/ of PNG, JPEG or TIFF files with an
// optional masks/, labels/ or gts/ folder.
func openImages2D(root string) (*Dataset, error) {
	imageDir := filepath.Join(root, "images")
	names, err := listFiles(imageDir)
	if err != nil {
		return nil, err
	}
	ds := &Dataset{Root: root, Layout: LayoutImages, Classes: ClassTable{Name: "generic"}}
	byStem := map[string]int{}
	for _, n := range names {
		if !isKind(n, KindImage2D) {
			continue
		}
		stem := stemOf(n)
		if _, dup := byStem[stem]; dup {
			ds.Warnings = append(ds.Warnings, fmt.Sprintf("%s: another image has stem %s; this file is ignored", filepath.Join(imageDir, n), SanitizeName(stem)))
			continue
		}
		byStem[stem] = len(ds.Cases)
		ds.Cases = append(ds.Cases, Case{ID: SanitizeName(stem), ImagePath: filepath.Join(imageDir, n)})
	}
	if len(ds.Cases) == 0 {
		return nil, nil
	}
	maskDir := ""
	for _, d := range maskDirs {
		if isDir(filepath.Join(root, d)) {
			maskDir = filepath.Join(root, d)
			break
		}
	}
	if maskDir != "" {
		if err := attachMasks(ds, maskDir, byStem); err != nil {
			return nil, err
		}
	}
	sortCases(ds.Cases)
	return ds, nil
}

// attachMasks pairs mask files with images, either one mask per image or
// one per instance, and sets the set's mask kind and class table.
func attachMasks(ds *Dataset, maskDir string, byStem map[string]int) error {
	masks, err := listFiles(maskDir)
	if err != nil {
		return err
	}
	var direct []string
	var classNames []string
	for _, n := range masks {
		if !isKind(n, KindImage2D) {
			continue
		}
		path := filepath.Join(maskDir, n)
		if i, ok := singleMaskOwner(stemOf(n), byStem); ok {
			if ds.Cases[i].LabelPath != "" {
				ds.Warnings = append(ds.Warnings, fmt.Sprintf("%s: image %s already has mask %s; ignored", path, ds.Cases[i].ImagePath, ds.Cases[i].LabelPath))
				continue
			}
			ds.Cases[i].LabelPath = path
			direct = append(direct, path)
			continue
		}
		if i, class, ok := instanceOwner(n, byStem); ok {
			ds.Cases[i].MaskPaths = append(ds.Cases[i].MaskPaths, path)
			classNames = append(classNames, class)
			continue
		}
		ds.Warnings = append(ds.Warnings, fmt.Sprintf("mask %s has no image in %s; ignored", path, filepath.Dir(ds.Cases[0].ImagePath)))
	}
	if len(classNames) > 0 {
		if len(direct) > 0 {
			return fmt.Errorf("%s mixes one-mask-per-image files (e.g. %s) with per-instance masks (<stem>_<class>_<nnn>); expected one kind", maskDir, direct[0])
		}
		classes, err := FLARE22Classes().WithNames(classNames)
		if err != nil {
			return fmt.Errorf("%s: %w", maskDir, err)
		}
		ds.MaskKind, ds.Classes = MaskInstance, classes
		return nil
	}
	if len(direct) == 0 {
		return nil
	}
	f, _ := FormatOf(direct[0])
	kind, ids, err := f.DetectMaskKind(direct)
	if err != nil {
		return err
	}
	ds.MaskKind, ds.Classes = kind, maskKindClasses(kind, ids)
	return nil
}

// singleMaskOwner finds the image whose stem the mask stem equals, with or
// without a common mask suffix.
func singleMaskOwner(stem string, byStem map[string]int) (int, bool) {
	if i, ok := byStem[stem]; ok {
		return i, true
	}
	for _, suf := range maskSuffixes {
		if base, ok := strings.CutSuffix(stem, suf); ok {
			if i, ok := byStem[base]; ok {
				return i, true
			}
		}
	}
	return 0, false
}

// instanceOwner finds the image with the longest stem that the mask name
// <stem>_<class>_<nnn> starts with, so amos_0004_75 beats amos_0004_7.
func instanceOwner(name string, byStem map[string]int) (int, string, bool) {
	best, bestClass, bestLen := -1, "", -1
	for stem, i := range byStem {
		if class, ok := ParseInstanceMask(stem, name); ok && len(stem) > bestLen {
			best, bestClass, bestLen = i, class, len(stem)
		}
	}
	return best, bestClass, best >= 0
}
