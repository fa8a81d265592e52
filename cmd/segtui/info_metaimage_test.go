package main

import (
	"encoding/json"
	"math"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestInfoOnMetaImage converts the real DICOM CT and its liver labels to
// MetaImage with plastimatch (ITK's writer: a single .mha, and a .mhd with
// its .raw beside it) and checks segtui info reports what it reports for
// the DICOM series: same grid, orientation, values and labelled voxels.
func TestInfoOnMetaImage(t *testing.T) {
	dicomDir := realDICOM(t)
	if _, err := exec.LookPath("plastimatch"); err != nil {
		t.Skipf("plastimatch is not installed (Debian plastimatch; .ci/run installs it): %v", err)
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	convert := func(in, out string) {
		t.Helper()
		if b, err := exec.Command("plastimatch", "convert", "--input", in, "--output-img", out).CombinedOutput(); err != nil {
			t.Fatalf("plastimatch convert %s: %v\n%s", in, err, b)
		}
	}
	convert(dicomDir, filepath.Join(dir, "single", "ct.mha"))
	convert(dicomDir, filepath.Join(dir, "pair", "ct.mhd"))
	convert(filepath.Join(dicomDir, "liver_seg.nrrd"), filepath.Join(dir, "pair", "ct_seg.mha"))

	info := func(args ...string) datasetInfo {
		t.Helper()
		r := runBin(t, bin, append([]string{"info", "--json"}, args...)...)
		if r.code != exitOK {
			t.Fatalf("info %v: exit %d\n%s", args, r.code, r.stderr)
		}
		var di datasetInfo
		if err := json.Unmarshal([]byte(r.stdout), &di); err != nil {
			t.Fatalf("info --json is not JSON: %v\n%s", err, r.stdout)
		}
		return di
	}
	want := info("--labels", filepath.Join(dicomDir, "liver_seg.nrrd"), dicomDir).Cases[0]
	single := info(filepath.Join(dir, "single", "ct.mha"))
	pair := info(filepath.Join(dir, "pair"))
	if single.Layout != "file" || len(single.Cases) != 1 || pair.Layout != "volumes" || len(pair.Cases) != 1 || len(pair.Warnings) != 0 {
		t.Fatalf("single %+v\npair %+v", single, pair)
	}
	// ITK keeps geometry in float32: 0.810547 is written as 0.81054699420928955.
	sameAffine := func(a, b [4][4]float64) bool {
		for r := range a {
			for c := range a[r] {
				if math.Abs(a[r][c]-b[r][c]) > 1e-5*max(1, math.Abs(b[r][c])) {
					return false
				}
			}
		}
		return true
	}
	for _, c := range []caseInfo{single.Cases[0], pair.Cases[0]} {
		if c.Dim != want.Dim || c.Orientation != want.Orientation || c.Min != want.Min || c.Max != want.Max || !sameAffine(c.Affine, want.Affine) {
			t.Errorf("%s: %v %s %v..%v %v\nDICOM %v %s %v..%v %v", c.Image, c.Dim, c.Orientation, c.Min, c.Max, c.Affine,
				want.Dim, want.Orientation, want.Min, want.Max, want.Affine)
		}
	}
	if got := pair.Cases[0]; filepath.Base(got.Labels) != "ct_seg.mha" || len(got.LabelIDs) != 2 || got.LabelIDs[1].Voxels != want.LabelIDs[1].Voxels {
		t.Errorf("labels %s %+v; DICOM with the NRRD labels %+v", got.Labels, got.LabelIDs, want.LabelIDs)
	}
}
