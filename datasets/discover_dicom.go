package datasets

import (
	"fmt"
	"path/filepath"
	"strings"
)

// LayoutDICOM is a folder of DICOM files, one case per series.
const LayoutDICOM Layout = "dicom"

// openDICOMFolder opens a folder of DICOM files as one case per series
// (nil when the folder holds none). Cases have no ground truth: NIfTI or
// NRRD files beside the series are only named in a warning, because
// which of several segmentations is the truth cannot be guessed.
func openDICOMFolder(root string) (*Dataset, error) {
	f, ok := seriesFormat()
	if !ok {
		return nil, nil
	}
	series, warnings, err := f.ScanFolder(root)
	if err != nil {
		return nil, err
	}
	if len(series) == 0 {
		if len(warnings) > 0 {
			return nil, fmt.Errorf("%s: DICOM files but no images among them: %s", root, warnings[0])
		}
		return nil, nil
	}
	ds := &Dataset{Root: root, Layout: LayoutDICOM, Classes: ClassTable{Name: "generic"}, Warnings: warnings}
	ids := dicomCaseIDs(root, series)
	for i, s := range series {
		ds.Cases = append(ds.Cases, Case{ID: ids[i], ImagePath: root, Series: s.UID})
	}
	if w := besideVolumesWarning(root, len(series)); w != "" {
		ds.Warnings = append(ds.Warnings, w)
	}
	return ds, nil
}

// openDICOMWithLabels opens a folder holding one DICOM series with an
// explicit label file (--labels).
func openDICOMWithLabels(root, labels string) (*Dataset, error) {
	ds, err := openDICOMFolder(root)
	if err != nil {
		return nil, err
	}
	if ds == nil {
		return nil, fmt.Errorf("labels %s apply to a single image file or a folder of one DICOM series, but %s is a folder with no DICOM files", labels, root)
	}
	if len(ds.Cases) != 1 {
		var ids []string
		for _, c := range ds.Cases {
			ids = append(ids, c.ID)
		}
		return nil, fmt.Errorf("labels %s apply to one image, but %s holds %d DICOM series (%s): move the series to label into a folder of its own",
			labels, root, len(ds.Cases), strings.Join(ids, ", "))
	}
	ds.Cases[0].LabelPath = labels
	all := ds.Warnings
	ds.Warnings = nil
	for _, w := range all {
		if !strings.Contains(w, "--labels") {
			ds.Warnings = append(ds.Warnings, w)
		}
	}
	return ds, nil
}

// besideVolumesWarning names the NIfTI/NRRD files next to the series
// and says how to use one as ground truth.
func besideVolumesWarning(root string, nSeries int) string {
	names, err := listFiles(root)
	if err != nil {
		return ""
	}
	var vols []string
	for _, n := range names {
		if isVolumeFile(n) {
			vols = append(vols, n)
		}
	}
	if len(vols) == 0 {
		return ""
	}
	list := strings.Join(vols, ", ")
	if len(vols) > 3 {
		list = strings.Join(vols[:3], ", ") + fmt.Sprintf(" and %d more", len(vols)-3)
	}
	if nSeries > 1 {
		return fmt.Sprintf("labels not guessed: to use one of the %d NIfTI/NRRD files beside the DICOM series (%s), move its series into a folder of its own and pass --labels FILE", len(vols), list)
	}
	return fmt.Sprintf("labels not guessed: pass --labels FILE to use one of the %d NIfTI/NRRD files beside the DICOM series (%s)", len(vols), list)
}

// dicomCaseIDs names each series' case: the folder's name when it holds
// one series (what the user typed), else the SeriesDescription, falling
// back to the SeriesNumber and then the UID's tail; repeats get _2, _3.
func dicomCaseIDs(root string, series []Series) []string {
	ids := make([]string, len(series))
	if len(series) == 1 {
		abs, err := filepath.Abs(root)
		if err != nil {
			abs = root
		}
		ids[0] = fileSafeID(filepath.Base(abs))
		if ids[0] == "" {
			ids[0] = "series"
		}
		return ids
	}
	seen := map[string]bool{}
	for i, s := range series {
		id := fileSafeID(s.Description)
		switch {
		case id == "" && s.Number != 0:
			id = fmt.Sprintf("series%d", s.Number)
		case id == "":
			uid := s.UID
			if len(uid) > 12 {
				uid = uid[len(uid)-12:]
			}
			id = "series_" + fileSafeID(uid)
		}
		// Count up until free: a description may itself read "AX 2".
		base := id
		for n := 2; seen[id]; n++ {
			id = fmt.Sprintf("%s_%d", base, n)
		}
		seen[id] = true
		ids[i] = id
	}
	return ids
}

// fileSafeID turns header text into a case id usable in file names:
// runs of anything but letters, digits, '.', '-' and '_' become one '_'.
func fileSafeID(s string) string {
	var b strings.Builder
	under := false
	for _, r := range SanitizeName(s) {
		ok := r == '.' || r == '-' || r == '_' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !ok {
			if !under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = true
			continue
		}
		b.WriteRune(r)
		under = false
	}
	return strings.Trim(b.String(), "_.")
}
