package metrics

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
	"github.com/segtui/segtui/datasets/npz"
)

// Expected values below were computed once with scripts/nsd_reference.py,
// an independent numpy/scipy/scikit-image implementation of the
// surface-distance method (scipy.ndimage.correlate for the neighbourhood
// codes, scipy.ndimage.distance_transform_edt with sampling=spacing, and
// marching-cubes surfel areas), on shapes built by the same formulas as
// here. Its printed "NSD ... Dice ..." lines are pasted as they came.

// ellipsoid marks voxels with sum(((idx-c)*s/r)^2) <= 1, evaluated in the
// same order as numpy so both sides get the same voxels.
func ellipsoid(dim [3]int, s, c, r [3]float64) []bool {
	m := make([]bool, dim[0]*dim[1]*dim[2])
	for k := 0; k < dim[2]; k++ {
		for j := 0; j < dim[1]; j++ {
			for i := 0; i < dim[0]; i++ {
				a := (float64(i) - c[0]) * s[0] / r[0]
				b := (float64(j) - c[1]) * s[1] / r[1]
				d := (float64(k) - c[2]) * s[2] / r[2]
				m[i+dim[0]*(j+dim[1]*k)] = a*a+b*b+d*d <= 1
			}
		}
	}
	return m
}

func ellipse(w, h int, s, c, r [2]float64) []bool {
	m := make([]bool, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			a := (float64(x) - c[0]) * s[0] / r[0]
			b := (float64(y) - c[1]) * s[1] / r[1]
			m[x+w*y] = a*a+b*b <= 1
		}
	}
	return m
}

// shift3 moves a mask by d voxels, dropping what leaves the grid.
func shift3(m []bool, dim [3]int, d [3]int) []bool {
	out := make([]bool, len(m))
	for k := 0; k < dim[2]; k++ {
		for j := 0; j < dim[1]; j++ {
			for i := 0; i < dim[0]; i++ {
				ni, nj, nk := i+d[0], j+d[1], k+d[2]
				if ni < 0 || nj < 0 || nk < 0 || ni >= dim[0] || nj >= dim[1] || nk >= dim[2] {
					continue
				}
				out[ni+dim[0]*(nj+dim[1]*nk)] = m[i+dim[0]*(j+dim[1]*k)]
			}
		}
	}
	return out
}

func close12(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("%s = %.15g, want %.15g (reference)", what, got, want)
	}
}

func nsdOf(t *testing.T, gt, pred []bool, dim [3]int, s [3]float64, tol float64) float64 {
	t.Helper()
	surf, err := SurfaceDistances3D(gt, pred, dim, s)
	if err != nil {
		t.Fatal(err)
	}
	return surf.DiceAtTolerance(tol)
}

func TestNSDSingleVoxelsKnownAnswer(t *testing.T) {
	// Two voxels 2 mm apart along k (spacing 1 mm there): the 4 facing
	// corners of each are 1 mm from the other's, the far 4 are 2 mm away,
	// and all 8 corners of a voxel carry equal area. So NSD is 0 below
	// 1 mm, 1/2 at 1 mm (reference: 0.5) and 1 at 2 mm.
	dim, s := [3]int{20, 20, 20}, [3]float64{3, 2, 1}
	gt := make([]bool, 8000)
	pred := make([]bool, 8000)
	gt[10+20*(10+20*8)] = true
	pred[10+20*(10+20*10)] = true
	for _, c := range []struct{ tol, want float64 }{{0.99, 0}, {1, 0.5}, {2, 1}} {
		close12(t, "NSD", nsdOf(t, gt, pred, dim, s, c.tol), c.want)
	}
	surf, _ := SurfaceDistances3D(gt, pred, dim, s)
	// One set corner: area vector (1/8)(s1*s2, s0*s2, s0*s1) = (1/8)(2,3,6), length 7/8.
	for _, a := range surf.GTArea {
		close12(t, "corner area", a, 0.875)
	}
}

