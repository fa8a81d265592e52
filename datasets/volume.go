package datasets

import "fmt"

// DataType is a voxel type as stored on disk.
type DataType string

const (
	Uint8   DataType = "uint8"
	Int8    DataType = "int8"
	Int16   DataType = "int16"
	Uint16  DataType = "uint16"
	Int32   DataType = "int32"
	Uint32  DataType = "uint32"
	Float32 DataType = "float32"
	Float64 DataType = "float64"
	RGB24   DataType = "rgb24"
)

// Volume is an image: a CT or MR volume, or a 2-D image as a one-slice
// volume. Values are physical (NIfTI scaling applied; Hounsfield units for CT).
type Volume struct {
	Grid
	Voxels   []float32 // Len() values; grey (luma) for RGB images
	RGB      []uint8   // 3*Len() bytes for colour 2-D images, else nil
	DataType DataType  // the stored type
	Path     string
	// Prewindowed marks intensities already windowed to 0..255 (MedSAM npz),
	// so viewers and engines must not apply a CT window again.
	Prewindowed bool
	// Nifti keeps the source header geometry so label maps written for this
	// image overlay it exactly in nibabel, ITK-SNAP and Slicer.
	Nifti *NiftiGeometry
}

// LabelMap holds integer class ids on an image's grid.
type LabelMap struct {
	Grid
	Labels   []uint16
	DataType DataType
	Path     string
	Nifti    *NiftiGeometry
}

// NewLabelMap returns an empty label map on the grid of v.
func NewLabelMap(v *Volume) *LabelMap {
	return &LabelMap{Grid: v.Grid, Labels: make([]uint16, v.Len()), DataType: Uint8, Nifti: v.Nifti}
}

// Clone returns a deep copy, so edits never reach the loaded ground truth.
func (l *LabelMap) Clone() *LabelMap {
	c := *l
	c.Labels = append([]uint16(nil), l.Labels...)
	return &c
}

// CheckGrid returns an error naming both shapes when labels do not sit on
// the image's grid.
func CheckGrid(img *Volume, lab *LabelMap) error {
	if img.SameGrid(lab.Grid) {
		return nil
	}
	if img.Dim != lab.Dim {
		return fmt.Errorf("label map %s is %s but image %s is %s: they must share one grid",
			lab.Path, lab.ShapeString(), img.Path, img.ShapeString())
	}
	return fmt.Errorf("label map %s has a different affine from image %s (same shape %s): they must share one grid",
		lab.Path, img.Path, img.ShapeString())
}

// Slice copies slice n of plane p in display orientation (row-major,
// Width*Height).
func (v *Volume) Slice(p Plane, n int) ([]float32, SliceView) {
	view := v.View(p)
	out := make([]float32, view.Width*view.Height)
	base, dx, dy := view.offsets(v.Grid, n)
	for y := 0; y < view.Height; y++ {
		o := base + y*dy
		row := out[y*view.Width : (y+1)*view.Width]
		for x := range row {
			row[x] = v.Voxels[o]
			o += dx
		}
	}
	return out, view
}

// SliceRGB copies an RGB image's slice in display orientation (3 bytes per
// pixel), or returns nil for scalar volumes.
func (v *Volume) SliceRGB(p Plane, n int) []uint8 {
	if v.RGB == nil {
		return nil
	}
	view := v.View(p)
	out := make([]uint8, 3*view.Width*view.Height)
	base, dx, dy := view.offsets(v.Grid, n)
	for y := 0; y < view.Height; y++ {
		o := base + y*dy
		for x := 0; x < view.Width; x++ {
			copy(out[3*(y*view.Width+x):], v.RGB[3*o:3*o+3])
			o += dx
		}
	}
	return out
}

// Slice copies slice n of plane p in display orientation.
func (l *LabelMap) Slice(p Plane, n int) ([]uint16, SliceView) {
	view := l.View(p)
	out := make([]uint16, view.Width*view.Height)
	base, dx, dy := view.offsets(l.Grid, n)
	for y := 0; y < view.Height; y++ {
		o := base + y*dy
		for x := 0; x < view.Width; x++ {
			out[y*view.Width+x] = l.Labels[o]
			o += dx
		}
	}
	return out, view
}

// SetSlice writes a display-oriented slice back into the volume.
func (l *LabelMap) SetSlice(p Plane, n int, labels []uint16) {
	view := l.View(p)
	base, dx, dy := view.offsets(l.Grid, n)
	for y := 0; y < view.Height; y++ {
		o := base + y*dy
		for x := 0; x < view.Width; x++ {
			l.Labels[o] = labels[y*view.Width+x]
			o += dx
		}
	}
}

// Counts returns the number of voxels of each label id present.
func (l *LabelMap) Counts() map[uint16]int {
	counts := map[uint16]int{}
	for _, id := range l.Labels {
		counts[id]++
	}
	return counts
}

// MinMax returns the smallest and largest voxel value.
func (v *Volume) MinMax() (lo, hi float32) {
	if len(v.Voxels) == 0 {
		return 0, 0
	}
	lo, hi = v.Voxels[0], v.Voxels[0]
	for _, x := range v.Voxels {
		if x < lo {
			lo = x
		}
		if x > hi {
			hi = x
		}
	}
	return lo, hi
}
