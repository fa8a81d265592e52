package metrics

import (
	"math/rand/v2"
	"testing"
)

// randomLabels is a dim-sized label volume with ids 0..maxID scattered
// voxel by voxel, so every class's bounding box is the whole grid: the
// worst case for cropping (issue 11: 300 ids on 64x64x16 took 11 s).
func randomLabels(dim [3]int, maxID int, seed uint64) []uint16 {
	rng := rand.New(rand.NewPCG(seed, 7))
	l := make([]uint16, dim[0]*dim[1]*dim[2])
	for i := range l {
		l[i] = uint16(rng.IntN(maxID + 1))
	}
	return l
}

// relabel changes a fraction of the voxels to other random ids, a
// prediction that is mostly right.
func relabel(l []uint16, frac float64, maxID int, seed uint64) []uint16 {
	rng := rand.New(rand.NewPCG(seed, 11))
	out := append([]uint16(nil), l...)
	for i := range out {
		if rng.Float64() < frac {
			out[i] = uint16(rng.IntN(maxID + 1))
		}
	}
	return out
}

func idsUpTo(n int) []uint16 {
	ids := make([]uint16, n)
	for i := range ids {
		ids[i] = uint16(i + 1)
	}
	return ids
}

// BenchmarkScoreLabels300IDs is issue 11's case: 300 label ids scattered
// over a 64x64x16 map, one tolerance for all.
func BenchmarkScoreLabels300IDs(b *testing.B) {
	dim := [3]int{64, 64, 16}
	gt := randomLabels(dim, 300, 1)
	pred := relabel(gt, 0.2, 300, 2)
	b.ResetTimer()
	for b.Loop() {
		if _, err := ScoreLabels3D(gt, pred, dim, [3]float64{1, 1, 1}, idsUpTo(300), UniformRules(2)); err != nil {
			b.Fatal(err)
		}
	}
}