func TestNSDSpheresShiftedByKnownDistance(t *testing.T) {
	// A sphere and a copy moved 2 voxels (1.5 mm) along i: every surfel
	// of one has the moved surfel of the other exactly 1.5 mm away, so NSD
	// at 1.5 mm is exactly 1 (reference: 1); at 1 mm the reference gives
	// 0.864752874440503.
	dim, s := [3]int{40, 36, 30}, [3]float64{0.75, 0.9, 2.5}
	a := ellipsoid(dim, s, [3]float64{19.3, 17.6, 14.2}, [3]float64{9, 9, 9})
	b := shift3(a, dim, [3]int{2, 0, 0})
	close12(t, "NSD@1.5", nsdOf(t, a, b, dim, s, 1.5), 1)
	close12(t, "NSD@1", nsdOf(t, a, b, dim, s, 1), 0.864752874440503)
	sc, err := ScoreMasks3D(a, b, dim, s, 1, false, false)
	if err != nil {
		t.Fatal(err)
	}
	close12(t, "Dice", sc.Dice, 0.874449339207048)

	e := ellipsoid(dim, s, [3]float64{21.1, 16.4, 13.7}, [3]float64{10, 8, 12})
	sc, err = ScoreMasks3D(a, e, dim, s, 2, false, false)
	if err != nil {
		t.Fatal(err)
	}
	close12(t, "sphere vs ellipsoid NSD@2", sc.NSD, 0.778145437594654)
	close12(t, "sphere vs ellipsoid Dice", sc.Dice, 0.770768864556058)
}

func TestNSDZRangeRule(t *testing.T) {
	// The prediction runs past the ground truth's slices. Reference values:
	// official z_lower:z_upper slicing, the inclusive option, and no rule.
	dim, s := [3]int{30, 30, 30}, [3]float64{0.8, 0.8, 1.5}
	g := ellipsoid(dim, s, [3]float64{14.6, 15.2, 14.3}, [3]float64{6, 5, 9})
	p := ellipsoid(dim, s, [3]float64{15.1, 14.4, 15.9}, [3]float64{5.5, 6, 12})
	for _, c := range []struct {
		name              string
		zRange, inclusive bool
		nsd, dice         float64
	}{
		{"exclusive", true, false, 0.837427689909827, 0.842228282041293},
		{"inclusive", true, true, 0.765400553849922, 0.8117123795404},
		{"none", false, false, 0.690861991533984, 0.754132231404959},
	} {
		sc, err := ScoreMasks3D(g, p, dim, s, 1, c.zRange, c.inclusive)
		if err != nil {
			t.Fatal(err)
		}
		close12(t, c.name+" NSD", sc.NSD, c.nsd)
		close12(t, c.name+" Dice", sc.Dice, c.dice)
	}
}

func TestNSD2D(t *testing.T) {
	w, h, s := 64, 48, [2]float64{0.7, 1.1}
	a := ellipse(w, h, s, [2]float64{30.2, 22.7}, [2]float64{9, 9})
	for _, c := range []struct {
		c, r      [2]float64
		tol       float64
		nsd, dice float64
	}{
		{[2]float64{33.2, 24.7}, [2]float64{9, 9}, 2, 0.414834652670211, 0.785498489425982},
		{[2]float64{31.4, 21.9}, [2]float64{11, 7}, 1, 0.385389436601703, 0.844375963020031},
	} {
		sc, err := ScoreMasks2D(a, ellipse(w, h, s, c.c, c.r), w, h, s, c.tol)
		if err != nil {
			t.Fatal(err)
		}
		close12(t, "2-D NSD", sc.NSD, c.nsd)
		close12(t, "2-D Dice", sc.Dice, c.dice)
	}
}

func TestNSDEmptyConventions(t *testing.T) {
	dim, s := [3]int{8, 8, 8}, [3]float64{1, 1, 1}
	empty := make([]bool, 512)
	one := make([]bool, 512)
	one[100] = true
	sc, _ := ScoreMasks3D(empty, empty, dim, s, 2, true, false)
	if sc.Dice != 1 || sc.NSD != 1 || !sc.Defined {
		t.Errorf("both empty: %+v, want Dice 1 NSD 1", sc)
	}
	sc, _ = ScoreMasks3D(empty, one, dim, s, 2, true, false)
	if sc.Dice != 0 || sc.NSD != 0 || !sc.Defined {
		t.Errorf("empty GT, non-empty prediction: %+v, want 0 and 0", sc)
	}
	sc, _ = ScoreMasks3D(one, empty, dim, s, 2, false, false)
	if sc.Dice != 0 || sc.NSD != 0 || !sc.Defined {
		t.Errorf("missed structure: %+v, want 0 and 0", sc)
	}
	if _, err := ScoreMasks3D(one, empty[:10], dim, s, 2, false, false); err == nil {
		t.Error("a mask of the wrong size was accepted")
	}
	if _, err := SurfaceDistances3D(one, one, dim, [3]float64{1, 0, 1}); err == nil {
		t.Error("zero spacing was accepted")
	}
}

