package dicom

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/flate"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/internal/formatutil"
)

const (
	dicomPreamble   = 128
	undefinedLength = 0xFFFFFFFF
	// maxSequenceDepth bounds nesting so a hostile file cannot recurse
	// without end; real objects nest a handful of levels.
	maxSequenceDepth = 32
	// maxValueBytes bounds the values segtui keeps; all are short strings
	// or a few numbers.
	maxValueBytes = 4096

	tagItem          = 0xFFFEE000
	tagItemDelim     = 0xFFFEE00D
	tagSequenceDelim = 0xFFFEE0DD
	tagPixelData     = 0x7FE00010
	tagSyntaxUID     = 0x00020010
)

// dicomReader walks a Part 10 file's elements, counting bytes so every
// claimed length is checked against the file size before it is used.
type dicomReader struct {
	r        *bufio.Reader
	pos      int64
	size     int64 // the file's size; for a deflated data set, the most it can inflate to
	explicit bool
	order    binary.ByteOrder
	syntax   dicomSyntax
	// stopAtPixels leaves the reader at the first byte of native pixel
	// data, for reading them; otherwise a deflated file's pixels are
	// inflated past to check the stream is whole.
	stopAtPixels bool
	buf          [8]byte
}

// errTruncated is wrapped into errors about data past the end of the file.
var errTruncated = errors.New("file is truncated")

func (d *dicomReader) need(n int64, what string) error {
	if n > d.size-d.pos {
		return fmt.Errorf("%s at byte %d needs %d bytes but the file ends at byte %d: %w", what, d.pos, n, d.size, errTruncated)
	}
	return nil
}

func (d *dicomReader) read(n int) ([]byte, error) {
	if err := d.need(int64(n), "element header"); err != nil {
		return nil, err
	}
	b := d.buf[:n]
	if _, err := io.ReadFull(d.r, b); err != nil {
		return nil, fmt.Errorf("reading at byte %d: %w", d.pos, d.streamError(err))
	}
	d.pos += int64(n)
	return b, nil
}

func (d *dicomReader) skip(n int64, what string) error {
	if err := d.need(n, what); err != nil {
		return err
	}
	if _, err := d.r.Discard(int(n)); err != nil {
		return fmt.Errorf("skipping %s at byte %d: %w", what, d.pos, d.streamError(err))
	}
	d.pos += n
	return nil
}

func (d *dicomReader) value(n uint32, tag uint32) ([]byte, error) {
	if n > maxValueBytes {
		return nil, fmt.Errorf("element %s is %d bytes long; expected at most %d", tagString(tag), n, maxValueBytes)
	}
	if err := d.need(int64(n), "element "+tagString(tag)); err != nil {
		return nil, err
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(d.r, b); err != nil {
		return nil, fmt.Errorf("reading %s at byte %d: %w", tagString(tag), d.pos, d.streamError(err))
	}
	d.pos += int64(n)
	return b, nil
}

// streamError names an early end of the data as truncation; a deflated
// data set only finds its end by inflating up to it.
func (d *dicomReader) streamError(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		if d.syntax.deflated {
			return fmt.Errorf("the deflated data set ends early: %w", errTruncated)
		}
		return errTruncated
	}
	if d.syntax.deflated {
		return fmt.Errorf("corrupt deflated data set: %w", err)
	}
	return err
}

// atEnd reports whether the data set has no more elements: the end of the
// file, or of the inflated stream.
func (d *dicomReader) atEnd() bool {
	if d.pos >= d.size {
		return true
	}
	if d.syntax.deflated {
		_, err := d.r.Peek(1)
		return errors.Is(err, io.EOF)
	}
	return false
}

// longVR are the explicit VRs with a 2-byte reserved field and a 4-byte length.
func longVR(vr string) bool {
	switch vr {
	case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV":
		return true
	}
	return false
}

// header reads one element header: tag, VR ("" when implicit or for the
// item tags, which never carry one) and value length.
func (d *dicomReader) header() (tag uint32, vr string, length uint32, err error) {
	b, err := d.read(4)
	if err != nil {
		return 0, "", 0, err
	}
	tag = uint32(d.order.Uint16(b[0:2]))<<16 | uint32(d.order.Uint16(b[2:4]))
	if tag>>16 == 0xFFFE || !d.explicit {
		if b, err = d.read(4); err != nil {
			return 0, "", 0, err
		}
		return tag, "", d.order.Uint32(b), nil
	}
	if b, err = d.read(2); err != nil {
		return 0, "", 0, err
	}
	vr = string(b)
	if vr[0] < 'A' || vr[0] > 'Z' || vr[1] < 'A' || vr[1] > 'Z' {
		return 0, "", 0, fmt.Errorf("element %s at byte %d has VR bytes %q; expected two capital letters (explicit VR)", tagString(tag), d.pos-6, vr)
	}
	if !longVR(vr) {
		if b, err = d.read(2); err != nil {
			return 0, "", 0, err
		}
		return tag, vr, uint32(d.order.Uint16(b)), nil
	}
	if b, err = d.read(6); err != nil {
		return 0, "", 0, err
	}
	return tag, vr, d.order.Uint32(b[2:6]), nil
}

