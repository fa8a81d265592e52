package datasets

import "fmt"

// Plane is a viewing plane.
type Plane int

const (
	Axial Plane = iota
	Coronal
	Sagittal
)

// Planes lists the planes in the order the viewer cycles through them.
var planeNames = [...]string{"axial", "coronal", "sagittal"}

func (p Plane) String() string {
	if p >= 0 && int(p) < len(planeNames) {
		return planeNames[p]
	}
	return fmt.Sprintf("plane(%d)", int(p))
}

// Next cycles axial -> coronal -> sagittal -> axial.
func (p Plane) Next() Plane { return (p + 1) % 3 }

// ParsePlane accepts axial, coronal or sagittal.
func ParsePlane(s string) (Plane, error) {
	for i, n := range planeNames {
		if s == n {
			return Plane(i), nil
		}
	}
	return 0, fmt.Errorf("unknown plane %q, expected axial, coronal or sagittal", s)
}

// worldDir is a world axis and the direction screen/slice coordinates
// increase along it.
type worldDir struct {
	world    int
	positive bool
}

// Radiological display conventions (ITK-SNAP, 3D Slicer): screen x grows
// toward the patient's left (their right is on screen left), screen y grows
// toward posterior (axial) or inferior (coronal, sagittal); sagittal shows
// anterior on the left.
var planeAxes = [3]struct{ col, row, through worldDir }{
	Axial:    {col: worldDir{0, false}, row: worldDir{1, false}, through: worldDir{2, true}},
	Coronal:  {col: worldDir{0, false}, row: worldDir{2, false}, through: worldDir{1, true}},
	Sagittal: {col: worldDir{1, false}, row: worldDir{2, false}, through: worldDir{0, true}},
}

// SliceView maps a plane's slices to voxel axes. Screen pixel (x, y) of
// slice n is the voxel whose Col axis index is x (or Width-1-x when ColFlip),
// Row axis index is y (or flipped) and Through axis index is n (or flipped).
type SliceView struct {
	Plane                         Plane
	Col, Row, Through             int // voxel axes
	ColFlip, RowFlip, ThroughFlip bool
	Width, Height, Depth          int
	PixelSpacing                  [2]float64 // mm per pixel along screen x and y
}

// View returns how the grid is displayed in plane p, whatever its storage
// orientation.
func (g Grid) View(p Plane) SliceView {
	dirs := voxelAxisDirs(g.Affine)
	find := func(want worldDir) (axis int, flip bool) {
		for v, d := range dirs {
			if d.world == want.world {
				return v, d.positive != want.positive
			}
		}
		return 0, false
	}
	ax := planeAxes[p]
	v := SliceView{Plane: p}
	v.Col, v.ColFlip = find(ax.col)
	v.Row, v.RowFlip = find(ax.row)
	v.Through, v.ThroughFlip = find(ax.through)
	v.Width, v.Height, v.Depth = g.Dim[v.Col], g.Dim[v.Row], g.Dim[v.Through]
	v.PixelSpacing = [2]float64{g.Spacing[v.Col], g.Spacing[v.Row]}
	return v
}

func flipIf(flip bool, i, n int) int {
	if flip {
		return n - 1 - i
	}
	return i
}

// Voxel returns the voxel index shown at pixel (x, y) of slice n.
func (v SliceView) Voxel(n, x, y int) [3]int {
	var ijk [3]int
	ijk[v.Col] = flipIf(v.ColFlip, x, v.Width)
	ijk[v.Row] = flipIf(v.RowFlip, y, v.Height)
	ijk[v.Through] = flipIf(v.ThroughFlip, n, v.Depth)
	return ijk
}

// Pixel is the inverse of Voxel: the slice and pixel showing voxel ijk.
func (v SliceView) Pixel(ijk [3]int) (n, x, y int) {
	return flipIf(v.ThroughFlip, ijk[v.Through], v.Depth),
		flipIf(v.ColFlip, ijk[v.Col], v.Width),
		flipIf(v.RowFlip, ijk[v.Row], v.Height)
}

// offsets returns, for slice n, the storage offset of pixel (0,0) and the
// offset steps for x+1 and y+1, so slice copies are simple strided loops.
func (v SliceView) offsets(g Grid, n int) (base, dx, dy int) {
	stride := [3]int{1, g.Dim[0], g.Dim[0] * g.Dim[1]}
	o := v.Voxel(n, 0, 0)
	base = o[0]*stride[0] + o[1]*stride[1] + o[2]*stride[2]
	dx, dy = stride[v.Col], stride[v.Row]
	if v.ColFlip {
		dx = -dx
	}
	if v.RowFlip {
		dy = -dy
	}
	return base, dx, dy
}
