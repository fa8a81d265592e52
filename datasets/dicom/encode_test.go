package dicom

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

const (
	uidImplicitLE = "1.2.840.10008.1.2"
	uidExplicitLE = "1.2.840.10008.1.2.1"
	uidExplicitBE = "1.2.840.10008.1.2.2"
	uidJPEG2000   = "1.2.840.10008.1.2.4.90"
)

// dcmEncoder writes data set elements in one transfer syntax, so tests
// can build the DICOM files the reader must accept or refuse.
type dcmEncoder struct {
	buf      bytes.Buffer
	explicit bool
	order    binary.ByteOrder
}

func newEncoder(syntax string) *dcmEncoder {
	switch syntax {
	case uidImplicitLE:
		return &dcmEncoder{order: binary.LittleEndian}
	case uidExplicitBE:
		return &dcmEncoder{explicit: true, order: binary.BigEndian}
	}
	return &dcmEncoder{explicit: true, order: binary.LittleEndian}
}

func (e *dcmEncoder) u16(v uint16) { _ = binary.Write(&e.buf, e.order, v) }
func (e *dcmEncoder) u32(v uint32) { _ = binary.Write(&e.buf, e.order, v) }

// header writes a tag with its VR (when explicit and not an item tag) and length.
func (e *dcmEncoder) header(tag uint32, vr string, n uint32) {
	e.u16(uint16(tag >> 16))
	e.u16(uint16(tag))
	if !e.explicit || tag>>16 == 0xFFFE {
		e.u32(n)
		return
	}
	e.buf.WriteString(vr)
	if longVR(vr) {
		e.u16(0)
		e.u32(n)
		return
	}
	e.u16(uint16(n))
}

func (e *dcmEncoder) elem(tag uint32, vr string, v []byte) {
	if len(v)%2 == 1 {
		pad := byte(' ')
		if vr == "UI" || vr == "OB" {
			pad = 0
		}
		v = append(v, pad)
	}
	e.header(tag, vr, uint32(len(v)))
	e.buf.Write(v)
}

func (e *dcmEncoder) str(tag uint32, vr, s string) { e.elem(tag, vr, []byte(s)) }

func (e *dcmEncoder) us(tag uint32, v int) {
	b := make([]byte, 2)
	e.order.PutUint16(b, uint16(v))
	e.elem(tag, "US", b)
}

