package datasets_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
	"github.com/segtui/segtui/datasets/phantom"
)

func TestLooksCT(t *testing.T) {
	img, _ := phantom.New(phantom.DefaultSeed)
	if !img.LooksCT() {
		t.Error("the phantom CT is not taken for CT")
	}
	pre := *img
	pre.Prewindowed = true
	if pre.LooksCT() {
		t.Error("a pre-windowed volume is taken for CT")
	}

	// An MR-like range: a few negative voxels, values to 30000.
	mr := &datasets.Volume{Grid: img.Grid, Voxels: make([]float32, img.Len())}
	for i := range mr.Voxels {
		mr.Voxels[i] = float32(i % 30000)
	}
	for i := 0; i < len(mr.Voxels)/500; i++ { // 0.2 % below -500
		mr.Voxels[i*500] = -610
	}
	if mr.LooksCT() {
		t.Error("an MR-like volume with 0.2% negative voxels is taken for CT")
	}
	for i := 0; i < len(mr.Voxels)/50; i++ { // 2 % air
		mr.Voxels[i*50] = -1000
	}
	if !mr.LooksCT() {
		t.Error("2% of voxels near -1000 HU should read as CT")
	}
}

// The real MONAI MR (min -610, max 30393) was taken for CT by the old
// min/max rule and shown in an abdomen window, all white.
func TestLooksCTRealMR(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "realdata", "monai-bigendian", "anatomical.nii")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("real data not present (%v); CI has ../shared/realdata", err)
	}
	v, err := nifti.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if lo, hi := v.MinMax(); lo > -500 || hi < 100 {
		t.Fatalf("range %g..%g: the file no longer shows the trap this test is about", lo, hi)
	}
	if v.LooksCT() {
		t.Error("the real MR is taken for CT")
	}
}

// Stopping early must not change an answer: the air and the bright voxel
// may come last, first or never, and the 1 % bound may be met exactly.
func TestLooksCTSameAsFullScan(t *testing.T) {
	img, _ := phantom.New(phantom.DefaultSeed)
	n := 3*datasets.LooksCTChunk + 1234
	g := datasets.Grid{Dim: [3]int{n, 1, 1}, Spacing: [3]float64{1, 1, 1}, Affine: datasets.IdentityAffine()}
	volume := func(air int, airFirst bool, hi float32, hiAt int) *datasets.Volume {
		v := &datasets.Volume{Grid: g, Voxels: make([]float32, n)}
		for i := 0; i < air; i++ {
			at := n - 1 - i
			if airFirst {
				at = i
			}
			v.Voxels[at] = -1000
		}
		v.Voxels[hiAt] = hi
		return v
	}
	exact := (n + 99) / 100
	cases := map[string]*datasets.Volume{
		"phantom":                img,
		"air last, exactly 1 %":  volume(exact, false, 300, 0),
		"air first, one short":   volume(exact-1, true, 300, n-1),
		"air first, bright last": volume(exact, true, 300, n/2+7),
		"air first, never > 100": volume(exact, true, 100, 5),
		"no air":                 volume(0, true, 3000, 5),
	}
	for name, v := range cases {
		if got, want := v.LooksCT(), looksCTFullScan(v); got != want {
			t.Errorf("%s: LooksCT %v, a full scan says %v", name, got, want)
		}
	}
	if !cases["air last, exactly 1 %"].LooksCT() || cases["air first, one short"].LooksCT() {
		t.Error("the 1 % air bound moved")
	}
}

// NaN padding (common in resampled float volumes) must not hide a CT.
func TestLooksCTIgnoresNaN(t *testing.T) {
	img, _ := phantom.New(phantom.DefaultSeed)
	v := &datasets.Volume{Grid: img.Grid, Voxels: append([]float32(nil), img.Voxels...)}
	nan := float32(math.NaN())
	for i := 0; i < 1000; i++ {
		v.Voxels[i] = nan
	}
	if !v.LooksCT() {
		t.Error("a CT whose first voxels are NaN is not taken for CT")
	}
}
