package dicom

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/segtui/segtui/datasets"
)

// dicomSlice is what segtui needs from one DICOM image file's header.
type dicomSlice struct {
	path   string
	syntax string
	order  binary.ByteOrder

	rows, cols                       int
	bitsAlloc, bitsStored, highBit   int
	pixelRep, samples, frames        int
	photometric                      string
	slope, intercept                 float64
	pixelSpacing                     [2]float64 // row spacing (along j), column spacing (along i)
	thickness                        float64
	ipp                              [3]float64
	iop                              [6]float64
	hasSpacing, hasIPP, hasIOP       bool
	seriesUID, description, modality string
	patientID                        string // compared, never printed
	instance, seriesNumber           int
	pixelOffset, pixelLength         int64
	hasPixels                        bool
	// floatPixels names the Float or Double Pixel Data element the image
	// is in instead (parametric maps); "" when none.
	floatPixels string
}

// floatPixelTags are the pixel data elements of floating-point images,
// which segtui does not decode.
var floatPixelTags = map[uint32]string{
	0x7FE00008: "Float Pixel Data (7FE0,0008)",
	0x7FE00009: "Double Float Pixel Data (7FE0,0009)",
}

// dicomField parses one kept element's value into s.
type dicomField func(s *dicomSlice, v []byte, order binary.ByteOrder) error

// dicomFields are the top-level elements segtui reads; every other
// element, and everything inside sequences, is skipped.
var dicomFields = map[uint32]dicomField{
	0x00080060: func(s *dicomSlice, v []byte, _ binary.ByteOrder) error { s.modality = trimValue(v); return nil },
	0x0008103E: func(s *dicomSlice, v []byte, _ binary.ByteOrder) error { s.description = trimValue(v); return nil },
	0x00100020: func(s *dicomSlice, v []byte, _ binary.ByteOrder) error { s.patientID = trimValue(v); return nil },
	0x0020000E: func(s *dicomSlice, v []byte, _ binary.ByteOrder) error { s.seriesUID = trimValue(v); return nil },
	0x00280004: func(s *dicomSlice, v []byte, _ binary.ByteOrder) error { s.photometric = trimValue(v); return nil },
	0x00200011: intField(func(s *dicomSlice) *int { return &s.seriesNumber }),
	0x00200013: intField(func(s *dicomSlice) *int { return &s.instance }),
	0x00280008: intField(func(s *dicomSlice) *int { return &s.frames }),
	0x00280002: usField(func(s *dicomSlice) *int { return &s.samples }),
	0x00280010: usField(func(s *dicomSlice) *int { return &s.rows }),
	0x00280011: usField(func(s *dicomSlice) *int { return &s.cols }),
	0x00280100: usField(func(s *dicomSlice) *int { return &s.bitsAlloc }),
	0x00280101: usField(func(s *dicomSlice) *int { return &s.bitsStored }),
	0x00280102: usField(func(s *dicomSlice) *int { return &s.highBit }),
	0x00280103: usField(func(s *dicomSlice) *int { return &s.pixelRep }),
	0x00281053: dsField(func(s *dicomSlice) []float64 { return []float64{0} }, func(s *dicomSlice, x []float64) { s.slope = x[0] }),
	0x00281052: dsField(func(s *dicomSlice) []float64 { return []float64{0} }, func(s *dicomSlice, x []float64) { s.intercept = x[0] }),
	0x00180050: dsField(func(s *dicomSlice) []float64 { return []float64{0} }, func(s *dicomSlice, x []float64) { s.thickness = x[0] }),
	0x00280030: dsField(func(s *dicomSlice) []float64 { return []float64{0, 0} }, func(s *dicomSlice, x []float64) {
		s.pixelSpacing, s.hasSpacing = [2]float64{x[0], x[1]}, true
	}),
	0x00200032: dsField(func(s *dicomSlice) []float64 { return []float64{0, 0, 0} }, func(s *dicomSlice, x []float64) {
		s.ipp, s.hasIPP = [3]float64{x[0], x[1], x[2]}, true
	}),
	0x00200037: dsField(func(s *dicomSlice) []float64 { return make([]float64, 6) }, func(s *dicomSlice, x []float64) {
		copy(s.iop[:], x)
		s.hasIOP = true
	}),
}

func usField(dst func(*dicomSlice) *int) dicomField {
	return func(s *dicomSlice, v []byte, order binary.ByteOrder) error {
		if len(v) != 2 {
			return fmt.Errorf("value is %d bytes; expected one 2-byte unsigned short", len(v))
		}
		*dst(s) = int(order.Uint16(v))
		return nil
	}
}

func intField(dst func(*dicomSlice) *int) dicomField {
	return func(s *dicomSlice, v []byte, _ binary.ByteOrder) error {
		t := trimValue(v)
		if t == "" {
			return nil // type 2 attributes may be present but empty
		}
		n, err := strconv.Atoi(strings.TrimPrefix(t, "+"))
		if err != nil {
			return fmt.Errorf("value %q is not an integer string", datasets.Clip(t))
		}
		*dst(s) = n
		return nil
	}
}

// dsField parses a decimal string of exactly len(want(s)) values.
func dsField(want func(*dicomSlice) []float64, set func(*dicomSlice, []float64)) dicomField {
	return func(s *dicomSlice, v []byte, _ binary.ByteOrder) error {
		t := trimValue(v)
		if t == "" {
			return nil
		}
		out := want(s)
		parts := strings.Split(t, `\`)
		if len(parts) != len(out) {
			return fmt.Errorf("value %q has %d numbers; expected %d", datasets.Clip(t), len(parts), len(out))
		}
		for i, p := range parts {
			x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("value %q is not a list of finite decimal numbers", datasets.Clip(t))
			}
			out[i] = x
		}
		set(s, out)
		return nil
	}
}

// readDICOMSlice reads a file's header up to the pixel data, without
// reading the pixels.
func readDICOMSlice(path string) (*dicomSlice, error) {
	f, d, uid, err := openDICOM(path)
	if err != nil {
		return nil, fmt.Errorf("read DICOM %s: %w", path, err)
	}
	defer f.Close()
	s := &dicomSlice{path: path, syntax: uid, order: d.order, slope: 1, samples: 1, frames: 1}
	if err := d.dataSet(s); err != nil {
		return nil, fmt.Errorf("read DICOM %s: %w", path, err)
	}
	return s, nil
}

// dataSet walks the top-level elements, keeping dicomFields, until the
// pixel data (whose position it records) or the end of the file.
func (d *dicomReader) dataSet(s *dicomSlice) error {
	for d.pos < d.size {
		tag, vr, n, err := d.header()
		if err != nil {
			return err
		}
		if tag == tagPixelData {
			if n == undefinedLength {
				return fmt.Errorf("pixel data is encapsulated (compressed) although transfer syntax %s is not", s.syntax)
			}
			if err := d.need(int64(n), "pixel data"); err != nil {
				return err
			}
			s.pixelOffset, s.pixelLength, s.hasPixels = d.pos, int64(n), true
			return nil
		}
		if name, ok := floatPixelTags[tag]; ok {
			s.floatPixels = name
		}
		parse, keep := dicomFields[tag]
		if !keep || n == undefinedLength || vr == "SQ" {
			if err := d.skipValue(tag, vr, n, 0); err != nil {
				return err
			}
			continue
		}
		v, err := d.value(n, tag)
		if err != nil {
			return err
		}
		if err := parse(s, v, d.order); err != nil {
			return fmt.Errorf("element %s: %w", tagString(tag), err)
		}
	}
	return nil
}
