package npz

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/segtui/segtui/datasets"
)

// NpyArray is a decoded .npy array: its shape and its raw element bytes in
// C (row-major) order, in the file's byte order.
type NpyArray struct {
	Shape     []int
	Descr     string // numpy dtype string as stored, e.g. "|u1", "<f8"
	Kind      byte   // 'u' unsigned, 'i' signed, 'f' float, 'b' bool
	ItemSize  int
	BigEndian bool
	Data      []byte
}

var npyMagic = []byte("\x93NUMPY")

// maxNpyHeader bounds the header dictionary; numpy writes well under 1 KiB.
const maxNpyHeader = 1 << 16

// ReadNpy parses a .npy stream of at most size bytes (the header included);
// size lets it refuse a shape that the data cannot hold before allocating.
func ReadNpy(r io.Reader, size int64) (*NpyArray, error) {
	a, fortran, need, err := readNpyHeader(r, size)
	if err != nil {
		return nil, err
	}
	a.Data = make([]byte, need)
	if _, err := io.ReadFull(r, a.Data); err != nil {
		return nil, fmt.Errorf("npy: shape %s of %s needs %d data bytes: %w (truncated file?)", shapeString(a.Shape), a.Descr, need, err)
	}
	if fortran && len(a.Shape) > 1 {
		a.Data = fortranToC(a.Data, a.Shape, a.ItemSize)
	}
	return a, nil
}

// readNpyHeader reads the magic, version and header dictionary of a .npy
// stream, leaving r at the data, and checks that the shape is within the
// limit and that size leaves room for need data bytes. Data stays nil.
func readNpyHeader(r io.Reader, size int64) (_ *NpyArray, fortran bool, need int64, err error) {
	var pre [10]byte
	if _, err := io.ReadFull(r, pre[:8]); err != nil {
		return nil, false, 0, fmt.Errorf("npy: file too short for the magic and version: %w", err)
	}
	if !bytes.Equal(pre[:6], npyMagic) {
		return nil, false, 0, fmt.Errorf("npy: expected magic \\x93NUMPY, found %q", pre[:6])
	}
	major, minor := pre[6], pre[7]
	var hlen, prefix int
	switch major {
	case 1:
		if _, err := io.ReadFull(r, pre[8:10]); err != nil {
			return nil, false, 0, fmt.Errorf("npy: truncated header length: %w", err)
		}
		hlen, prefix = int(binary.LittleEndian.Uint16(pre[8:10])), 10
	case 2, 3:
		var l [4]byte
		if _, err := io.ReadFull(r, l[:]); err != nil {
			return nil, false, 0, fmt.Errorf("npy: truncated header length: %w", err)
		}
		hlen, prefix = int(binary.LittleEndian.Uint32(l[:])), 12
	default:
		return nil, false, 0, fmt.Errorf("npy: format version %d.%d is not supported (expected 1.0, 2.0 or 3.0)", major, minor)
	}
	if minor != 0 {
		return nil, false, 0, fmt.Errorf("npy: format version %d.%d is not supported (expected 1.0, 2.0 or 3.0)", major, minor)
	}
	if hlen > maxNpyHeader {
		return nil, false, 0, fmt.Errorf("npy: header claims %d bytes, more than the %d-byte limit", hlen, maxNpyHeader)
	}
	hdr := make([]byte, hlen)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return nil, false, 0, fmt.Errorf("npy: header is %d bytes but the file ends early: %w", hlen, err)
	}
	a, fortran, err := parseNpyHeader(string(hdr))
	if err != nil {
		return nil, false, 0, err
	}
	n := 1
	for _, d := range a.Shape {
		if d != 0 && n > datasets.MaxVoxels/d {
			return nil, false, 0, fmt.Errorf("npy: shape %s has more than the %d-element limit", shapeString(a.Shape), datasets.MaxVoxels)
		}
		n *= d
	}
	need = int64(n) * int64(a.ItemSize)
	if have := size - int64(prefix+hlen); size >= 0 && need > have {
		return nil, false, 0, fmt.Errorf("npy: shape %s of %s needs %d data bytes but only %d are present (truncated file?)",
			shapeString(a.Shape), a.Descr, need, max(have, 0))
	}
	return a, fortran, need, nil
}

