package datasets

import (
	"encoding/binary"
	"fmt"
	"math"
	"unsafe"
)

// number is every scalar voxel type NIfTI stores that segtui reads.
type number interface {
	~int8 | ~uint8 | ~int16 | ~uint16 | ~int32 | ~uint32 | ~float32 | ~float64
}

// hostBigEndian reports the machine's byte order; voxel chunks in the
// other order are byte-swapped in place before being viewed as numbers.
func hostBigEndian() bool {
	return binary.NativeEndian.Uint16([]byte{0, 1}) == 1
}

// swapBytes reverses each width-byte group of b in place.
func swapBytes(b []byte, width int) {
	switch width {
	case 2:
		for i := 0; i+1 < len(b); i += 2 {
			b[i], b[i+1] = b[i+1], b[i]
		}
	case 4:
		for i := 0; i+3 < len(b); i += 4 {
			b[i], b[i+1], b[i+2], b[i+3] = b[i+3], b[i+2], b[i+1], b[i]
		}
	case 8:
		for i := 0; i+7 < len(b); i += 8 {
			b[i], b[i+1], b[i+2], b[i+3], b[i+4], b[i+5], b[i+6], b[i+7] =
				b[i+7], b[i+6], b[i+5], b[i+4], b[i+3], b[i+2], b[i+1], b[i]
		}
	}
}

// view reinterprets a native-order chunk as numbers without copying. The
// chunk buffer comes from make([]byte) and starts every chunk at offset 0,
// so it is aligned for any voxel type.
func view[T number](b []byte) []T {
	var z T
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/int(unsafe.Sizeof(z)))
}

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
	d.swap = h.bigEndian != hostBigEndian()
	d.slope, d.inter, d.scaled = niftiScaling(h)
	return d
}

func (d *voxelDecoder) decode(b []byte, first int) error {
	if d.datatype == dtRGB24 {
		decodeRGB(d.out[first:first+len(b)/3], d.rgb[3*first:3*first+len(b)], b)
		return nil
	}
	if d.swap && d.width > 1 {
		swapBytes(b, d.width)
	}
	dst := d.out[first : first+len(b)/d.width]
	widenChunk(niftiTypes[d.datatype].name, b, dst, linearScale{d.slope, d.inter, d.scaled})
	return nil
}

// linearScale maps stored values to physical ones (NIfTI's scl_slope and
// scl_inter); the zero value leaves them as they are.
type linearScale struct {
	slope, inter float64
	on           bool
}

// widenChunk converts a native-order chunk of stored type t to float32,
// for every reader that streams voxels (NIfTI, NRRD).
func widenChunk(t DataType, b []byte, dst []float32, sc linearScale) {
	switch t {
	case Uint8:
		toFloat32(dst, view[uint8](b), sc)
	case Int8:
		toFloat32(dst, view[int8](b), sc)
	case Int16:
		toFloat32(dst, view[int16](b), sc)
	case Uint16:
		toFloat32(dst, view[uint16](b), sc)
	case Int32:
		toFloat32(dst, view[int32](b), sc)
	case Uint32:
		toFloat32(dst, view[uint32](b), sc)
	case Float32:
		toFloat32(dst, view[float32](b), sc)
	case Float64:
		toFloat32(dst, view[float64](b), sc)
	}
}

// toFloat32 converts one chunk; instantiated per type, so the loop has no
// calls in it.
func toFloat32[T number](dst []float32, src []T, sc linearScale) {
	src = src[:len(dst)]
	if !sc.on {
		for i, v := range src {
			dst[i] = float32(v)
		}
		return
	}
	s, c := sc.slope, sc.inter
	for i, v := range src {
		dst[i] = float32(float64(v)*s + c)
	}
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
		swapBytes(b, d.width)
	}
	dst := d.labels[first : first+len(b)/d.width]
	bad, val := labelChunk(niftiTypes[d.datatype].name, b, dst, linearScale{d.slope, d.inter, d.scaled})
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

// labelChunk converts a native-order chunk of stored type t to label ids,
// scaled when sc.on, for every reader of label maps (NIfTI, NRRD). It
// returns the index and stored value of the first voxel that is not a
// whole number in 0..65535 (-1 when all are).
func labelChunk(t DataType, b []byte, dst []uint16, sc linearScale) (int, float64) {
	switch t {
	case Uint8:
		return toLabels(dst, view[uint8](b), sc)
	case Int8:
		return toLabels(dst, view[int8](b), sc)
	case Int16:
		return toLabels(dst, view[int16](b), sc)
	case Uint16:
		return toLabels(dst, view[uint16](b), sc)
	case Int32:
		return toLabels(dst, view[int32](b), sc)
	case Uint32:
		return toLabels(dst, view[uint32](b), sc)
	case Float32:
		return toLabels(dst, view[float32](b), sc)
	}
	return toLabels(dst, view[float64](b), sc)
}

// toLabels is labelChunk for one type. The check is done in float64, which
// holds every int32/uint32 exactly; unscaled values pass through *1+0
// unchanged.
func toLabels[T number](dst []uint16, src []T, sc linearScale) (int, float64) {
	s, c := 1.0, 0.0
	if sc.on {
		s, c = sc.slope, sc.inter
	}
	for i, v := range src[:len(dst)] {
		f := float64(v)*s + c
		if !(f >= 0 && f <= math.MaxUint16) || f != math.Trunc(f) {
			return i, float64(v)
		}
		dst[i] = uint16(f)
	}
	return -1, 0
}
