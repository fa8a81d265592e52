package datasets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// looseLabelSuffixes are the stem suffixes that make X_<suffix> the label
// map of X in a folder of loose volumes.
var looseLabelSuffixes = []string{"_seg", "_label", "_labels", "_mask", "_gt"}

// nnunetChannel0 is the image suffix of the flat nnU-Net/FLARE22 naming,
// where X_0000.nii.gz has the label X.nii.gz.
const nnunetChannel0 = "_0000"

// isVolumeFile reports whether a name is a volume format's (NIfTI, NRRD).
func isVolumeFile(name string) bool { return isKind(name, KindVolume) }

// labelBase returns X for a stem X_seg, X_label(s), X_mask or X_gt (any
// letter case).
func labelBase(stem string) (string, bool) {
	lower := strings.ToLower(stem)
	for _, suf := range looseLabelSuffixes {
		if strings.HasSuffix(lower, suf) {
			return stem[:len(stem)-len(suf)], true
		}
	}
	return "", false
}

// looseFile is one volume in the folder.
type looseFile struct {
	name, stem string
	label      bool   // never a case, paired or not
	owner      string // stem of the image it labels
}

// openLooseVolumes recognises a folder of NIfTI or NRRD volumes. A file
// X_seg, X_label(s), X_mask or X_gt is the label of X; X is the label of
// X_0000 (flat nnU-Net naming); every other volume is a case, with no
// ground truth when nothing names it. An image with two label files is an
// error rather than a guess, because the wrong ground truth would go
// unnoticed in eval.
func openLooseVolumes(root string) (*Dataset, error) {
	names, err := listFiles(root)
	if err != nil {
		return nil, err
	}
	var files []*looseFile
	byStem := map[string]*looseFile{}
	var warnings []string
	for _, n := range names {
		if !isVolumeFile(n) {
			continue
		}
		s := stemOf(n)
		if prev, dup := byStem[s]; dup {
			warnings = append(warnings, fmt.Sprintf("%s: %s has the same name; this file is ignored", filepath.Join(root, n), prev.name))
			continue
		}
		f := &looseFile{name: n, stem: s}
		byStem[s] = f
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, nil
	}
	for _, f := range files {
		if base, ok := labelBase(f.stem); ok {
			f.label, f.owner = true, base
		} else if _, ok := byStem[f.stem+nnunetChannel0]; ok {
			f.label, f.owner = true, f.stem+nnunetChannel0
		}
	}
	labelsOf := map[string][]*looseFile{}
	for _, f := range files {
		if !f.label {
			continue
		}
		if img, ok := byStem[f.owner]; !ok || img.label {
			warnings = append(warnings, fmt.Sprintf("label %s has no image %s (.nii, .nii.gz or .nrrd) beside it; ignored",
				filepath.Join(root, f.name), f.owner))
			continue
		}
		labelsOf[f.owner] = append(labelsOf[f.owner], f)
	}
	classes, err := looseClasses(root)
	if err != nil {
		return nil, err
	}
	ds := &Dataset{Root: root, Layout: LayoutVolumes, Classes: classes, Warnings: warnings}
	for _, f := range files {
		if f.label {
			continue
		}
		c := Case{ID: SanitizeName(f.stem), ImagePath: filepath.Join(root, f.name)}
		switch labs := labelsOf[f.stem]; len(labs) {
		case 0:
		case 1:
			c.LabelPath = filepath.Join(root, labs[0].name)
			if labs[0].stem+nnunetChannel0 == f.stem {
				c.ID = SanitizeName(labs[0].stem) // the case name without the channel
			}
		default:
			var ns []string
			for _, l := range labs {
				ns = append(ns, l.name)
			}
			return nil, fmt.Errorf("%s: image %s has %d label files (%s); expected one: move the others out, or open the image alone with --labels",
				root, f.name, len(labs), strings.Join(ns, ", "))
		}
		ds.Cases = append(ds.Cases, c)
	}
	if len(ds.Cases) == 0 {
		return nil, fmt.Errorf("%s holds only label files (e.g. %s) and no image volumes beside them; expected X.nii.gz next to X_seg.nii.gz (or _label, _labels, _mask, _gt)",
			root, files[0].name)
	}
	sortCases(ds.Cases)
	return ds, nil
}

// looseClasses is the dataset.json's class table when the folder has one,
// else the generic table.
func looseClasses(root string) (ClassTable, error) {
	path := filepath.Join(root, "dataset.json")
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return ClassTable{Name: "generic"}, nil
	}
	info, err := readDatasetJSON(path)
	if err != nil {
		return ClassTable{}, fmt.Errorf("folder of volumes with a dataset.json: %w", err)
	}
	return info.Classes, nil
}