func TestFLARE22Tolerances(t *testing.T) {
	r := FLARE22Rules()
	want := map[uint16]float64{1: 5, 2: 3, 3: 3, 4: 5, 5: 2, 6: 2, 7: 2, 8: 2, 9: 2, 10: 3, 11: 5, 12: 7, 13: 3}
	for id, tol := range want {
		if got, err := r.ToleranceFor(id); err != nil || got != tol {
			t.Errorf("class %d tolerance %v (%v), want %v", id, got, err, tol)
		}
	}
	if _, err := r.ToleranceFor(14); err == nil {
		t.Error("class 14 got a FLARE22 tolerance")
	}
	if !r.ZRange[5] || !r.ZRange[6] || !r.ZRange[10] || len(r.ZRange) != 3 {
		t.Errorf("z-range classes %v, want 5, 6, 10", r.ZRange)
	}
}

// TestEDTMatchesBruteForce checks the exact transform against the
// definition on a random anisotropic 3-D grid.
func TestEDTMatchesBruteForce(t *testing.T) {
	dims := []int{9, 7, 5}
	s := []float64{0.7, 1.3, 2.1}
	n := 9 * 7 * 5
	f := make([]bool, n)
	seed := uint32(7)
	for i := range f {
		seed = seed*1664525 + 1013904223
		f[i] = seed>>24 < 12
	}
	got := edt(f, dims, s)
	for i := 0; i < n; i++ {
		best := math.Inf(1)
		for p := 0; p < n; p++ {
			if !f[p] {
				continue
			}
			dx := float64(i%9-p%9) * s[0]
			dy := float64((i/9)%7-(p/9)%7) * s[1]
			dz := float64(i/63-p/63) * s[2]
			best = math.Min(best, math.Sqrt(dx*dx+dy*dy+dz*dz))
		}
		if math.Abs(got[i]-best) > 1e-12 {
			t.Fatalf("point %d: %v, brute force %v", i, got[i], best)
		}
	}
}

const realdata = "../../../shared/realdata"

func needRealdata(t *testing.T, sub string) string {
	t.Helper()
	p := filepath.Join(realdata, sub)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s is absent (real test data lives beside the project in ../shared/realdata): %v", p, err)
	}
	return p
}

func labelMask(l *datasets.LabelMap, id uint16) []bool {
	m := make([]bool, len(l.Labels))
	for i, v := range l.Labels {
		m[i] = v == id
	}
	return m
}

func TestNSDRealMonaiLabel(t *testing.T) {
	p := needRealdata(t, "monai-bigendian/anatomical_label.nii.gz")
	lab, err := nifti.ReadLabels(p)
	if err != nil {
		t.Fatal(err)
	}
	gt := labelMask(lab, 1)
	sh := shift3(gt, lab.Dim, [3]int{1, 2, 0})
	close12(t, "NSD@1.5", nsdOf(t, gt, sh, lab.Dim, lab.Spacing, 1.5), 0.846242446051659)
	close12(t, "NSD@3", nsdOf(t, gt, sh, lab.Dim, lab.Spacing, 3), 0.974225177843801)
	// The label lies on one slice: the z-range rule with the official
	// exclusive bound leaves nothing to score (the script yields NaN).
	sc, err := ScoreMasks3D(gt, sh, lab.Dim, lab.Spacing, 2, true, false)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Defined || !math.IsNaN(sc.NSD) {
		t.Errorf("exclusive z-range on a one-slice label: %+v, want undefined (NaN)", sc)
	}
	sc, err = ScoreMasks3D(gt, sh, lab.Dim, lab.Spacing, 2, true, true)
	if err != nil {
		t.Fatal(err)
	}
	close12(t, "inclusive NSD@2", sc.NSD, 0.943260149595977)
	close12(t, "inclusive Dice", sc.Dice, 0.781818181818182)
}

func TestNSDRealMedSAMGts(t *testing.T) {
	p := needRealdata(t, "medsam-npz/CT_Lesion_000002_03_01_035-047.npz")
	_, lab, err := npz.Read(p)
	if err != nil {
		t.Fatal(err)
	}
	gt := labelMask(lab, 1)
	for _, c := range []struct {
		d         [3]int
		tol       float64
		nsd, dice float64
	}{
		{[3]int{3, 0, 0}, 2, 0.824892982380588, 0.813935874779096},
		{[3]int{0, 2, 1}, 5, 0.952620149858818, 0.676596818985105},
	} {
		sc, err := ScoreMasks3D(gt, shift3(gt, lab.Dim, c.d), lab.Dim, lab.Spacing, c.tol, false, false)
		if err != nil {
			t.Fatal(err)
		}
		close12(t, "NSD", sc.NSD, c.nsd)
		close12(t, "Dice", sc.Dice, c.dice)
	}
}
