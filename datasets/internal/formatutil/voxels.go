package formatutil

import (
	"encoding/binary"
	"math"
	"unsafe"

	"github.com/segtui/segtui/datasets"
)

// ChunkBytes is how many bytes of voxel data the streaming readers and
// writers handle at a time: the raw data is never held whole, only the
// decoded output.
const ChunkBytes = 1 << 20

// Number is every scalar voxel type the formats store that segtui reads.
type Number interface {
	~int8 | ~uint8 | ~int16 | ~uint16 | ~int32 | ~uint32 | ~float32 | ~float64
}

// HostBigEndian reports the machine's byte order; voxel chunks in the
// other order are byte-swapped in place before being viewed as numbers.
func HostBigEndian() bool {
	return binary.NativeEndian.Uint16([]byte{0, 1}) == 1
}

// SwapBytes reverses each width-byte group of b in place.
func SwapBytes(b []byte, width int) {
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

// View reinterprets a native-order chunk as numbers without copying. The
// chunk buffer comes from make([]byte) and starts every chunk at offset 0,
// so it is aligned for any voxel type.
func View[T Number](b []byte) []T {
	var z T
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/int(unsafe.Sizeof(z)))
}

// LinearScale maps stored values to physical ones (NIfTI's scl_slope and
// scl_inter); the zero value leaves them as they are.
type LinearScale struct {
	Slope, Inter float64
	On           bool
}

// WidenChunk converts a native-order chunk of stored type t to float32,
// for every reader that streams voxels (NIfTI, NRRD).
func WidenChunk(t datasets.DataType, b []byte, dst []float32, sc LinearScale) {
	switch t {
	case datasets.Uint8:
		toFloat32(dst, View[uint8](b), sc)
	case datasets.Int8:
		toFloat32(dst, View[int8](b), sc)
	case datasets.Int16:
		toFloat32(dst, View[int16](b), sc)
	case datasets.Uint16:
		toFloat32(dst, View[uint16](b), sc)
	case datasets.Int32:
		toFloat32(dst, View[int32](b), sc)
	case datasets.Uint32:
		toFloat32(dst, View[uint32](b), sc)
	case datasets.Float32:
		toFloat32(dst, View[float32](b), sc)
	case datasets.Float64:
		toFloat32(dst, View[float64](b), sc)
	}
}

// toFloat32 converts one chunk; instantiated per type, so the loop has no
// calls in it.
func toFloat32[T Number](dst []float32, src []T, sc LinearScale) {
	src = src[:len(dst)]
	if !sc.On {
		for i, v := range src {
			dst[i] = float32(v)
		}
		return
	}
	s, c := sc.Slope, sc.Inter
	for i, v := range src {
		dst[i] = float32(float64(v)*s + c)
	}
}

// LabelChunk converts a native-order chunk of stored type t to label ids,
// scaled when sc.On, for every reader of label maps (NIfTI, NRRD). It
// returns the index and stored value of the first voxel that is not a
// whole number in 0..65535 (-1 when all are).
func LabelChunk(t datasets.DataType, b []byte, dst []uint16, sc LinearScale) (int, float64) {
	switch t {
	case datasets.Uint8:
		return toLabels(dst, View[uint8](b), sc)
	case datasets.Int8:
		return toLabels(dst, View[int8](b), sc)
	case datasets.Int16:
		return toLabels(dst, View[int16](b), sc)
	case datasets.Uint16:
		return toLabels(dst, View[uint16](b), sc)
	case datasets.Int32:
		return toLabels(dst, View[int32](b), sc)
	case datasets.Uint32:
		return toLabels(dst, View[uint32](b), sc)
	case datasets.Float32:
		return toLabels(dst, View[float32](b), sc)
	}
	return toLabels(dst, View[float64](b), sc)
}

// toLabels is LabelChunk for one type. The check is done in float64, which
// holds every int32/uint32 exactly; unscaled values pass through *1+0
// unchanged.
func toLabels[T Number](dst []uint16, src []T, sc LinearScale) (int, float64) {
	s, c := 1.0, 0.0
	if sc.On {
		s, c = sc.Slope, sc.Inter
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
