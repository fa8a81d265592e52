package phantom

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/segtui/segtui/datasets/nifti"
)

// Paths returns where Write puts the image and label map under
// dir, in the FLARE22 layout so dataset discovery finds them.
func Paths(dir string) (imagePath, labelPath string) {
	return filepath.Join(dir, "images", CaseID+"_0000.nii.gz"),
		filepath.Join(dir, "labels", CaseID+".nii.gz")
}

// Write writes the phantom for seed as gzipped NIfTI under dir
// (images/PHANTOM_0001_0000.nii.gz and labels/PHANTOM_0001.nii.gz). Files
// already there are kept when byte-identical to what this seed produces, so
// repeated calls are cheap no-ops; a different file is never overwritten.
// Nothing is moved into place unless both files can be.
func Write(dir string, seed int64) (imagePath, labelPath string, err error) {
	imagePath, labelPath = Paths(dir)
	for _, d := range []string{filepath.Dir(imagePath), filepath.Dir(labelPath)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return "", "", fmt.Errorf("write phantom: %w", err)
		}
	}
	tmp, err := os.MkdirTemp(dir, ".phantom-*")
	if err != nil {
		return "", "", fmt.Errorf("write phantom: %w", err)
	}
	defer os.RemoveAll(tmp)
	vol, lab := New(seed)
	tmpImage, tmpLabel := filepath.Join(tmp, "image.nii.gz"), filepath.Join(tmp, "label.nii.gz")
	if err := nifti.Write(tmpImage, vol); err != nil {
		return "", "", fmt.Errorf("write phantom: %w", err)
	}
	if err := nifti.WriteLabels(tmpLabel, lab); err != nil {
		return "", "", fmt.Errorf("write phantom: %w", err)
	}
	pairs := [][2]string{{tmpImage, imagePath}, {tmpLabel, labelPath}}
	keep := [2]bool{}
	for n, p := range pairs {
		if keep[n], err = sameOrAbsent(p[0], p[1], seed); err != nil {
			return "", "", err
		}
	}
	for n, p := range pairs {
		if keep[n] {
			continue
		}
		if err := os.Rename(p[0], p[1]); err != nil {
			return "", "", fmt.Errorf("write phantom: %w", err)
		}
	}
	return imagePath, labelPath, nil
}

// sameOrAbsent reports whether dst already holds exactly the bytes of src;
// it fails when dst exists with other content.
func sameOrAbsent(src, dst string, seed int64) (same bool, err error) {
	old, err := os.ReadFile(dst)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("write phantom: %w", err)
	}
	fresh, err := os.ReadFile(src)
	if err != nil {
		return false, fmt.Errorf("write phantom: %w", err)
	}
	if !bytes.Equal(old, fresh) {
		return false, fmt.Errorf("write phantom: refusing to overwrite %s: it exists and differs from the phantom for seed %d (remove it or choose another folder)", dst, seed)
	}
	return true, nil
}
