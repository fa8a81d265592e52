package images2d

import (
	"testing"

	"github.com/segtui/segtui/datasets"
	_ "github.com/segtui/segtui/datasets/npz" // IsImage2D asks the registry
)

func TestIsImage2D(t *testing.T) {
	one := image2DGrid(4, 3)
	cases := []struct {
		path string
		dim2 int
		want bool
	}{
		{"scan.png", 1, true},
		{"scan.TIF", 1, true},
		{"slice.npz", 1, true},
		{"volume.npz", 5, false},
		{"dicom/IM0001", 1, false}, // a one-slice DICOM series keeps its geometry
		{"label.nrrd", 1, false},
	}
	for _, c := range cases {
		g := one
		g.Dim[2] = c.dim2
		if got := datasets.IsImage2D(&datasets.Volume{Grid: g, Path: c.path}); got != c.want {
			t.Errorf("%s with %d slices: IsImage2D %v, want %v", c.path, c.dim2, got, c.want)
		}
	}
}
