package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
	"github.com/segtui/segtui/datasets/phantom"
)

const monaiLabel = "../../../shared/realdata/monai-bigendian/anatomical_label.nii.gz"

// shiftedCopy writes the monai label moved by (1, 2, 0) voxels as a new
// NIfTI file on the same grid.
func shiftedCopy(t *testing.T, lab *datasets.LabelMap) string {
	t.Helper()
	out := lab.Clone()
	for i := range out.Labels {
		out.Labels[i] = 0
	}
	d := lab.Dim
	for k := 0; k < d[2]; k++ {
		for j := 0; j+2 < d[1]; j++ {
			for i := 0; i+1 < d[0]; i++ {
				out.Labels[lab.Index(i+1, j+2, k)] = lab.Labels[lab.Index(i, j, k)]
			}
		}
	}
	p := filepath.Join(t.TempDir(), "pred.nii.gz")
	if err := nifti.WriteLabels(p, out); err != nil {
		t.Fatal(err)
	}
	return p
}

func loadMonai(t *testing.T) *datasets.LabelMap {
	t.Helper()
	if _, err := os.Stat(monaiLabel); err != nil {
		t.Skipf("%s is absent (real test data lives in ../shared/realdata): %v", monaiLabel, err)
	}
	lab, err := nifti.ReadLabels(monaiLabel)
	if err != nil {
		t.Fatal(err)
	}
	return lab
}

// TestScoreRealLabelMaps compares segtui score with values computed once by
// scripts/nsd_reference.py (numpy/scipy/nibabel on the same label and the
// same shift): Dice 0.781818181818182, background Dice 0.997850425436632,
// NSD 0.974225177843801 at 3 mm and 1 at FLARE22's 5 mm for class 1 (liver).
func TestScoreRealLabelMaps(t *testing.T) {
	lab := loadMonai(t)
	pred := shiftedCopy(t, lab)

	var out, errb bytes.Buffer
	if code := score([]string{"--json", "--tolerance", "3", monaiLabel, pred}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var rep struct {
		Background struct{ Dice float64 }
		Classes    []struct {
			ID        uint16
			Dice, NSD float64
		}
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("%v in %s", err, out.String())
	}
	if len(rep.Classes) != 1 || rep.Classes[0].ID != 1 {
		t.Fatalf("classes %+v, want just class 1", rep.Classes)
	}
	near := func(what string, got, want float64) {
		if math.Abs(got-want) > 5e-5 {
			t.Errorf("%s = %.6f, reference %.6f", what, got, want)
		}
	}
	near("Dice", rep.Classes[0].Dice, 0.781818181818182)
	near("NSD@3mm", rep.Classes[0].NSD, 0.974225177843801)
	near("background Dice", rep.Background.Dice, 0.997850425436632)

	out.Reset()
	if code := score([]string{monaiLabel, pred}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	want := "" +
		"| Class      |   Dice |    NSD |\n" +
		"| ---------- | -----: | -----: |\n" +
		"| background | 0.9979 |      - |\n" +
		"| liver      | 0.7818 | 1.0000 |\n" +
		"| Average    | 0.7818 | 1.0000 |\n"
	if out.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestScoreGridMismatchNamesBothShapes(t *testing.T) {
	lab := loadMonai(t)
	small := &datasets.LabelMap{Grid: lab.Grid, Labels: make([]uint16, 10*10*10), DataType: datasets.Uint8}
	small.Dim = [3]int{10, 10, 10}
	small.Nifti = nil
	p := filepath.Join(t.TempDir(), "small.nii.gz")
	if err := nifti.WriteLabels(p, small); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := score([]string{monaiLabel, p}, &out, &errb)
	if code != exitError {
		t.Fatalf("exit %d, want %d", code, exitError)
	}
	msg := errb.String()
	for _, want := range []string{"33x41x25", "10x10x10", "same grid", p} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
}

func TestScoreUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := score([]string{"only-one"}, &out, &errb); code != exitUsage {
		t.Errorf("one argument: exit %d, want %d", code, exitUsage)
	}
	if code := score([]string{"--help"}, &out, &errb); code != exitOK {
		t.Errorf("--help: exit %d, want 0", code)
	}
	if !strings.Contains(errb.String(), "--inclusive-z") {
		t.Errorf("help does not list --inclusive-z:\n%s", errb.String())
	}
	if code := score([]string{"--tolerance", "-1", "a", "b"}, &out, &errb); code != exitUsage {
		t.Errorf("negative tolerance: exit %d, want %d", code, exitUsage)
	}
	if code := score([]string{"/nonexistent/gt.nii.gz", "/nonexistent/p.nii.gz"}, &out, &errb); code != exitError {
		t.Errorf("missing file: exit %d, want %d", code, exitError)
	}
}

// --classes on score takes the same names and files as the other commands.
func TestScoreClassesByName(t *testing.T) {
	_, lab, err := phantom.Write(t.TempDir(), phantom.DefaultSeed)
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := score([]string{"--classes", "flare22", lab, lab}, &out, &errb); code != exitOK {
		t.Fatalf("--classes flare22: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "liver") {
		t.Errorf("flare22 names missing from the table:\n%s", out.String())
	}
	errb.Reset()
	if code := score([]string{"--classes", "flare23", lab, lab}, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), "flare22") {
		t.Errorf("unknown table: exit %d, %q; want a usage error listing the choices", code, errb.String())
	}
}
