package tui

import (
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/phantom"
)

// startSliceByCopies is startSlice as it was: copy every axial slice out
// and count its labels.
func startSliceByCopies(s *Session) int {
	v := s.Image.View(datasets.Axial)
	best, bestN := v.Depth/2, 0
	for n := 0; n < v.Depth; n++ {
		lab, _ := s.GT.Slice(datasets.Axial, n)
		c := 0
		for _, id := range lab {
			if id != 0 {
				c++
			}
		}
		if c > bestN {
			best, bestN = n, c
		}
	}
	return best
}

// The one-pass count must pick the slice the copies did, on the phantom
// (LPS storage) and on a grid stored with the head-foot axis first and
// flipped, where axial slice n is not voxel plane n.
func TestStartSliceCountsInStorageOrder(t *testing.T) {
	img, lab := phantom.New(phantom.DefaultSeed)
	s, err := NewSession("phantom", img, lab, datasets.FLARE22Classes())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := startSlice(s), startSliceByCopies(s); got != want {
		t.Errorf("phantom: start slice %d, counting slice copies gives %d", got, want)
	}

	// Voxel axis 0 runs toward inferior, axis 1 toward the left, axis 2
	// toward anterior.
	g := datasets.Grid{Dim: [3]int{7, 5, 4}, Spacing: [3]float64{1, 1, 1},
		Affine: datasets.Affine{{0, -1, 0, 0}, {0, 0, 1, 0}, {-1, 0, 0, 0}, {0, 0, 0, 1}}}
	vol := &datasets.Volume{Grid: g, Voxels: make([]float32, g.Len())}
	gt := &datasets.LabelMap{Grid: g, Labels: make([]uint16, g.Len())}
	perPlane := []int{3, 0, 9, 14, 2, 14, 1} // labelled voxels in voxel plane i; first 14 wins
	for i, c := range perPlane {
		for n := 0; n < c; n++ {
			gt.Labels[gt.Index(i, n%5, n/5)] = 1
		}
	}
	s, err = NewSession("permuted", vol, gt, datasets.FLARE22Classes())
	if err != nil {
		t.Fatal(err)
	}
	got, want := startSlice(s), startSliceByCopies(s)
	if got != want {
		t.Errorf("permuted grid: start slice %d, counting slice copies gives %d", got, want)
	}
	if v := s.Image.View(datasets.Axial); v.Through != 0 || !v.ThroughFlip {
		t.Fatalf("the grid no longer stores the axial axis first and flipped: %+v", v)
	}
	if ijk := s.Image.View(datasets.Axial).Voxel(got, 0, 0); perPlane[ijk[0]] != 14 {
		t.Errorf("start slice %d is voxel plane %d with %d labels, want a plane with 14", got, ijk[0], perPlane[ijk[0]])
	}
}
