package datasets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Open finds the dataset at path: a single image file or a folder in one
// of the known layouts.
func Open(path string) (*Dataset, error) { return OpenWithLabels(path, "") }

// OpenWithLabels is Open with an explicit label file for a single image
// (the --labels flag); labels "" means none.
func OpenWithLabels(path, labels string) (*Dataset, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s does not exist", path)
		}
		return nil, err
	}
	if labels != "" {
		if lst, err := os.Stat(labels); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("label file %s does not exist", labels)
			}
			return nil, err
		} else if lst.IsDir() {
			return nil, fmt.Errorf("label path %s is a folder; expected one label file", labels)
		}
		if st.IsDir() {
			return openDICOMWithLabels(path, labels)
		}
	}
	if !st.IsDir() {
		return openFile(path, labels)
	}
	for _, try := range []func(string) (*Dataset, error){openNNUNet, openFLARE22, openImages2D, openNPZFolder, openDICOMFolder, openLooseVolumes} {
		ds, err := try(path)
		if ds != nil && err == nil {
			findSplits(ds)
		}
		if err != nil || ds != nil {
			return ds, err
		}
	}
	return nil, fmt.Errorf("%s: no dataset layout recognised; looked for a single image file, "+
		"FLARE22 (images/*_0000.nii.gz with labels/*.nii.gz), nnU-Net (imagesTr/ or imagesTs/ with dataset.json), "+
		"a 2-D image set (images/ with masks/, labels/ or gts/ in PNG, JPEG or TIFF), a folder of MedSAM .npz files, "+
		"a folder of DICOM files (one series per case) and a folder of NIfTI or NRRD volumes (labels beside them as X_seg, X_label(s), X_mask or X_gt)", path)
}

// FormatNIfTI is the name datasets/nifti registers. Discovery names it
// because the FLARE22 and nnU-Net layouts are defined in NIfTI files.
const FormatNIfTI = "NIfTI"

// openFile makes a one-case dataset of a single file.
func openFile(path, labels string) (*Dataset, error) {
	f, known := FormatOf(filepath.Base(path))
	if !known || f.ReadImage == nil {
		if s, ok := SniffFormat(path); ok && s.Kind == KindSeries {
			return nil, fmt.Errorf("%s is one %s file; open the folder holding its series instead (segtui %s)", path, s.Name, filepath.Dir(path))
		}
		return nil, fmt.Errorf("%s: unsupported file type; expected %s", path, ImageSuffixes())
	}
	id := stemOf(path)
	if f.Name == FormatNIfTI {
		id = strings.TrimSuffix(id, "_0000") // nnU-Net/FLARE22 channel suffix
	}
	ds := &Dataset{Root: path, Layout: LayoutFile, Classes: ClassTable{Name: "generic"}}
	c := Case{ID: SanitizeName(id), ImagePath: path, LabelPath: labels}
	if labels == "" && f.Kind == KindBundle {
		has, err := f.HasLabels(path)
		if err != nil {
			return nil, err
		}
		if has {
			c.LabelPath = path
		}
	}
	if lf, ok := FormatOf(labels); ok && labels != "" && lf.Kind == KindImage2D {
		kind, ids, err := lf.DetectMaskKind([]string{labels})
		if err != nil {
			return nil, err
		}
		ds.MaskKind, ds.Classes = kind, maskKindClasses(kind, ids)
	}
	ds.Cases = []Case{c}
	return ds, nil
}

// ListFiles returns the visible regular files of dir (nil if dir is
// missing) in natural order, the order discovery lists cases in, for
// formats that scan folders (DICOM).
func ListFiles(dir string) ([]string, error) { return listFiles(dir) }

// listFiles returns the visible regular files of dir (nil if dir is
// missing) in natural order.
func listFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") || e.IsDir() {
			continue
		}
		names = append(names, e.Name())
	}
	sortNatural(names)
	return names, nil
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// ClassesFor returns the dataset's class table with a generic entry for any
// id in l that the table lacks.
func (d *Dataset) ClassesFor(l *LabelMap) ClassTable { return d.Classes.ForLabels(l) }
