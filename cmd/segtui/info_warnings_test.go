package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets/nifti"
	"github.com/segtui/segtui/datasets/phantom"
)

// Discovery warnings carry paths and advice, and case paths can be long;
// info prints them whole (only stripped of control characters), since a
// cut warning loses its advice and a cut path cannot be found.
func TestInfoPrintsLongWarningsWhole(t *testing.T) {
	root := filepath.Join(t.TempDir(), strings.Repeat("a-deeply-nested-study-folder-", 6))
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	v, _ := phantom.New(1)
	if err := nifti.Write(filepath.Join(root, "case_1.nii.gz"), v); err != nil {
		t.Fatal(err)
	}
	orphan := "patient_0042_contrast_enhanced_arterial_phase\x1b[2J_seg.nii.gz"
	if err := nifti.Write(filepath.Join(root, orphan), v); err != nil {
		t.Fatal(err)
	}
	var code int
	out := captureStdout(t, func() { code = runInfo([]string{root}) })
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if !strings.Contains(out, "beside it; ignored") {
		t.Errorf("the warning was cut before its end:\n%s", out)
	}
	if image := filepath.Join(root, "case_1.nii.gz"); !strings.Contains(out, "image       "+image+"\n") {
		t.Errorf("the image path %s was cut:\n%s", image, out)
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("control characters from a file name reached the output: %q", out)
	}
}
