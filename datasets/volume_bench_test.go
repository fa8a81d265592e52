package datasets

import (
	"math/rand/v2"
	"sync"
	"testing"
)

// Slice copies and LooksCT on a full-size CT grid (512x512x300, the largest
// FLARE22 cases) beside the 256x256x64 phantom, in one run:
//
//	go test ./datasets -run '^$' -bench 'Large|PhantomPeer' -benchmem
//
// Coronal and sagittal slices gather voxels a row or a whole plane apart.

var largeBench struct {
	once sync.Once
	vol  *Volume
	lab  *LabelMap
}

// largeVolume is a 512x512x300 CT-like volume and label map on the
// phantom's orientation (LPS storage, so axial display flips i and j).
func largeVolume() (*Volume, *LabelMap) {
	largeBench.once.Do(func() {
		g := phantomGrid()
		g.Dim = [3]int{512, 512, 300}
		rng := rand.New(rand.NewPCG(3, 4))
		vol := &Volume{Grid: g, Voxels: syntheticCT(g.Dim), DataType: Int16}
		lab := &LabelMap{Grid: g, Labels: make([]uint16, g.Len()), DataType: Uint8}
		for i := range lab.Labels {
			if vol.Voxels[i] > 0 {
				lab.Labels[i] = uint16(1 + rng.IntN(13))
			}
		}
		largeBench.vol, largeBench.lab = vol, lab
	})
	return largeBench.vol, largeBench.lab
}

func benchVolumes(b *testing.B, large bool) (*Volume, *LabelMap) {
	if large {
		return largeVolume()
	}
	return Phantom(DefaultPhantomSeed)
}

func benchSlice(b *testing.B, large bool, p Plane) {
	vol, lab := benchVolumes(b, large)
	depth := vol.View(p).Depth
	n := 0
	for b.Loop() {
		vol.Slice(p, n)
		lab.Slice(p, n)
		n = (n + 1) % depth
	}
}

func BenchmarkSliceLargeAxial(b *testing.B)          { benchSlice(b, true, Axial) }
func BenchmarkSliceLargeCoronal(b *testing.B)        { benchSlice(b, true, Coronal) }
func BenchmarkSliceLargeSagittal(b *testing.B)       { benchSlice(b, true, Sagittal) }
func BenchmarkSlicePhantomPeerAxial(b *testing.B)    { benchSlice(b, false, Axial) }
func BenchmarkSlicePhantomPeerCoronal(b *testing.B)  { benchSlice(b, false, Coronal) }
func BenchmarkSlicePhantomPeerSagittal(b *testing.B) { benchSlice(b, false, Sagittal) }

// looksCTFullScan is LooksCT before it stopped early: every voxel read.
// The test below holds the two to the same answers.
func looksCTFullScan(v *Volume) bool {
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
	vol, _ := Phantom(DefaultPhantomSeed)
	for b.Loop() {
		vol.LooksCT()
	}
}
