package metrics

import "math"

// surfelAreas3D returns the area in mm² of the surface inside a 2x2x2
// neighbourhood for each of its 256 codes, for the given voxel spacing. An
// area vector's components scale by the products of the other two spacings
// (the cofactors of diag(spacing)), which is how a triangle's area changes
// when the grid is stretched.
func surfelAreas3D(spacing [3]float64) [256]float64 {
	var areas [256]float64
	sx, sy, sz := spacing[0], spacing[1], spacing[2]
	for code, normals := range surfelNormals {
		for _, n := range normals {
			areas[code] += math.Sqrt(sq(n[0]*sy*sz) + sq(n[1]*sx*sz) + sq(n[2]*sx*sy))
		}
	}
	return areas
}

// contourLengths2D returns the contour length in mm inside a 2x2
// neighbourhood for each of its 16 codes (marching squares through edge
// midpoints). Bit 1<<(3-(2*a+b)) is the pixel at offset a along axis 0 (x,
// spacing[0]) and b along axis 1 (y, spacing[1]), as neighbourCodes sets it.
func contourLengths2D(spacing [2]float64) [16]float64 {
	var lengths [16]float64
	diag := 0.5 * math.Hypot(spacing[0], spacing[1])
	set := func(code, a, b int) bool { return code>>(3-(2*a+b))&1 == 1 }
	for code := 1; code < 15; code++ {
		switch n := popcount4(code); {
		case n == 1 || n == 3:
			lengths[code] = diag // one corner cut off
		case set(code, 0, 0) == set(code, 1, 0):
			lengths[code] = spacing[0] // a straight cut along axis 0
		case set(code, 0, 0) == set(code, 0, 1):
			lengths[code] = spacing[1] // a straight cut along axis 1
		default:
			lengths[code] = 2 * diag // diagonal pair: two corners cut off
		}
	}
	return lengths
}

func popcount4(c int) int { return c&1 + c>>1&1 + c>>2&1 + c>>3&1 }

func sq(x float64) float64 { return x * x }
