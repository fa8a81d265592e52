package tui

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"

	"github.com/segtui/segtui/datasets"
)

// savePath is where a case's labels go: NIfTI on the source grid for
// volumes, PNG for 2-D images (one slice, no NIfTI geometry).
func savePath(outDir, caseID string, img *datasets.Volume) string {
	ext := ".nii.gz"
	if is2D(img) {
		ext = ".png"
	}
	return filepath.Join(outDir, safeFileName(caseID)+"_labels"+ext)
}

func is2D(img *datasets.Volume) bool { return img.Dim[2] == 1 && img.Nifti == nil }

// SaveLabels writes the edited labels atomically under outDir, refusing
// to write over any of the inputs.
func SaveLabels(outDir string, s *Session, inputs ...string) (string, error) {
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return "", fmt.Errorf("save: %w", err)
	}
	path := savePath(outDir, s.CaseID, s.Image)
	if st, err := os.Stat(path); err == nil {
		for _, in := range inputs {
			if ist, err := os.Stat(in); in != "" && err == nil && os.SameFile(st, ist) {
				return "", fmt.Errorf("save: %s is an input file; choose another --out folder", path)
			}
		}
	}
	if is2D(s.Image) {
		return path, datasets.WriteFileAtomic(path, func(w io.Writer) error { return writeLabelPNG(w, s.Edit) })
	}
	// The NIfTI writer names its own file; write beside the target and
	// rename so a crash never leaves a half-written label file.
	tmp := filepath.Join(outDir, "."+filepath.Base(path)+".partial.nii.gz")
	if err := datasets.WriteNiftiLabels(tmp, s.Edit); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("save %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("save %s: %w", path, err)
	}
	return path, nil
}

// writeLabelPNG stores label ids as grey levels (8-bit when they fit).
func writeLabelPNG(w io.Writer, l *datasets.LabelMap) error {
	v := l.View(datasets.Axial)
	ids, _ := l.Slice(datasets.Axial, 0)
	wide := false
	for _, id := range ids {
		wide = wide || id > 255
	}
	r := image.Rect(0, 0, v.Width, v.Height)
	if wide {
		im := image.NewGray16(r)
		for i, id := range ids {
			im.SetGray16(i%v.Width, i/v.Width, color.Gray16{Y: id})
		}
		return png.Encode(w, im)
	}
	im := image.NewGray(r)
	for i, id := range ids {
		im.Pix[i] = uint8(id)
	}
	return png.Encode(w, im)
}
