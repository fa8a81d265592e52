package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
)

// A one-slice DICOM series is a volume with geometry, not a 2-D picture:
// its labels are saved as NIfTI on its grid, not as a PNG that would lose
// where the slice sits in the patient.
func TestOneSliceDICOMSavesNIfTI(t *testing.T) {
	src := filepath.Join("..", "..", "shared", "realdata", "dcmqi-ct3", "01.dcm")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Skipf("real data not present (%v); CI has ../shared/realdata", err)
	}
	dir := filepath.Join(t.TempDir(), "one")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "01.dcm"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := phantomConfig(t, GraphicsBlocks)
	cfg.Cases, cfg.Load = nil, nil
	if err := openDataset(&cfg, Options{Path: dir}); err != nil {
		t.Fatal(err)
	}
	m := newTestModelCfg(t, cfg)
	if m.sess == nil || m.sess.Image.Dim[2] != 1 {
		t.Fatalf("case did not open as one slice: %s", m.msg)
	}
	press(m, "b", "H", "H", "H", "K", "K", "K", "b", "enter", "s")
	if !strings.Contains(m.msg, "saved") || !strings.Contains(m.msg, ".nii.gz") {
		t.Fatalf("save message %q: want a NIfTI file", m.msg)
	}
	saved := filepath.Join(cfg.OutDir, "one_labels.nii.gz")
	lab, err := nifti.ReadLabels(saved)
	if err != nil {
		t.Fatal(err)
	}
	if err := datasets.CheckGrid(m.sess.Image, lab); err != nil {
		t.Errorf("saved labels are not on the DICOM slice's grid: %v", err)
	}
}
