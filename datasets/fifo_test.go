package datasets_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/images2d"
	"github.com/segtui/segtui/datasets/nifti"
	"github.com/segtui/segtui/datasets/npz"
	"github.com/segtui/segtui/datasets/nrrd"
)

// mkfifo makes a named pipe at path, skipping where that is impossible.
func mkfifo(t *testing.T, path string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
}

// withinTime fails the test when f has not returned after a generous while:
// opening a named pipe for reading waits for a writer that never comes
// (a hang check, not a speed limit).
func withinTime(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("%s hangs on a named pipe", what)
	}
}

// A named pipe with a volume's name is skipped with a warning that says
// what it is, and the folder's real volumes still open.
func TestOpenSkipsPipeWithVolumeName(t *testing.T) {
	root := t.TempDir()
	smallVolume(t, filepath.Join(root, "caseA.nii.gz"), "", 0)
	mkfifo(t, filepath.Join(root, "caseB.nii.gz"))
	ds, err := openWithin(t, root)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Cases) != 1 || ds.Cases[0].ID != "caseA" {
		t.Errorf("cases %+v; want caseA alone", ds.Cases)
	}
	if w := strings.Join(ds.Warnings, "\n"); !strings.Contains(w, "caseB.nii.gz") || !strings.Contains(w, "not a regular file") {
		t.Errorf("no warning names the pipe: %q", w)
	}
}

// A named pipe as dataset.json (class names) or as a FLARE22 image does
// not hang discovery.
func TestOpenPipeInLayouts(t *testing.T) {
	t.Run("dataset.json", func(t *testing.T) {
		root := t.TempDir()
		smallVolume(t, filepath.Join(root, "caseA.nii.gz"), "", 0)
		mkfifo(t, filepath.Join(root, "dataset.json"))
		if _, err := openWithin(t, root); err != nil && !strings.Contains(err.Error(), "dataset.json") {
			t.Errorf("error does not name dataset.json: %v", err)
		}
	})
	t.Run("nnU-Net dataset.json", func(t *testing.T) {
		root := t.TempDir()
		smallVolume(t, filepath.Join(root, "imagesTr", "c1_0000.nii.gz"), filepath.Join(root, "labelsTr", "c1.nii.gz"), 1)
		mkfifo(t, filepath.Join(root, "dataset.json"))
		if _, err := openWithin(t, root); err != nil && !strings.Contains(err.Error(), "dataset.json") {
			t.Errorf("error does not name dataset.json: %v", err)
		}
	})
	t.Run("FLARE22 image", func(t *testing.T) {
		root := t.TempDir()
		smallVolume(t, filepath.Join(root, "images", "c1_0000.nii.gz"), filepath.Join(root, "labels", "c1.nii.gz"), 1)
		mkfifo(t, filepath.Join(root, "images", "c2_0000.nii.gz"))
		if _, err := openWithin(t, root); err != nil {
			t.Errorf("FLARE22 with a pipe among the images: %v", err)
		}
	})
}

// Every reader refuses a named pipe at once, naming it and what it is.
func TestReadersRefusePipes(t *testing.T) {
	dir := t.TempDir()
	readers := map[string]func(string) error{
		"x.nii.gz":     func(p string) error { _, err := nifti.Read(p); return err },
		"l.nii.gz":     func(p string) error { _, err := nifti.ReadLabels(p); return err },
		"x.nrrd":       func(p string) error { _, err := nrrd.Read(p); return err },
		"x.npz":        func(p string) error { _, _, err := npz.Read(p); return err },
		"x.png":        func(p string) error { _, err := images2d.Read(p); return err },
		"classes.txt":  func(p string) error { _, err := datasets.LoadClassTable(p); return err },
		"dataset.json": func(p string) error { _, err := datasets.LoadClassTable(p); return err },
		"single.nrrd":  func(p string) error { _, err := datasets.Open(p); return err },
		"h.nii.gz":     func(p string) error { _, err := nifti.ReadHeader(p); return err },
		"h.nrrd":       func(p string) error { _, err := nrrd.ReadHeader(p); return err },
		"h.npz":        func(p string) error { _, err := npz.ReadHeader(p); return err },
		"h.png":        func(p string) error { _, err := images2d.ReadHeader(p); return err },
	}
	for name, read := range readers {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name)
			mkfifo(t, p)
			var err error
			withinTime(t, name, func() { err = read(p) })
			if err == nil || !strings.Contains(err.Error(), "not a regular file") || !strings.Contains(err.Error(), name) {
				t.Errorf("reading a pipe: %v; want an error naming %s as not a regular file", err, name)
			}
		})
	}
}
