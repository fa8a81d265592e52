package metrics

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// oracleScore is the straightforward route ScoreLabels3D replaced: whole
// binary volumes per class, the z-range rule by clearing slices, and the
// generic N-D surfaces (the code checked against scripts/nsd_reference.py
// by nsd_test.go).
func oracleScore(gt, pred []uint16, dim [3]int, spacing [3]float64, id uint16, tol float64, zRange, inclusive bool) Score {
	g, p := make([]bool, len(gt)), make([]bool, len(gt))
	for i := range gt {
		g[i], p[i] = gt[i] == id, pred[i] == id
	}
	if s, done := emptyConvention(count(g), count(p)); done {
		return s
	}
	if zRange {
		plane := dim[0] * dim[1]
		lo, hi := dim[2], -1
		for i, v := range g {
			if v {
				lo, hi = min(lo, i/plane), max(hi, i/plane)
			}
		}
		if inclusive {
			hi++
		}
		for i := range g {
			if k := i / plane; k < lo || k >= hi {
				g[i], p[i] = false, false
			}
		}
	}
	return finish(g, p, surfaces(g, p, dim[:], spacing[:]), tol)
}

// blobLabels paints n noisy ellipsoids with ids 1..maxID at random places,
// later ones over earlier ones, so classes touch, overlap and repeat.
func blobLabels(rng *rand.Rand, dim [3]int, n, maxID int) []uint16 {
	l := make([]uint16, dim[0]*dim[1]*dim[2])
	for range n {
		id := uint16(1 + rng.IntN(maxID))
		var c, r [3]float64
		for a := range 3 {
			c[a] = rng.Float64() * float64(dim[a])
			r[a] = 1 + rng.Float64()*float64(dim[a])/3
		}
		for k := 0; k < dim[2]; k++ {
			for j := 0; j < dim[1]; j++ {
				for i := 0; i < dim[0]; i++ {
					x, y, z := (float64(i)-c[0])/r[0], (float64(j)-c[1])/r[1], (float64(k)-c[2])/r[2]
					if x*x+y*y+z*z <= 1+0.3*rng.Float64() {
						l[i+dim[0]*(j+dim[1]*k)] = id
					}
				}
			}
		}
	}
	return l
}

// moveSome shifts the volume by one voxel along a random axis and relabels
// a few voxels: a prediction near the ground truth with ragged surfaces.
func moveSome(rng *rand.Rand, l []uint16, dim [3]int, maxID int) []uint16 {
	out := make([]uint16, len(l))
	d := [3]int{}
	d[rng.IntN(3)] = 1 - 2*rng.IntN(2)
	for k := 0; k < dim[2]; k++ {
		for j := 0; j < dim[1]; j++ {
			for i := 0; i < dim[0]; i++ {
				si, sj, sk := i-d[0], j-d[1], k-d[2]
				if si < 0 || sj < 0 || sk < 0 || si >= dim[0] || sj >= dim[1] || sk >= dim[2] {
					continue
				}
				out[i+dim[0]*(j+dim[1]*k)] = l[si+dim[0]*(sj+dim[1]*sk)]
			}
		}
	}
	for i := range out {
		if rng.IntN(50) == 0 {
			out[i] = uint16(rng.IntN(maxID + 1))
		}
	}
	return out
}

