package nifti

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/segtui/segtui/datasets"
)

// Header sizes; sizeof_hdr, the first field, also reveals the byte order.
const (
	nifti1HeaderSize = 348
	nifti2HeaderSize = 540
)

// NIfTI datatype codes (nifti1.h) that segtui reads.
const (
	dtUint8   int16 = 2
	dtInt16   int16 = 4
	dtInt32   int16 = 8
	dtFloat32 int16 = 16
	dtFloat64 int16 = 64
	dtRGB24   int16 = 128
	dtInt8    int16 = 256
	dtUint16  int16 = 512
	dtUint32  int16 = 768
)

// niftiType describes a supported on-disk voxel type.
type niftiType struct {
	name  datasets.DataType
	bytes int // per voxel
}

var niftiTypes = map[int16]niftiType{
	dtUint8: {datasets.Uint8, 1}, dtInt8: {datasets.Int8, 1}, dtInt16: {datasets.Int16, 2}, dtUint16: {datasets.Uint16, 2},
	dtInt32: {datasets.Int32, 4}, dtUint32: {datasets.Uint32, 4}, dtFloat32: {datasets.Float32, 4}, dtFloat64: {datasets.Float64, 8},
	dtRGB24: {datasets.RGB24, 3},
}

// niftiTypeNames names the codes we refuse, so errors say what the file holds.
var niftiTypeNames = map[int16]string{
	0: "unknown", 1: "binary", 32: "complex64", 1024: "int64", 1280: "uint64",
	1536: "float128", 1792: "complex128", 2048: "complex256", 2304: "RGBA32",
}

// niftiHeader is the version-independent part of a NIfTI-1 or NIfTI-2
// header that segtui uses.
type niftiHeader struct {
	version   int // 1 or 2
	bigEndian bool
	pair      bool // magic ni1/ni2: voxels live in a separate .img file
	dim       [8]int64
	datatype  int16
	bitpix    int16
	voxOffset int64
	sclSlope  float64
	sclInter  float64
	geom      datasets.NiftiGeometry
}

