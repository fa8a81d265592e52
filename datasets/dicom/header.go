package dicom

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/segtui/segtui/datasets"
)

// dicomSlice is what segtui needs from one DICOM image file's header; for
// a multi-frame file, expandFrames makes one per frame, each with its own
// placement.
type dicomSlice struct {
	path   string
	syntax string
	order  binary.ByteOrder
	// deflated and encapsulated say how the pixels are stored (see
	// dicomSyntax); for encapsulated pixels, pixelLength covers every
	// fragment item and the sequence delimiter.
	deflated, encapsulated bool

	rows, cols                       int
	bitsAlloc, bitsStored, highBit   int
	pixelRep, samples, frames        int
	planar                           int // PlanarConfiguration: 1 stores colour planes one after another
	photometric                      string
	seriesUID, description, modality string
	patientID                        string // compared, never printed
	instance, seriesNumber           int
	pixelOffset, pixelLength         int64
	hasPixels                        bool
	// floatPixels names the Float or Double Pixel Data element the image
	// is in instead (parametric maps); "" when none.
	floatPixels string
	// extOffsets is the Extended Offset Table (7FE0,0001): where each
	// encapsulated frame starts, for files too large for the basic one.
	extOffsets []uint64

	// placement is the top-level position, orientation, spacing and
	// rescale; for a frame of a multi-frame file, those merged with the
	// shared and the frame's own functional groups.
	placement
	// shared and perFrame are the enhanced multi-frame functional groups
	// (SharedFunctionalGroupsSequence, PerFrameFunctionalGroupsSequence).
	shared     placement
	perFrame   []placement
	hasGroups  bool
	frame      int // this record's frame in its file, from 0
	multiframe bool
}

// placement is what the functional group macros can give each frame: the
// Plane Position, Plane Orientation, Pixel Measures and Pixel Value
// Transformation attributes, each with whether it was present.
type placement struct {
	pixelSpacing               [2]float64 // row spacing (along j), column spacing (along i)
	thickness, between         float64    // SliceThickness, SpacingBetweenSlices
	ipp                        [3]float64
	iop                        [6]float64
	slope, intercept           float64
	hasSpacing, hasIPP, hasIOP bool
	hasThickness, hasBetween   bool
	hasSlope, hasIntercept     bool
}

// over returns p with the attributes o has replacing p's.
func (p placement) over(o placement) placement {
	if o.hasSpacing {
		p.pixelSpacing, p.hasSpacing = o.pixelSpacing, true
	}
	if o.hasThickness {
		p.thickness, p.hasThickness = o.thickness, true
	}
	if o.hasBetween {
		p.between, p.hasBetween = o.between, true
	}
	if o.hasIPP {
		p.ipp, p.hasIPP = o.ipp, true
	}
	if o.hasIOP {
		p.iop, p.hasIOP = o.iop, true
	}
	if o.hasSlope {
		p.slope, p.hasSlope = o.slope, true
	}
	if o.hasIntercept {
		p.intercept, p.hasIntercept = o.intercept, true
	}
	return p
}

// name says which file, and which frame of a multi-frame file, a record
// is, for messages.
func (s *dicomSlice) name() string {
	if s.multiframe {
		return fmt.Sprintf("%s frame %d", s.path, s.frame+1)
	}
	return s.path
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
	0x00280006: usField(func(s *dicomSlice) *int { return &s.planar }),
}

