package sshlink

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
	"github.com/segtui/segtui/datasets/phantom"
)

// largeCases is a FLARE22-style folder of three 512x512x300 cases (the
// benchmark case of tui's bench_large_test: the phantom upsampled, with
// noise), written once per test binary; the second and third cases link
// to the first's files.
var largeCases struct {
	sync.Once
	dir string
	err error
}

func largeDataset(t testing.TB) string {
	largeCases.Do(func() {
		dir, err := os.MkdirTemp("", "segtui-ssh-large-")
		if err != nil {
			largeCases.err = err
			return
		}
		largeCases.dir = dir
		for _, d := range []string{"images", "labels"} {
			if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
				largeCases.err = err
				return
			}
		}
		img, lab := largePhantom()
		first := "LARGE_0001"
		imgPath := filepath.Join(dir, "images", first+"_0000.nii.gz")
		labPath := filepath.Join(dir, "labels", first+".nii.gz")
		if err := nifti.Write(imgPath, img); err != nil {
			largeCases.err = err
			return
		}
		if err := nifti.WriteLabels(labPath, lab); err != nil {
			largeCases.err = err
			return
		}
		for _, id := range []string{"LARGE_0002", "LARGE_0003"} {
			if err := os.Symlink(imgPath, filepath.Join(dir, "images", id+"_0000.nii.gz")); err != nil {
				largeCases.err = err
				return
			}
			if err := os.Symlink(labPath, filepath.Join(dir, "labels", id+".nii.gz")); err != nil {
				largeCases.err = err
				return
			}
		}
	})
	if largeCases.err != nil {
		t.Fatal(largeCases.err)
	}
	return largeCases.dir
}

// largePhantom upsamples the phantom to 512x512x300 over the same extent.
func largePhantom() (*datasets.Volume, *datasets.LabelMap) {
	src, srcLab := phantom.New(phantom.DefaultSeed)
	dim := [3]int{2 * src.Dim[0], 2 * src.Dim[1], 300}
	g := datasets.Grid{Dim: dim, Affine: src.Affine}
	for a := 0; a < 3; a++ {
		f := float64(src.Dim[a]) / float64(dim[a])
		g.Spacing[a] = src.Spacing[a] * f
		for r := 0; r < 3; r++ {
			g.Affine[r][a] *= f
		}
	}
	img := &datasets.Volume{Grid: g, Voxels: make([]float32, g.Len()), DataType: datasets.Int16}
	lab := &datasets.LabelMap{Grid: g, Labels: make([]uint16, g.Len()), DataType: datasets.Uint8}
	rng := rand.New(rand.NewPCG(7, 300))
	o := 0
	for k := 0; k < dim[2]; k++ {
		sk := k * src.Dim[2] / dim[2]
		for j := 0; j < dim[1]; j++ {
			row := src.Index(0, j/2, sk)
			for i := 0; i < dim[0]; i++ {
				img.Voxels[o] = float32(math.Round(float64(src.Voxels[row+i/2]) + 8*rng.NormFloat64()))
				lab.Labels[o] = srcLab.Labels[row+i/2]
				o++
			}
		}
	}
	return img, lab
}
