package nifti

import (
	"fmt"
	"math"

	"github.com/segtui/segtui/datasets/internal/formatutil"
)

// niftiScaling returns the scl_slope/scl_inter pair to apply; a slope of 0
// or NaN means the data are unscaled, as the standard says.
func niftiScaling(h *niftiHeader) (slope, inter float64, scaled bool) {
	slope, inter = h.sclSlope, h.sclInter
	if slope == 0 || math.IsNaN(slope) {
		return 1, 0, false
	}
	if math.IsNaN(inter) || math.IsInf(inter, 0) {
		inter = 0
	}
	return slope, inter, slope != 1 || inter != 0
}

// voxelDecoder turns raw chunks into float32 physical values.
type voxelDecoder struct {
	datatype     int16
	width        int
	swap         bool
	slope, inter float64
	scaled       bool
	out          []float32
	rgb          []uint8
}

func newVoxelDecoder(h *niftiHeader, out []float32, rgb []uint8) *voxelDecoder {
	d := &voxelDecoder{datatype: h.datatype, width: niftiTypes[h.datatype].bytes, out: out, rgb: rgb}
	d.swap = h.bigEndian != formatutil.HostBigEndian()
	d.slope, d.inter, d.scaled = niftiScaling(h)
	return d
}

func (d *voxelDecoder) decode(b []byte, first int) error {
	if d.datatype == dtRGB24 {
		decodeRGB(d.out[first:first+len(b)/3], d.rgb[3*first:3*first+len(b)], b)
		return nil
	}
	if d.swap && d.width > 1 {
		formatutil.SwapBytes(b, d.width)
	}
	dst := d.out[first : first+len(b)/d.width]
	formatutil.WidenChunk(niftiTypes[d.datatype].name, b, dst, formatutil.LinearScale{Slope: d.slope, Inter: d.inter, On: d.scaled})
	return nil
}

// decodeRGB keeps the colour bytes and stores Rec. 601 luma as the grey
// value that windowing and engines use.
func decodeRGB(grey []float32, rgb, b []byte) {
	copy(rgb, b)
	for i := range grey {
		p := b[3*i : 3*i+3]
		grey[i] = 0.299*float32(p[0]) + 0.587*float32(p[1]) + 0.114*float32(p[2])
	}
}

// labelDecoder turns raw chunks into uint16 label ids, refusing values
// that are not ids.
type labelDecoder struct {
	voxelDecoder
	labels []uint16
	dim    [3]int
}

func newLabelDecoder(h *niftiHeader, labels []uint16, dim [3]int) *labelDecoder {
	return &labelDecoder{voxelDecoder: *newVoxelDecoder(h, nil, nil), labels: labels, dim: dim}
}

func (d *labelDecoder) decode(b []byte, first int) error {
	if d.swap && d.width > 1 {
		formatutil.SwapBytes(b, d.width)
	}
	dst := d.labels[first : first+len(b)/d.width]
	bad, val := formatutil.LabelChunk(niftiTypes[d.datatype].name, b, dst, formatutil.LinearScale{Slope: d.slope, Inter: d.inter, On: d.scaled})
	if bad < 0 {
		return nil
	}
	idx := first + bad
	ijk := [3]int{idx % d.dim[0], idx / d.dim[0] % d.dim[1], idx / (d.dim[0] * d.dim[1])}
	what := fmt.Sprintf("value %v", val)
	if d.scaled {
		what = fmt.Sprintf("stored value %v, scaled by scl_slope %v and scl_inter %v to %v", val, d.slope, d.inter, val*d.slope+d.inter)
	}
	return fmt.Errorf("voxel (%d,%d,%d) has %s: label ids must be whole numbers in 0..65535", ijk[0], ijk[1], ijk[2], what)
}
