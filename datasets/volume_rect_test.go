package datasets

import (
	"slices"
	"testing"
)

// TestSliceRectMatchesSlice: every plane of a small RGB volume, a rectangle
// at a corner and one inside, equal to the same part of the whole slice.
func TestSliceRectMatchesSlice(t *testing.T) {
	g := Grid{Dim: [3]int{7, 5, 4}, Spacing: [3]float64{1, 1, 1}, Affine: [4][4]float64{{-1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, -1, 0}, {0, 0, 0, 1}}}
	v := &Volume{Grid: g, Voxels: make([]float32, g.Len()), RGB: make([]uint8, 3*g.Len())}
	for i := range v.Voxels {
		v.Voxels[i] = float32(i)
		v.RGB[3*i], v.RGB[3*i+1], v.RGB[3*i+2] = uint8(i), uint8(2*i), uint8(3*i)
	}
	for _, p := range []Plane{Axial, Coronal, Sagittal} {
		view := v.View(p)
		grey, _ := v.Slice(p, 1)
		rgb := v.SliceRGB(p, 1)
		for _, r := range [][4]int{{0, 0, 2, 3}, {1, 1, view.Width - 1, view.Height}} {
			gotG, gotC := v.SliceRect(p, 1, r[0], r[1], r[2], r[3])
			var wantG []float32
			var wantC []uint8
			for y := r[1]; y < r[3]; y++ {
				wantG = append(wantG, grey[y*view.Width+r[0]:y*view.Width+r[2]]...)
				wantC = append(wantC, rgb[3*(y*view.Width+r[0]):3*(y*view.Width+r[2])]...)
			}
			if !slices.Equal(gotG, wantG) || !slices.Equal(gotC, wantC) {
				t.Errorf("%s %v: SliceRect differs from the slice's part", p, r)
			}
		}
	}
}
