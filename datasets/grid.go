// Package datasets holds volumes, label maps and 2-D images, the readers and
// writers for their file formats, class tables, dataset discovery and the
// synthetic phantom. It imports nothing else from segtui.
package datasets

import (
	"fmt"
	"math"
)

// Affine maps voxel indices (i, j, k, 1) to world millimetres in RAS+
// (the NIfTI convention: +x right, +y anterior, +z superior).
type Affine [4][4]float64

// IdentityAffine is the affine of a grid with 1 mm voxels and no rotation.
func IdentityAffine() Affine {
	return Affine{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}
}

// Apply maps a (possibly fractional) voxel index to world millimetres.
func (a Affine) Apply(i, j, k float64) [3]float64 {
	var w [3]float64
	for r := 0; r < 3; r++ {
		w[r] = a[r][0]*i + a[r][1]*j + a[r][2]*k + a[r][3]
	}
	return w
}

// Grid is the sampling lattice shared by an image and its label maps.
// Voxels are stored with i (Dim[0]) fastest, then j, then k, as in NIfTI.
type Grid struct {
	Dim     [3]int
	Spacing [3]float64 // mm along i, j, k
	Affine  Affine
}

// MaxVoxels bounds what any reader will allocate (4 GiB as float32); files
// claiming more are refused before allocation.
const MaxVoxels = 1 << 30

// Len is the number of voxels.
func (g Grid) Len() int { return g.Dim[0] * g.Dim[1] * g.Dim[2] }

// Index returns the storage offset of voxel (i, j, k).
func (g Grid) Index(i, j, k int) int { return i + g.Dim[0]*(j+g.Dim[1]*k) }

// Contains reports whether (i, j, k) lies inside the grid.
func (g Grid) Contains(i, j, k int) bool {
	return i >= 0 && j >= 0 && k >= 0 && i < g.Dim[0] && j < g.Dim[1] && k < g.Dim[2]
}

// CheckSize validates dimensions before anything is allocated.
func (g Grid) CheckSize() error {
	total := 1.0
	for a, d := range g.Dim {
		if d <= 0 {
			return fmt.Errorf("dimension %d is %d, expected a positive size", a, d)
		}
		total *= float64(d)
	}
	if total > MaxVoxels {
		return fmt.Errorf("dimensions %dx%dx%d need %.0f voxels (%.1f GiB as float32), more than the %d-voxel limit",
			g.Dim[0], g.Dim[1], g.Dim[2], total, total*4/(1<<30), MaxVoxels)
	}
	return nil
}

// SameGrid reports whether two grids have the same dimensions and, within
// 1e-3 mm, the same affine. Labels must sit on their image's grid.
func (g Grid) SameGrid(o Grid) bool {
	if g.Dim != o.Dim {
		return false
	}
	for r := 0; r < 3; r++ {
		for c := 0; c < 4; c++ {
			if math.Abs(g.Affine[r][c]-o.Affine[r][c]) > 1e-3 {
				return false
			}
		}
	}
	return true
}

// ShapeString renders the dimensions as "WxHxD" for messages.
func (g Grid) ShapeString() string {
	return fmt.Sprintf("%dx%dx%d", g.Dim[0], g.Dim[1], g.Dim[2])
}

// SpacingFromAffine derives voxel spacing from the affine's column norms.
func SpacingFromAffine(a Affine) [3]float64 {
	var s [3]float64
	for c := 0; c < 3; c++ {
		s[c] = math.Sqrt(a[0][c]*a[0][c] + a[1][c]*a[1][c] + a[2][c]*a[2][c])
	}
	return s
}