// TestScoreLabels3DMatchesWholeVolumeRoute checks the cropped, parallel
// scoring against the whole-volume route bit for bit, over random label
// maps, spacings (integer ones make many distances tie exactly at the
// tolerance), the z-range rule both ways, classes present in only one map,
// absent ids and a repeated id.
func TestScoreLabels3DMatchesWholeVolumeRoute(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 3))
	spacings := [][3]float64{{1, 1, 1}, {0.8, 0.8, 2.5}, {0.7, 1.3, 1.9}, {2, 1, 1}}
	for trial := range 24 {
		dim := [3]int{8 + rng.IntN(30), 8 + rng.IntN(25), 3 + rng.IntN(20)}
		maxID := 2 + rng.IntN(12)
		gt := blobLabels(rng, dim, 1+rng.IntN(10), maxID)
		pred := moveSome(rng, gt, dim, maxID)
		if trial%5 == 0 {
			pred = blobLabels(rng, dim, 1+rng.IntN(10), maxID) // unrelated
		}
		spacing := spacings[trial%len(spacings)]
		ids := append(idsUpTo(maxID+1), 1) // maxID+1 is absent from both; 1 repeats
		for _, rules := range []NSDRules{FLARE22Rules(), UniformRules(float64(1 + trial%3)), {Tolerance: FLARE22Rules().Tolerance, ZRange: map[uint16]bool{1: true, 2: true, 5: true}, InclusiveZ: trial%2 == 0}} {
			if rules.All == 0 {
				rules.Tolerance = map[uint16]float64{}
				for _, id := range ids {
					rules.Tolerance[id] = []float64{1, 2, 2.5, 3, 5}[int(id)%5]
				}
			}
			got, err := ScoreLabels3D(gt, pred, dim, spacing, ids, rules)
			if err != nil {
				t.Fatal(err)
			}
			for n, id := range ids {
				tol, _ := rules.ToleranceFor(id)
				want := oracleScore(gt, pred, dim, spacing, id, tol, rules.All == 0 && rules.ZRange[id], rules.InclusiveZ)
				if !sameScore(got[n].Score, want) || got[n].ID != id || got[n].Tolerance != tol {
					t.Fatalf("trial %d %v spacing %v class %d: got %+v, want %+v", trial, dim, spacing, id, got[n], want)
				}
			}
		}
	}
}

func sameScore(a, b Score) bool {
	same := func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) }
	return same(a.Dice, b.Dice) && same(a.NSD, b.NSD) && a.Defined == b.Defined && a.GT == b.GT && a.Pred == b.Pred
}

// TestScoreLabels3DSameOnAnyCoreCount: the classes and passes run in
// parallel, but each sum is taken in one order, so the values are the
// same on one core as on many.
func TestScoreLabels3DSameOnAnyCoreCount(t *testing.T) {
	dim := [3]int{40, 33, 17}
	gt := randomLabels(dim, 40, 5)
	pred := relabel(gt, 0.3, 40, 6)
	score := func(procs int) []ClassScore {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		s, err := ScoreLabels3D(gt, pred, dim, [3]float64{0.8, 0.8, 2.5}, idsUpTo(40), UniformRules(2))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	one, many := score(1), score(8)
	for n := range one {
		if !sameScore(one[n].Score, many[n].Score) {
			t.Fatalf("class %d: %+v on one core, %+v on eight", one[n].ID, one[n].Score, many[n].Score)
		}
	}
}

func TestScoreLabels3DErrors(t *testing.T) {
	dim := [3]int{4, 4, 2}
	l := make([]uint16, 32)
	l[5] = 14
	if _, err := ScoreLabels3D(l, l[:31], dim, [3]float64{1, 1, 1}, []uint16{14}, UniformRules(1)); err == nil {
		t.Error("a short prediction was accepted")
	}
	if _, err := ScoreLabels3D(l, l, dim, [3]float64{1, 1, 1}, []uint16{14}, FLARE22Rules()); err == nil {
		t.Error("class 14 without a tolerance was scored")
	}
	if _, err := ScoreLabels3D(l, l, dim, [3]float64{1, math.NaN(), 1}, []uint16{14}, UniformRules(1)); err == nil {
		t.Error("a NaN spacing was accepted")
	}
	s, err := ScoreLabels3D(l, l, dim, [3]float64{1, 1, 1}, nil, UniformRules(1))
	if err != nil || len(s) != 0 {
		t.Errorf("no ids: %v, %v", s, err)
	}
}