// placementFields are the elements of a placement, read at the top level
// and inside the functional group macros.
var placementFields = map[uint32]placementField{
	0x00281053: dsField(1, func(p *placement, x []float64) { p.slope, p.hasSlope = x[0], true }),
	0x00281052: dsField(1, func(p *placement, x []float64) { p.intercept, p.hasIntercept = x[0], true }),
	0x00180050: dsField(1, func(p *placement, x []float64) { p.thickness, p.hasThickness = x[0], true }),
	0x00180088: dsField(1, func(p *placement, x []float64) { p.between, p.hasBetween = x[0], true }),
	0x00280030: dsField(2, func(p *placement, x []float64) {
		p.pixelSpacing, p.hasSpacing = [2]float64{x[0], x[1]}, true
	}),
	0x00200032: dsField(3, func(p *placement, x []float64) {
		p.ipp, p.hasIPP = [3]float64{x[0], x[1], x[2]}, true
	}),
	0x00200037: dsField(6, func(p *placement, x []float64) {
		copy(p.iop[:], x)
		p.hasIOP = true
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

// placementField parses one placement element's value into p.
type placementField func(p *placement, v []byte) error

// dsField parses a decimal string of exactly n values.
func dsField(n int, set func(*placement, []float64)) placementField {
	return func(p *placement, v []byte) error {
		t := trimValue(v)
		if t == "" {
			return nil
		}
		parts := strings.Split(t, `\`)
		if len(parts) != n {
			return fmt.Errorf("value %q has %d numbers; expected %d", datasets.Clip(t), len(parts), n)
		}
		out := make([]float64, n)
		for i, part := range parts {
			x, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("value %q is not a list of finite decimal numbers", datasets.Clip(t))
			}
			out[i] = x
		}
		set(p, out)
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
	s := &dicomSlice{path: path, syntax: uid, order: d.order, samples: 1, frames: 1,
		deflated: d.syntax.deflated, encapsulated: d.syntax.encapsulated}
	s.slope = 1
	if err := d.dataSet(s); err != nil {
		return nil, fmt.Errorf("read DICOM %s: %w", path, err)
	}
	return s, nil
}

// dataSet walks the top-level elements, keeping dicomFields and
// placementFields and reading the functional groups, until the pixel data
// (whose position it records) or the end of the data set.
func (d *dicomReader) dataSet(s *dicomSlice) error {
	for !d.atEnd() {
		tag, vr, n, err := d.header()
		if err != nil {
			return err
		}
		switch {
		case tag == tagPixelData:
			return d.pixelData(s, n)
		case tag == tagExtOffsets && n != undefinedLength:
			if err := d.extOffsets(s, n); err != nil {
				return err
			}
			continue
		case tag == tagSharedGroups || tag == tagPerFrameGroups:
			if err := d.functionalGroups(s, tag, vr, n); err != nil {
				return fmt.Errorf("%s: %w", groupName(tag), err)
			}
			continue
		}
		if name, ok := floatPixelTags[tag]; ok {
			s.floatPixels = name
		}
		if done, err := d.placementValue(tag, vr, n, &s.placement); done || err != nil {
			if err != nil {
				return err
			}
			continue
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

// placementValue reads the element into p when it is one of the
// placementFields, reporting whether it was.
func (d *dicomReader) placementValue(tag uint32, vr string, n uint32, p *placement) (bool, error) {
	parse, ok := placementFields[tag]
	if !ok || n == undefinedLength || vr == "SQ" {
		return false, nil
	}
	v, err := d.value(n, tag)
	if err != nil {
		return true, err
	}
	if err := parse(p, v); err != nil {
		return true, fmt.Errorf("element %s: %w", tagString(tag), err)
	}
	return true, nil
}

// pixelData records where the pixels are: a native value of n bytes, or
// encapsulated fragments, whose items are walked to their delimiter so a
// truncated file is found when the folder is scanned.
func (d *dicomReader) pixelData(s *dicomSlice, n uint32) error {
	if n == undefinedLength {
		if !s.encapsulated {
			return fmt.Errorf("pixel data is encapsulated (compressed) although transfer syntax %s is not", s.syntax)
		}
		start := d.pos
		if err := d.skipFragments(); err != nil {
			return fmt.Errorf("encapsulated pixel data: %w", err)
		}
		s.pixelOffset, s.pixelLength, s.hasPixels = start, d.pos-start, true
		return nil
	}
	if s.encapsulated {
		return fmt.Errorf("pixel data is %d bytes of native pixels, but transfer syntax %s (%s) keeps compressed fragments in an undefined-length element: corrupt file",
			n, s.syntax, d.syntax.name)
	}
	if err := d.need(int64(n), "pixel data"); err != nil {
		return err
	}
	s.pixelOffset, s.pixelLength, s.hasPixels = d.pos, int64(n), true
	if s.deflated && !d.stopAtPixels {
		// Only inflating tells whether the stream holds all the pixels, so
		// a cut file is found when the folder is scanned, as others are.
		return d.skip(int64(n), "pixel data")
	}
	return nil
}

// skipFragments passes over the Basic Offset Table and fragment items up
// to the sequence delimiter.
func (d *dicomReader) skipFragments() error {
	for {
		tag, _, n, err := d.header()
		if err != nil {
			return err
		}
		switch {
		case tag == tagSequenceDelim:
			return nil
		case tag != tagItem:
			return fmt.Errorf("found %s at byte %d; expected a fragment item (FFFE,E000) or the sequence end (FFFE,E0DD)", tagString(tag), d.pos-8)
		case n == undefinedLength:
			return fmt.Errorf("fragment item at byte %d has undefined length; fragments have explicit lengths", d.pos-8)
		}
		if err := d.skip(int64(n), "fragment"); err != nil {
			return err
		}
	}
}

// extOffsets reads the Extended Offset Table, 8 bytes per frame.
func (d *dicomReader) extOffsets(s *dicomSlice, n uint32) error {
	if n%8 != 0 || int64(n) > 8*maxFrames {
		return fmt.Errorf("the Extended Offset Table (7FE0,0001) is %d bytes; expected 8 per frame, at most %d frames", n, maxFrames)
	}
	if err := d.need(int64(n), "Extended Offset Table (7FE0,0001)"); err != nil {
		return err
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(d.r, b); err != nil {
		return fmt.Errorf("reading the Extended Offset Table at byte %d: %w", d.pos, d.streamError(err))
	}
	d.pos += int64(n)
	s.extOffsets = make([]uint64, n/8)
	for i := range s.extOffsets {
		s.extOffsets[i] = d.order.Uint64(b[8*i:])
	}
	return nil
}