// skipValue passes over an element's value; undefined lengths are
// sequences (or, as UN, sequences in implicit VR little endian).
func (d *dicomReader) skipValue(tag uint32, vr string, n uint32, depth int) error {
	if n != undefinedLength {
		return d.skip(int64(n), "element "+tagString(tag))
	}
	switch vr {
	case "", "SQ":
		return d.skipSequence(depth + 1)
	case "UN":
		// CP-246: an undefined-length UN holds implicit VR little endian items.
		explicit, order := d.explicit, d.order
		d.explicit, d.order = false, binary.LittleEndian
		err := d.skipSequence(depth + 1)
		d.explicit, d.order = explicit, order
		return err
	}
	return fmt.Errorf("element %s (VR %s) at byte %d has undefined length; only sequences may", tagString(tag), vr, d.pos)
}

// skipSequence passes over items up to the sequence delimiter.
func (d *dicomReader) skipSequence(depth int) error {
	if depth > maxSequenceDepth {
		return fmt.Errorf("sequences nested more than %d deep at byte %d", maxSequenceDepth, d.pos)
	}
	for {
		tag, _, n, err := d.header()
		if err != nil {
			return err
		}
		switch tag {
		case tagSequenceDelim:
			return nil
		case tagItem:
			if n != undefinedLength {
				if err := d.skip(int64(n), "sequence item"); err != nil {
					return err
				}
				continue
			}
			if err := d.skipItem(depth); err != nil {
				return err
			}
		default:
			return fmt.Errorf("found %s at byte %d inside a sequence; expected an item (FFFE,E000) or the sequence end (FFFE,E0DD)", tagString(tag), d.pos-8)
		}
	}
}

// skipItem passes over an undefined-length item's elements up to its delimiter.
func (d *dicomReader) skipItem(depth int) error {
	for {
		tag, vr, n, err := d.header()
		if err != nil {
			return err
		}
		if tag == tagItemDelim {
			return nil
		}
		if tag == tagItem || tag == tagSequenceDelim {
			return fmt.Errorf("found %s at byte %d inside an item; expected elements up to the item end (FFFE,E00D)", tagString(tag), d.pos-8)
		}
		if err := d.skipValue(tag, vr, n, depth); err != nil {
			return err
		}
	}
}

func tagString(tag uint32) string { return fmt.Sprintf("(%04X,%04X)", tag>>16, tag&0xFFFF) }

// openDICOM opens a Part 10 file, checks the preamble and reads the file
// meta group, leaving the reader at the first data set element in the
// transfer syntax the meta names.
func openDICOM(path string) (*os.File, *dicomReader, string, error) {
	f, err := datasets.OpenRegular(path)
	if err != nil {
		return nil, nil, "", err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, "", err
	}
	d := &dicomReader{r: bufio.NewReaderSize(f, 64<<10), size: st.Size(), explicit: true, order: binary.LittleEndian}
	uid, err := d.meta()
	if err != nil {
		f.Close()
		return nil, nil, "", err
	}
	return f, d, uid, nil
}

// meta reads group 0002 (always explicit VR little endian) and returns
// the transfer syntax UID.
func (d *dicomReader) meta() (string, error) {
	if d.size < dicomPreamble+4 {
		return "", fmt.Errorf("file is %d bytes; a DICOM Part 10 file has a 128-byte preamble and \"DICM\"", d.size)
	}
	if err := d.skip(dicomPreamble, "preamble"); err != nil {
		return "", err
	}
	b, err := d.read(4)
	if err != nil {
		return "", err
	}
	if string(b) != "DICM" {
		return "", fmt.Errorf("bytes 128..131 are %q; expected \"DICM\" (a DICOM Part 10 file)", b)
	}
	uid := ""
	for d.pos < d.size {
		peek, err := d.r.Peek(2)
		if err != nil {
			return "", fmt.Errorf("reading the file meta at byte %d: %w", d.pos, err)
		}
		if binary.LittleEndian.Uint16(peek) != 0x0002 {
			break
		}
		tag, vr, n, err := d.header()
		if err != nil {
			return "", err
		}
		if tag == tagSyntaxUID {
			v, err := d.value(n, tag)
			if err != nil {
				return "", err
			}
			uid = trimValue(v)
			continue
		}
		if n == undefinedLength {
			return "", fmt.Errorf("file meta element %s (VR %s) has undefined length", tagString(tag), vr)
		}
		if err := d.skip(int64(n), "element "+tagString(tag)); err != nil {
			return "", err
		}
	}
	if uid == "" {
		return "", fmt.Errorf("file meta has no Transfer Syntax UID (0002,0010)")
	}
	syn, err := lookupSyntax(uid)
	if err != nil {
		return uid, err
	}
	d.explicit, d.order, d.syntax = syn.explicit, syn.order, syn
	if syn.deflated {
		// The rest of the file is one raw deflate stream; positions count
		// inflated bytes from here on, bounded by deflate's 1032:1.
		d.size = d.pos + (d.size-d.pos)*formatutil.MaxDeflateRatio
		d.r = bufio.NewReaderSize(flate.NewReader(d.r), 64<<10)
	}
	return uid, nil
}

// trimValue strips the space or NUL padding DICOM adds to reach an even length.
func trimValue(b []byte) string {
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == 0) {
		b = b[:len(b)-1]
	}
	for len(b) > 0 && b[0] == ' ' {
		b = b[1:]
	}
	return string(b)
}