func (h *niftiHeader) order() binary.ByteOrder {
	if h.bigEndian {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

func (h *niftiHeader) size() int {
	if h.version == 2 {
		return nifti2HeaderSize
	}
	return nifti1HeaderSize
}

// headerVersion reads sizeof_hdr in both byte orders to find the version
// and byte order, the method the NIfTI standard recommends.
func headerVersion(first4 []byte) (version int, bigEndian bool, ok bool) {
	for _, be := range []bool{false, true} {
		var n uint32
		if be {
			n = binary.BigEndian.Uint32(first4)
		} else {
			n = binary.LittleEndian.Uint32(first4)
		}
		switch n {
		case nifti1HeaderSize:
			return 1, be, true
		case nifti2HeaderSize:
			return 2, be, true
		}
	}
	return 0, false, false
}

// parseNiftiHeader decodes a full header (348 or 540 bytes, as given by
// headerVersion) and checks its magic. It does not validate dims or types.
func parseNiftiHeader(b []byte, version int, bigEndian bool) (*niftiHeader, error) {
	h := &niftiHeader{version: version, bigEndian: bigEndian}
	o := h.order()
	i16 := func(off int) int16 { return int16(o.Uint16(b[off:])) }
	i32 := func(off int) int32 { return int32(o.Uint32(b[off:])) }
	i64 := func(off int) int64 { return int64(o.Uint64(b[off:])) }
	f32 := func(off int) float64 { return float64(math.Float32frombits(o.Uint32(b[off:]))) }
	f64 := func(off int) float64 { return math.Float64frombits(o.Uint64(b[off:])) }
	g := &h.geom
	if version == 1 {
		magic := b[344:348]
		switch {
		case bytes.Equal(magic, []byte("n+1\x00")):
		case bytes.Equal(magic, []byte("ni1\x00")):
			h.pair = true
		default:
			return nil, fmt.Errorf("bad NIfTI-1 magic %q, expected \"n+1\" or \"ni1\" (an Analyze 7.5 file is not supported)", magic)
		}
		for d := 0; d < 8; d++ {
			h.dim[d] = int64(i16(40 + 2*d))
			g.Pixdim[d] = f32(76 + 4*d)
		}
		h.datatype, h.bitpix = i16(70), i16(72)
		vo := f32(108)
		if vo < 0 || vo != math.Trunc(vo) || vo > 1<<31 {
			return nil, fmt.Errorf("vox_offset %v is not a valid byte offset", vo)
		}
		h.voxOffset = int64(vo)
		h.sclSlope, h.sclInter = f32(112), f32(116)
		g.XYZTUnits = b[123]
		g.QformCode, g.SformCode = i16(252), i16(254)
		g.QuaternB, g.QuaternC, g.QuaternD = f32(256), f32(260), f32(264)
		g.QoffsetX, g.QoffsetY, g.QoffsetZ = f32(268), f32(272), f32(276)
		for c := 0; c < 4; c++ {
			g.SrowX[c], g.SrowY[c], g.SrowZ[c] = f32(280+4*c), f32(296+4*c), f32(312+4*c)
		}
		return h, nil
	}
	magic := b[4:12]
	switch {
	case bytes.Equal(magic, []byte("n+2\x00\r\n\x1a\n")):
	case bytes.Equal(magic, []byte("ni2\x00\r\n\x1a\n")):
		h.pair = true
	default:
		return nil, fmt.Errorf("bad NIfTI-2 magic %q, expected \"n+2\\x00\\r\\n\\x1a\\n\" (a damaged magic often means a text-mode transfer)", magic)
	}
	h.datatype, h.bitpix = i16(12), i16(14)
	for d := 0; d < 8; d++ {
		h.dim[d] = i64(16 + 8*d)
		g.Pixdim[d] = f64(104 + 8*d)
	}
	h.voxOffset = i64(168)
	if h.voxOffset < 0 {
		return nil, fmt.Errorf("vox_offset %d is negative", h.voxOffset)
	}
	h.sclSlope, h.sclInter = f64(176), f64(184)
	qc, sc := i32(344), i32(348)
	if qc < math.MinInt16 || qc > math.MaxInt16 || sc < math.MinInt16 || sc > math.MaxInt16 {
		return nil, fmt.Errorf("qform_code %d / sform_code %d out of range", qc, sc)
	}
	g.QformCode, g.SformCode = int16(qc), int16(sc)
	g.QuaternB, g.QuaternC, g.QuaternD = f64(352), f64(360), f64(368)
	g.QoffsetX, g.QoffsetY, g.QoffsetZ = f64(376), f64(384), f64(392)
	for c := 0; c < 4; c++ {
		g.SrowX[c], g.SrowY[c], g.SrowZ[c] = f64(400+8*c), f64(432+8*c), f64(464+8*c)
	}
	g.XYZTUnits = uint8(i32(500))
	return h, nil
}

// encode renders the header in its version and byte order. Fields segtui
// does not model are written as zero, which the standard allows.
func (h *niftiHeader) encode() []byte {
	o := h.order()
	b := make([]byte, h.size())
	p16 := func(off int, v int16) { o.PutUint16(b[off:], uint16(v)) }
	p32 := func(off int, v int32) { o.PutUint32(b[off:], uint32(v)) }
	p64 := func(off int, v int64) { o.PutUint64(b[off:], uint64(v)) }
	f32 := func(off int, v float64) { o.PutUint32(b[off:], math.Float32bits(float32(v))) }
	f64 := func(off int, v float64) { o.PutUint64(b[off:], math.Float64bits(v)) }
	g := &h.geom
	if h.version == 1 {
		p32(0, nifti1HeaderSize)
		b[38] = 'r' // "regular", as nibabel and the reference library write
		for d := 0; d < 8; d++ {
			p16(40+2*d, int16(h.dim[d]))
			f32(76+4*d, g.Pixdim[d])
		}
		p16(70, h.datatype)
		p16(72, h.bitpix)
		f32(108, float64(h.voxOffset))
		f32(112, h.sclSlope)
		f32(116, h.sclInter)
		b[123] = g.XYZTUnits
		copy(b[148:228], "segtui")
		p16(252, g.QformCode)
		p16(254, g.SformCode)
		f32(256, g.QuaternB)
		f32(260, g.QuaternC)
		f32(264, g.QuaternD)
		f32(268, g.QoffsetX)
		f32(272, g.QoffsetY)
		f32(276, g.QoffsetZ)
		for c := 0; c < 4; c++ {
			f32(280+4*c, g.SrowX[c])
			f32(296+4*c, g.SrowY[c])
			f32(312+4*c, g.SrowZ[c])
		}
		magic := "n+1\x00"
		if h.pair {
			magic = "ni1\x00"
		}
		copy(b[344:], magic)
		return b
	}
	p32(0, nifti2HeaderSize)
	magic := "n+2\x00\r\n\x1a\n"
	if h.pair {
		magic = "ni2\x00\r\n\x1a\n"
	}
	copy(b[4:], magic)
	p16(12, h.datatype)
	p16(14, h.bitpix)
	for d := 0; d < 8; d++ {
		p64(16+8*d, h.dim[d])
		f64(104+8*d, g.Pixdim[d])
	}
	p64(168, h.voxOffset)
	f64(176, h.sclSlope)
	f64(184, h.sclInter)
	copy(b[240:320], "segtui")
	p32(344, int32(g.QformCode))
	p32(348, int32(g.SformCode))
	f64(352, g.QuaternB)
	f64(360, g.QuaternC)
	f64(368, g.QuaternD)
	f64(376, g.QoffsetX)
	f64(384, g.QoffsetY)
	f64(392, g.QoffsetZ)
	for c := 0; c < 4; c++ {
		f64(400+8*c, g.SrowX[c])
		f64(432+8*c, g.SrowY[c])
		f64(464+8*c, g.SrowZ[c])
	}
	p32(500, int32(g.XYZTUnits))
	return b
}

// checkNiftiLayout validates dimensions and datatype before anything is
// allocated and returns the 3-D grid size and the voxel type.
func (h *niftiHeader) checkLayout() (dims [3]int, t niftiType, err error) {
	nd := h.dim[0]
	if nd < 1 || nd > 7 {
		return dims, t, fmt.Errorf("dim[0] is %d, expected 1..7 dimensions", nd)
	}
	for d := 1; d <= 3; d++ {
		n := int64(1) // dimensions past dim[0] are unused and count as 1
		if int64(d) <= nd {
			n = h.dim[d]
		}
		if n <= 0 {
			return dims, t, fmt.Errorf("dim[%d] is %d, expected a positive size", d, n)
		}
		if n > datasets.MaxVoxels {
			return dims, t, fmt.Errorf("dim[%d] is %d, more than the %d-voxel limit", d, n, datasets.MaxVoxels)
		}
		dims[d-1] = int(n)
	}
	// segtui shows 3-D images; a time series or multi-channel file is
	// refused rather than silently cut to its first volume.
	for d := int64(4); d <= nd; d++ {
		if h.dim[d] > 1 {
			return dims, t, fmt.Errorf("dim[%d] is %d: this is a %d-D image with more than one 3-D volume; segtui reads single 3-D volumes (split it first, e.g. one file per channel as nnU-Net does)", d, h.dim[d], nd)
		}
		if h.dim[d] < 0 {
			return dims, t, fmt.Errorf("dim[%d] is %d, expected a positive size", d, h.dim[d])
		}
	}
	if err := (datasets.Grid{Dim: dims}).CheckSize(); err != nil {
		return dims, t, err
	}
	t, ok := niftiTypes[h.datatype]
	if !ok {
		name := niftiTypeNames[h.datatype]
		if name == "" {
			name = "not a NIfTI type"
		}
		return dims, t, fmt.Errorf("unsupported datatype %d (%s); segtui reads uint8, int8, int16, uint16, int32, uint32, float32, float64 and RGB24", h.datatype, name)
	}
	return dims, t, nil
}
