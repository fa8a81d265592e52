package tui

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/images2d"
	"github.com/segtui/segtui/datasets/metaimage"
	"github.com/segtui/segtui/datasets/nifti"
)

// labelsExt is how a case's labels are stored: NIfTI on the source grid
// for volumes, MetaImage (.mha) when the image came as MetaImage, so ITK
// tools pair them as they came, PNG for 2-D images (one slice, no NIfTI
// geometry). The file's name is labelsNames'.
func labelsExt(img *datasets.Volume) string {
	switch {
	case is2D(img):
		return ".png"
	case isMetaImage(img):
		return ".mha"
	}
	return ".nii.gz"
}

func isMetaImage(img *datasets.Volume) bool {
	f, ok := datasets.FormatOf(img.Path)
	return ok && f.Name == "MetaImage"
}

func is2D(img *datasets.Volume) bool { return datasets.IsImage2D(img) }

// SaveLabels writes the edited labels atomically to path, refusing to
// write over any of the inputs, and says which format it wrote. A 2-D
// image's labels take the set's own mask kind (see images2d.SavedMaskKind)
// so the file reads back as one of the set's masks.
func SaveLabels(path string, s *Session, kind datasets.MaskKind, inputs ...string) (string, string, error) {
	outDir := filepath.Dir(path)
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return "", "", fmt.Errorf("save: %w", err)
	}
	var format string
	var err error
	if st, err := os.Stat(path); err == nil {
		for _, in := range inputs {
			if ist, err := os.Stat(in); in != "" && err == nil && os.SameFile(st, ist) {
				return "", "", fmt.Errorf("save: %s is an input file; choose another --out folder", path)
			}
		}
	}
	if is2D(s.Image) {
		// Refuse before touching the file, naming the reason first so a
		// long path cannot push it off the message line.
		if err := images2d.CheckMask(s.Edit, kind, s.Classes); err != nil {
			return "", "", fmt.Errorf("not saved: %w", err)
		}
		format, err = images2d.WriteMask(path, s.Edit, kind, s.Classes)
		return path, format, err
	}
	if isMetaImage(s.Image) {
		// Written to a temporary file and renamed, like NIfTI below.
		if err := metaimage.WriteLabels(path, s.Edit); err != nil {
			return "", "", fmt.Errorf("save %s: %w", path, err)
		}
		return path, "MetaImage labels", nil
	}
	// The NIfTI writer names its own file; write beside the target and
	// rename so a crash never leaves a half-written label file.
	tmp := filepath.Join(outDir, "."+filepath.Base(path)+".partial.nii.gz")
	if err := nifti.WriteLabels(tmp, s.Edit); err != nil {
		os.Remove(tmp)
		return "", "", fmt.Errorf("save %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return "", "", fmt.Errorf("save %s: %w", path, err)
	}
	return path, "NIfTI labels", nil
}
