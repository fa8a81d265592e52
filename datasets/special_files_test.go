package datasets_test

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/segtui/segtui/datasets"
)

// openWithin runs Open(root) and fails if it has not returned after a
// generous while: opening a FIFO for reading blocks until a writer comes,
// which would hang discovery for good (this is a hang check, not a speed
// limit).
func openWithin(t *testing.T, root string) (*datasets.Dataset, error) {
	t.Helper()
	type result struct {
		ds  *datasets.Dataset
		err error
	}
	done := make(chan result, 1)
	go func() {
		ds, err := datasets.Open(root)
		done <- result{ds, err}
	}()
	select {
	case r := <-done:
		return r.ds, r.err
	case <-time.After(20 * time.Second):
		t.Fatalf("Open(%s) hangs on a named pipe in the folder", root)
		return nil, nil
	}
}

// A named pipe beside the data (a DICOM-less name, or a .txt that looks
// like a split list) is skipped: discovery only opens regular files.
func TestOpenSkipsNamedPipes(t *testing.T) {
	for _, pipe := range []string{"IM0001", "test.txt"} {
		t.Run(pipe, func(t *testing.T) {
			root := t.TempDir()
			for _, n := range []string{"case_1", "case_2"} {
				smallVolume(t, filepath.Join(root, n+".nii.gz"), "", 0)
			}
			if err := syscall.Mkfifo(filepath.Join(root, pipe), 0o644); err != nil {
				t.Skipf("cannot make a named pipe: %v", err)
			}
			ds, err := openWithin(t, root)
			if err != nil {
				t.Fatal(err)
			}
			if ds.Layout != datasets.LayoutVolumes || len(ds.Cases) != 2 {
				t.Errorf("layout %s with %d cases; want volumes with 2", ds.Layout, len(ds.Cases))
			}
		})
	}
}
