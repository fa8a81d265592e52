package datasets

import "math"

// axisDir says which world axis (0 x, 1 y, 2 z) a voxel axis mostly runs
// along and whether its index increases toward + (R, A, S).
type axisDir struct {
	world    int
	positive bool
}

// voxelAxisDirs assigns each voxel axis a distinct world axis, greedily by
// the largest affine entry, so oblique affines still get a valid code.
func voxelAxisDirs(a Affine) [3]axisDir {
	var dirs [3]axisDir
	usedW := [3]bool{}
	usedV := [3]bool{}
	for n := 0; n < 3; n++ {
		best, bw, bv := -1.0, 0, 0
		for w := 0; w < 3; w++ {
			if usedW[w] {
				continue
			}
			for v := 0; v < 3; v++ {
				if usedV[v] {
					continue
				}
				if m := math.Abs(a[w][v]); m > best {
					best, bw, bv = m, w, v
				}
			}
		}
		usedW[bw], usedV[bv] = true, true
		dirs[bv] = axisDir{world: bw, positive: a[bw][bv] >= 0}
	}
	return dirs
}

// Orientation is the three-letter code of the directions in which the voxel
// axes increase, as nibabel's aff2axcodes gives it (e.g. "RAS", "LAS", "LPS").
func (g Grid) Orientation() string {
	pos := [3]byte{'R', 'A', 'S'}
	neg := [3]byte{'L', 'P', 'I'}
	code := make([]byte, 3)
	for v, d := range voxelAxisDirs(g.Affine) {
		if d.positive {
			code[v] = pos[d.world]
		} else {
			code[v] = neg[d.world]
		}
	}
	return string(code)
}
