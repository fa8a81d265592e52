package datasets

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// channelSuffix matches the nnU-Net channel suffix _NNNN of an image stem.
var channelSuffix = regexp.MustCompile(`_(\d{4})$`)

// pairCases lists images in imageDir (only channel 0 of multi-channel
// cases) and pairs each with the label in labelDir that has its case id;
// labels with no image become warnings. accept filters file names.
func pairCases(imageDir, labelDir string, accept func(string) bool) ([]Case, []string, error) {
	images, err := listFiles(imageDir)
	if err != nil {
		return nil, nil, err
	}
	labels, err := listFiles(labelDir)
	if err != nil {
		return nil, nil, err
	}
	labelByID := map[string]string{}
	for _, name := range labels {
		if accept(name) {
			labelByID[stemOf(name)] = filepath.Join(labelDir, name)
		}
	}
	var cases []Case
	var warnings []string
	seen := map[string]bool{}
	for _, name := range images {
		if !accept(name) {
			continue
		}
		id := stemOf(name)
		if m := channelSuffix.FindStringSubmatch(id); m != nil {
			if m[1] != "0000" {
				continue // further channels of a multi-channel case
			}
			id = strings.TrimSuffix(id, m[0])
		}
		if seen[id] {
			warnings = append(warnings, fmt.Sprintf("%s: case %s already has an image; this file is ignored", filepath.Join(imageDir, name), SanitizeName(id)))
			continue
		}
		seen[id] = true
		c := Case{ID: SanitizeName(id), ImagePath: filepath.Join(imageDir, name), LabelPath: labelByID[id]}
		cases = append(cases, c)
	}
	for _, name := range labels {
		if accept(name) && !seen[stemOf(name)] {
			warnings = append(warnings, fmt.Sprintf("label %s has no image in %s; ignored", filepath.Join(labelDir, name), imageDir))
		}
	}
	return cases, warnings, nil
}

// openFLARE22 recognises images/*_0000.nii.gz with optional labels/.
func openFLARE22(root string) (*Dataset, error) {
	imageDir := filepath.Join(root, "images")
	names, err := listFiles(imageDir)
	if err != nil {
		return nil, err
	}
	found := false
	for _, n := range names {
		if isNifti(n) && strings.HasSuffix(stemOf(n), "_0000") {
			found = true
			break
		}
	}
	if !found {
		return nil, nil
	}
	cases, warnings, err := pairCases(imageDir, filepath.Join(root, "labels"), isNifti)
	if err != nil {
		return nil, err
	}
	sortCases(cases)
	return &Dataset{Root: root, Layout: LayoutFLARE22, Cases: cases, Classes: FLARE22Classes(), Warnings: warnings}, nil
}

// openNNUNet recognises dataset.json with imagesTr/ (+labelsTr/) and/or
// imagesTs/ (+labelsTs/ when present).
func openNNUNet(root string) (*Dataset, error) {
	jsonPath := filepath.Join(root, "dataset.json")
	tr, ts := filepath.Join(root, "imagesTr"), filepath.Join(root, "imagesTs")
	if !isDir(tr) && !isDir(ts) {
		return nil, nil
	}
	info, err := readDatasetJSON(jsonPath)
	if err != nil {
		return nil, fmt.Errorf("nnU-Net layout (imagesTr/imagesTs found): %w", err)
	}
	accept := func(n string) bool {
		if info.FileEnding != "" {
			return strings.HasSuffix(strings.ToLower(n), strings.ToLower(info.FileEnding))
		}
		return isNifti(n) || isKind(n, KindImage2D)
	}
	ds := &Dataset{Root: root, Layout: LayoutNNUNet, Classes: info.Classes}
	ids := map[string]bool{}
	for _, split := range [][2]string{{"imagesTr", "labelsTr"}, {"imagesTs", "labelsTs"}} {
		cases, warnings, err := pairCases(filepath.Join(root, split[0]), filepath.Join(root, split[1]), accept)
		if err != nil {
			return nil, err
		}
		ds.Warnings = append(ds.Warnings, warnings...)
		for _, c := range cases {
			if ids[c.ID] { // a test case named like a training case stays distinct
				c.ID += " (" + split[0] + ")"
			}
			ids[c.ID] = true
			ds.Cases = append(ds.Cases, c)
		}
	}
	for _, c := range ds.Cases {
		if isKind(c.ImagePath, KindImage2D) {
			ds.MaskKind = MaskLabelIDs // 2-D nnU-Net labels are id images
		}
	}
	sortCases(ds.Cases)
	return ds, nil
}

// isNifti reports whether a name is NIfTI's (.nii, .nii.gz).
func isNifti(name string) bool { return isFormat(name, FormatNIfTI) }

// openNPZFolder recognises a folder holding MedSAM .npz files (bundles of
// an image and its labels).
func openNPZFolder(root string) (*Dataset, error) {
	names, err := listFiles(root)
	if err != nil {
		return nil, err
	}
	ds := &Dataset{Root: root, Layout: LayoutNPZ, Classes: ClassTable{Name: "generic"}}
	for _, n := range names {
		f, ok := FormatOf(n)
		if !ok || f.Kind != KindBundle {
			continue
		}
		path := filepath.Join(root, n)
		c := Case{ID: SanitizeName(stemOf(n)), ImagePath: path}
		has, err := f.HasLabels(path)
		if err != nil {
			ds.Warnings = append(ds.Warnings, err.Error())
		} else if has {
			c.LabelPath = path
		}
		ds.Cases = append(ds.Cases, c)
	}
	if len(ds.Cases) == 0 {
		return nil, nil
	}
	sortCases(ds.Cases)
	return ds, nil
}
