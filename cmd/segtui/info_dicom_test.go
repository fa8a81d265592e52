package main

import (
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// realDICOM is the dcmqi-ct3 series (3 CT slices and NRRD labels).
func realDICOM(t *testing.T) string {
	dir := filepath.Join("..", "..", "..", "shared", "realdata", "dcmqi-ct3")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real data not present (%v); CI has ../shared/realdata", err)
	}
	return dir
}

func TestInfoOnADICOMSeries(t *testing.T) {
	dir := realDICOM(t)
	bin := buildBinary(t)
	r := runBin(t, bin, "info", "--json", dir)
	if r.code != exitOK {
		t.Fatalf("info: exit %d\n%s", r.code, r.stderr)
	}
	var info datasetInfo
	if err := json.Unmarshal([]byte(r.stdout), &info); err != nil {
		t.Fatalf("info --json is not JSON: %v\n%s", err, r.stdout)
	}
	if info.Layout != "dicom" || len(info.Cases) != 1 || len(info.Warnings) != 1 || !strings.Contains(info.Warnings[0], "--labels FILE") {
		t.Fatalf("layout %q, %d cases, warnings %q", info.Layout, len(info.Cases), info.Warnings)
	}
	c := info.Cases[0]
	if c.ID != "dcmqi-ct3" || c.Dim != [3]int{512, 512, 3} || c.Orientation != "LPS" || c.Min != -3024 || c.Max != 1381 || c.Labels != "" {
		t.Errorf("case %+v", c)
	}

	r = runBin(t, bin, "info", "--json", "--labels", filepath.Join(dir, "liver_spine_seg.nrrd"), dir)
	if r.code != exitOK {
		t.Fatalf("info --labels: exit %d\n%s", r.code, r.stderr)
	}
	info = datasetInfo{}
	if err := json.Unmarshal([]byte(r.stdout), &info); err != nil {
		t.Fatal(err)
	}
	ids := info.Cases[0].LabelIDs
	if len(info.Warnings) != 0 || len(ids) != 3 || ids[1].Voxels != 107098 || ids[2].Voxels != 12439 {
		t.Errorf("warnings %q, label ids %+v", info.Warnings, ids)
	}
	r = runBin(t, bin, "info", dir)
	if r.code != exitOK || !strings.Contains(r.stdout, "dicom layout, 1 case(s)") || !strings.Contains(r.stdout, "dimensions  512 x 512 x 3") {
		t.Errorf("info text: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestSnapshotOfADICOMSeries renders the middle slice with the liver label
// from --labels: red-tinted liver pixels appear only with the labels.
func TestSnapshotOfADICOMSeries(t *testing.T) {
	dir := realDICOM(t)
	redPixels := func(args ...string) int {
		out := filepath.Join(t.TempDir(), "s.png")
		if code := runSnapshot(append(args, "--out", out)); code != 0 {
			t.Fatalf("snapshot %v: exit %d", args, code)
		}
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		pic, err := png.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		if b := pic.Bounds(); b.Dx() != 768 || b.Dy() != 768 {
			t.Fatalf("PNG %v; want 768x768 for a square 512x512 slice", b)
		}
		n := 0
		for y := 0; y < 768; y += 2 {
			for x := 0; x < 768; x += 2 {
				r, g, _, _ := pic.At(x, y).RGBA()
				if r > g+0x3000 {
					n++
				}
			}
		}
		return n
	}
	plain := redPixels(dir)
	liver := redPixels(dir, "--labels", filepath.Join(dir, "liver_seg.nrrd"))
	if plain != 0 || liver < 5000 {
		t.Errorf("red-tinted pixels: %d without labels, %d with the liver label", plain, liver)
	}
}