// parseNpyHeader reads the header dictionary, a Python literal such as
// {'descr': '<f8', 'fortran_order': False, 'shape': (3,), }.
func parseNpyHeader(h string) (*NpyArray, bool, error) {
	p := &pyLexer{s: strings.TrimRight(h, " \n\x00")}
	fields := map[string]any{}
	if !p.eat('{') {
		return nil, false, fmt.Errorf("npy: header %q is not a dictionary", datasets.Clip(h))
	}
	for !p.eat('}') {
		key, err := p.str()
		if err != nil {
			return nil, false, fmt.Errorf("npy: header %q: %w", datasets.Clip(h), err)
		}
		if !p.eat(':') {
			return nil, false, fmt.Errorf("npy: header %q: expected ':' after %q", datasets.Clip(h), key)
		}
		v, err := p.value()
		if err != nil {
			return nil, false, fmt.Errorf("npy: header %q: %w", datasets.Clip(h), err)
		}
		fields[key] = v
		if !p.eat(',') {
			if !p.eat('}') {
				return nil, false, fmt.Errorf("npy: header %q: expected ',' or '}'", datasets.Clip(h))
			}
			break
		}
	}
	descr, ok := fields["descr"].(string)
	if !ok {
		return nil, false, fmt.Errorf("npy: header %q has no simple 'descr' string (structured arrays are not supported)", datasets.Clip(h))
	}
	fortran, ok := fields["fortran_order"].(bool)
	if !ok {
		return nil, false, fmt.Errorf("npy: header %q has no 'fortran_order' True/False", datasets.Clip(h))
	}
	shape, ok := fields["shape"].([]int)
	if !ok {
		return nil, false, fmt.Errorf("npy: header %q has no 'shape' tuple of integers", datasets.Clip(h))
	}
	a := &NpyArray{Shape: shape, Descr: descr}
	if err := a.setDtype(descr); err != nil {
		return nil, false, err
	}
	return a, fortran, nil
}

// setDtype accepts the plain numeric dtypes segmentation data uses.
func (a *NpyArray) setDtype(d string) error {
	bad := fmt.Errorf("npy: dtype %q is not supported (expected one of |u1 |i1 |b1 and <, > forms of u2 i2 u4 i4 u8 i8 f4 f8)", d)
	if len(d) != 3 || !strings.ContainsRune("<>|=", rune(d[0])) || !strings.ContainsRune("uibf", rune(d[1])) {
		return bad
	}
	a.Kind, a.BigEndian = d[1], d[0] == '>'
	switch d[2] {
	case '1':
		a.ItemSize = 1
	case '2':
		a.ItemSize = 2
	case '4':
		a.ItemSize = 4
	case '8':
		a.ItemSize = 8
	default:
		return bad
	}
	if (a.Kind == 'b' && a.ItemSize != 1) || (a.Kind == 'f' && a.ItemSize < 4) || (a.ItemSize > 1 && d[0] == '|') {
		return bad
	}
	return nil
}

// Len is the number of elements.
func (a *NpyArray) Len() int { return len(a.Data) / a.ItemSize }

// At returns element i as a float64.
func (a *NpyArray) At(i int) float64 {
	b := a.Data[i*a.ItemSize : (i+1)*a.ItemSize]
	var order binary.ByteOrder = binary.LittleEndian
	if a.BigEndian {
		order = binary.BigEndian
	}
	switch a.ItemSize {
	case 1:
		if a.Kind == 'i' {
			return float64(int8(b[0]))
		}
		return float64(b[0])
	case 2:
		if a.Kind == 'i' {
			return float64(int16(order.Uint16(b)))
		}
		return float64(order.Uint16(b))
	case 4:
		u := order.Uint32(b)
		switch a.Kind {
		case 'i':
			return float64(int32(u))
		case 'f':
			return float64(math.Float32frombits(u))
		}
		return float64(u)
	default:
		u := order.Uint64(b)
		switch a.Kind {
		case 'i':
			return float64(int64(u))
		case 'f':
			return math.Float64frombits(u)
		}
		return float64(u)
	}
}

// Float64s returns all elements as float64 (for small geometry arrays).
func (a *NpyArray) Float64s() []float64 {
	out := make([]float64, a.Len())
	for i := range out {
		out[i] = a.At(i)
	}
	return out
}

// Float32s returns all elements as float32, with a fast path for bytes.
func (a *NpyArray) Float32s() []float32 {
	out := make([]float32, a.Len())
	if a.ItemSize == 1 && a.Kind != 'i' {
		for i, b := range a.Data {
			out[i] = float32(b)
		}
		return out
	}
	for i := range out {
		out[i] = float32(a.At(i))
	}
	return out
}

// fortranToC reorders column-major element bytes into row-major order.
func fortranToC(src []byte, shape []int, item int) []byte {
	dst := make([]byte, len(src))
	n := len(src) / item
	idx := make([]int, len(shape)) // C-order multi-index of element c
	fstride := make([]int, len(shape))
	s := 1
	for k := range shape {
		fstride[k] = s
		s *= shape[k]
	}
	for c := 0; c < n; c++ {
		f := 0
		for k, v := range idx {
			f += v * fstride[k]
		}
		copy(dst[c*item:(c+1)*item], src[f*item:(f+1)*item])
		for k := len(idx) - 1; k >= 0; k-- {
			idx[k]++
			if idx[k] < shape[k] {
				break
			}
			idx[k] = 0
		}
	}
	return dst
}

func shapeString(shape []int) string {
	parts := make([]string, len(shape))
	for i, d := range shape {
		parts[i] = fmt.Sprint(d)
	}
	if len(parts) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ",") + ")"
}