func (e *dcmEncoder) ds(tag uint32, vals ...float64) {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = strconv.FormatFloat(v, 'f', -1, 64)
	}
	e.str(tag, "DS", strings.Join(parts, `\`))
}

// undefinedSeq writes a sequence of undefined length whose items are
// undefined length too; vr "UN" encodes the items in implicit VR little
// endian, as CP-246 says.
func (e *dcmEncoder) undefinedSeq(tag uint32, vr string, items ...func(*dcmEncoder)) {
	e.header(tag, vr, undefinedLength)
	inner := e
	if vr == "UN" && e.explicit {
		inner = &dcmEncoder{order: binary.LittleEndian}
	}
	for _, item := range items {
		inner.header(tagItem, "", undefinedLength)
		item(inner)
		inner.header(tagItemDelim, "", 0)
	}
	inner.header(tagSequenceDelim, "", 0)
	if inner != e {
		e.buf.Write(inner.buf.Bytes())
	}
}

// definedSeq writes a sequence with explicit lengths for it and its items.
func (e *dcmEncoder) definedSeq(tag uint32, items ...func(*dcmEncoder)) {
	var body dcmEncoder
	body.explicit, body.order = e.explicit, e.order
	for _, item := range items {
		var it dcmEncoder
		it.explicit, it.order = e.explicit, e.order
		item(&it)
		body.header(tagItem, "", uint32(it.buf.Len()))
		body.buf.Write(it.buf.Bytes())
	}
	e.header(tag, "SQ", uint32(body.buf.Len()))
	e.buf.Write(body.buf.Bytes())
}

// dcmSpec describes one synthetic slice file.
type dcmSpec struct {
	syntax                                   string
	rows, cols                               int
	ipp                                      [3]float64
	iop                                      [6]float64
	spacing                                  [2]float64
	thickness                                float64
	seriesUID, desc, modality                string
	seriesNumber, instance                   int
	slope, intercept                         float64
	bitsAlloc, bitsStored, highBit, pixelRep int
	samples                                  int
	photometric                              string
	pixels                                   []int // stored values, rows*cols
	noPixels                                 bool
	extra                                    func(*dcmEncoder) // written after group 0008
}

// ctSpec is a small signed 16-bit CT slice with axial orientation.
func ctSpec(syntax string, rows, cols int, z float64) dcmSpec {
	return dcmSpec{syntax: syntax, rows: rows, cols: cols, ipp: [3]float64{-10, -20, z}, iop: [6]float64{1, 0, 0, 0, 1, 0},
		spacing: [2]float64{0.5, 0.75}, thickness: 2, seriesUID: "1.2.3.4", desc: "AX CT", modality: "CT", seriesNumber: 3,
		slope: 1, intercept: -1024, bitsAlloc: 16, bitsStored: 16, highBit: 15, pixelRep: 1, samples: 1, photometric: "MONOCHROME2",
		pixels: make([]int, rows*cols)}
}

// encodeDICOM builds a Part 10 file: preamble, explicit VR little endian
// meta group, then the data set in the spec's transfer syntax.
func encodeDICOM(s dcmSpec) []byte {
	meta := newEncoder(uidExplicitLE)
	meta.elem(0x00020001, "OB", []byte{0, 1})
	meta.str(0x00020002, "UI", "1.2.840.10008.5.1.4.1.1.2")
	meta.str(0x00020010, "UI", s.syntax)
	var out bytes.Buffer
	out.Write(make([]byte, dicomPreamble))
	out.WriteString("DICM")
	head := newEncoder(uidExplicitLE)
	head.elem(0x00020000, "UL", binary.LittleEndian.AppendUint32(nil, uint32(meta.buf.Len())))
	out.Write(head.buf.Bytes())
	out.Write(meta.buf.Bytes())

	e := newEncoder(s.syntax)
	e.str(0x00080060, "CS", s.modality)
	e.str(0x0008103E, "LO", s.desc)
	if s.extra != nil {
		s.extra(e)
	}
	e.str(0x00100010, "PN", "Doe^Jane")
	e.str(0x00100020, "LO", "PID-1")
	e.ds(0x00180050, s.thickness)
	e.str(0x0020000E, "UI", s.seriesUID)
	e.str(0x00200011, "IS", strconv.Itoa(s.seriesNumber))
	e.str(0x00200013, "IS", strconv.Itoa(s.instance))
	e.ds(0x00200032, s.ipp[:]...)
	e.ds(0x00200037, s.iop[:]...)
	e.us(0x00280002, s.samples)
	e.str(0x00280004, "CS", s.photometric)
	e.us(0x00280010, s.rows)
	e.us(0x00280011, s.cols)
	e.ds(0x00280030, s.spacing[:]...)
	e.us(0x00280100, s.bitsAlloc)
	e.us(0x00280101, s.bitsStored)
	e.us(0x00280102, s.highBit)
	e.us(0x00280103, s.pixelRep)
	e.ds(0x00281052, s.intercept)
	e.ds(0x00281053, s.slope)
	if !s.noPixels {
		var px []byte
		for _, v := range s.pixels {
			if s.bitsAlloc == 8 {
				px = append(px, byte(v))
			} else {
				px = e.order.(binary.AppendByteOrder).AppendUint16(px, uint16(v))
			}
		}
		vr := "OW"
		if s.bitsAlloc == 8 {
			vr = "OB"
		}
		e.elem(tagPixelData, vr, px)
	}
	out.Write(e.buf.Bytes())
	return out.Bytes()
}

func writeDICOM(t testing.TB, path string, s dcmSpec) {
	t.Helper()
	if err := os.WriteFile(path, encodeDICOM(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func closeTo(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
