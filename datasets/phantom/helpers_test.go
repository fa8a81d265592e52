package phantom

import "math"

// fitsInt16 reports whether int16 storage loses nothing (a copy of the
// NIfTI writer's rule, which the phantom's CT must meet to be stored as
// int16).
func fitsInt16(vs []float32) bool {
	for _, v := range vs {
		if !(v >= math.MinInt16 && v <= math.MaxInt16) || v != float32(int16(v)) {
			return false
		}
	}
	return true
}
