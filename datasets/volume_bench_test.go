package datasets_test

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/phantom"
)

// Slice copies and LooksCT on a full-size CT grid (512x512x300, the largest
// FLARE22 cases) beside the 256x256x64 phantom, in one run:
//
//	go test ./datasets -run '^$' -bench 'Large|PhantomPeer' -benchmem
//
// Coronal and sagittal slices gather voxels a row or a whole plane apart.

var largeBench struct {
	once sync.Once
	vol  *datasets.Volume
	lab  *datasets.LabelMap
}

// largeVolume is a 512x512x300 CT-like volume and label map on the
// phantom's orientation (LPS storage, so axial display flips i and j).
func largeVolume() (*datasets.Volume, *datasets.LabelMap) {
	largeBench.once.Do(func() {
		g := phantom.Grid()
		g.Dim = [3]int{512, 512, 300}
		rng := rand.New(rand.NewPCG(3, 4))
		vol := &datasets.Volume{Grid: g, Voxels: syntheticCT(g.Dim), DataType: datasets.Int16}
		lab := &datasets.LabelMap{Grid: g, Labels: make([]uint16, g.Len()), DataType: datasets.Uint8}
		for i := range lab.Labels {
			if vol.Voxels[i] > 0 {
				lab.Labels[i] = uint16(1 + rng.IntN(13))
			}
		}
		largeBench.vol, largeBench.lab = vol, lab
	})
	return largeBench.vol, largeBench.lab
}

func benchVolumes(b *testing.B, large bool) (*datasets.Volume, *datasets.LabelMap) {
	if large {
		return largeVolume()
	}
	return phantom.New(phantom.DefaultSeed)
}

func benchSlice(b *testing.B, large bool, p datasets.Plane) {
	vol, lab := benchVolumes(b, large)
	depth := vol.View(p).Depth
	n := 0
	for b.Loop() {
		vol.Slice(p, n)
		lab.Slice(p, n)
		n = (n + 1) % depth
	}
}

func BenchmarkSliceLargeAxial(b *testing.B)          { benchSlice(b, true, datasets.Axial) }
func BenchmarkSliceLargeCoronal(b *testing.B)        { benchSlice(b, true, datasets.Coronal) }
func BenchmarkSliceLargeSagittal(b *testing.B)       { benchSlice(b, true, datasets.Sagittal) }
func BenchmarkSlicePhantomPeerAxial(b *testing.B)    { benchSlice(b, false, datasets.Axial) }
func BenchmarkSlicePhantomPeerCoronal(b *testing.B)  { benchSlice(b, false, datasets.Coronal) }
func BenchmarkSlicePhantomPeerSagittal(b *testing.B) { benchSlice(b, false, datasets.Sagittal) }

// looksCTFullScan is LooksCT before it stopped early: every voxel read.
// The test below holds the two to the same answers.
func looksCTFullScan(v *datasets.Volume) bool {
	if v.Prewindowed || v.RGB != nil || len(v.Voxels) == 0 {
		return false
	}
	air := 0
	hi := v.Voxels[0]
	for _, x := range v.Voxels {
		if x < -500 {
			air++
		}
		hi = max(hi, x)
	}
	return air*100 >= len(v.Voxels) && hi > 100
}

func BenchmarkLooksCTLarge(b *testing.B) {
	vol, _ := largeVolume()
	for b.Loop() {
		vol.LooksCT()
	}
}

func BenchmarkLooksCTLargeFullScan(b *testing.B) {
	vol, _ := largeVolume()
	for b.Loop() {
		looksCTFullScan(vol)
	}
}

func BenchmarkLooksCTPhantomPeer(b *testing.B) {
	vol, _ := phantom.New(phantom.DefaultSeed)
	for b.Loop() {
		vol.LooksCT()
	}
}

// syntheticCT (a copy of the NIfTI benchmark's) is air around an elliptical body of soft tissue with lungs
// and a bony ring, plus noise, so it compresses about as real CT does.
func syntheticCT(dim [3]int) []float32 {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]float32, dim[0]*dim[1]*dim[2])
	cx, cy := float64(dim[0])/2, float64(dim[1])/2
	for k := 0; k < dim[2]; k++ {
		for j := 0; j < dim[1]; j++ {
			for i := 0; i < dim[0]; i++ {
				x, y := (float64(i)-cx)/(0.42*float64(dim[0])), (float64(j)-cy)/(0.3*float64(dim[1]))
				r := math.Hypot(x, y)
				hu, noise := -1000.0, 4.0
				switch {
				case r < 1 && math.Hypot(math.Abs(x)-0.45, y) < 0.3:
					hu, noise = -850, 30 // lungs
				case r < 0.8 && r > 0.7:
					hu, noise = 700, 60 // ribs
				case r < 1:
					hu, noise = 40, 15 // soft tissue
				}
				out[i+dim[0]*(j+dim[1]*k)] = float32(math.Round(hu + noise*rng.NormFloat64()))
			}
		}
	}
	return out
}
