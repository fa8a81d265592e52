// Package jpegls decodes JPEG-LS (ITU-T T.87) codestreams as DICOM uses
// them (transfer syntaxes 1.2.840.10008.1.2.4.80 lossless and .81 near
// lossless): 2 to 16 bits, one to four components, no interleave, line or
// sample interleave, preset coding parameters. Mapping tables (palettes),
// restart intervals and CharLS's colour transforms are refused.
package jpegls

import (
	"encoding/binary"
	"fmt"
)

// Frame is a decoded image: samples interleaved, little-endian, one byte
// each for precisions up to 8 bits and two above.
type Frame struct {
	Width, Height, Components int
	Precision                 int
	Data                      []byte
}

// MaxSamples bounds the frame a header may claim, so a corrupt header
// cannot make the decoder allocate gigabytes.
const MaxSamples = 1 << 28

type params struct {
	maxval, t1, t2, t3, reset int
}

type decoder struct {
	data          []byte
	precision     int
	width, height int
	ncomp         int
	ids           []byte
	preset        params
	out           []uint16 // interleaved samples
	seen          []bool
}

// DecodeConfig reads the frame header only.
func DecodeConfig(src []byte) (width, height, components, precision int, err error) {
	d := &decoder{data: src}
	err = d.run(true)
	return d.width, d.height, d.ncomp, d.precision, err
}

// Decode decodes one JPEG-LS codestream.
func Decode(src []byte) (*Frame, error) {
	d := &decoder{data: src}
	if err := d.run(false); err != nil {
		return nil, err
	}
	f := &Frame{Width: d.width, Height: d.height, Components: d.ncomp, Precision: d.precision}
	if d.precision <= 8 {
		f.Data = make([]byte, len(d.out))
		for i, v := range d.out {
			f.Data[i] = byte(v)
		}
	} else {
		f.Data = make([]byte, 2*len(d.out))
		for i, v := range d.out {
			binary.LittleEndian.PutUint16(f.Data[2*i:], v)
		}
	}
	return f, nil
}

func (d *decoder) run(headerOnly bool) error {
	if len(d.data) < 2 || d.data[0] != 0xFF || d.data[1] != 0xD8 {
		return fmt.Errorf("jpeg-ls: data does not start with the SOI marker FFD8 (found % X): not a JPEG-LS codestream", d.data[:min(2, len(d.data))])
	}
	pos := 2
	for {
		if pos >= len(d.data) || d.data[pos] != 0xFF {
			if pos >= len(d.data) && d.complete() {
				return nil // EOI missing after complete scans
			}
			if pos >= len(d.data) {
				return fmt.Errorf("jpeg-ls: data ends at byte %d before the EOI marker: truncated", pos)
			}
			return fmt.Errorf("jpeg-ls: byte %d is %02X, expected a marker: corrupt data", pos, d.data[pos])
		}
		for pos+1 < len(d.data) && d.data[pos+1] == 0xFF {
			pos++
		}
		if pos+1 >= len(d.data) {
			return fmt.Errorf("jpeg-ls: data ends at byte %d inside a marker: truncated", pos)
		}
		m := d.data[pos+1]
		pos += 2
		if m == 0xD9 {
			if d.ncomp == 0 {
				return fmt.Errorf("jpeg-ls: EOI before a frame header: no image")
			}
			if !d.complete() {
				return fmt.Errorf("jpeg-ls: EOI before every component was in a scan: incomplete image")
			}
			return nil
		}
		if pos+2 > len(d.data) {
			return fmt.Errorf("jpeg-ls: marker FF%02X at byte %d has no length: truncated", m, pos-2)
		}
		n := int(binary.BigEndian.Uint16(d.data[pos:]))
		if n < 2 || pos+n > len(d.data) {
			return fmt.Errorf("jpeg-ls: marker FF%02X at byte %d claims %d bytes but %d are left: truncated", m, pos-2, n, len(d.data)-pos)
		}
		seg := d.data[pos+2 : pos+n]
		var err error
		switch {
		case m == 0xF7:
			if d.ncomp != 0 {
				return fmt.Errorf("jpeg-ls: a second frame header at byte %d", pos-2)
			}
			err = d.parseSOF(seg)
			if err == nil && headerOnly {
				return nil
			}
		case m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC:
			return fmt.Errorf("jpeg-ls: frame marker FF%02X is a JPEG (not JPEG-LS) frame: the transfer syntax and the data disagree", m)
		case m == 0xF8:
			err = d.parseLSE(seg)
		case m == 0xDD:
			if len(seg) >= 2 && binary.BigEndian.Uint16(seg) != 0 {
				return fmt.Errorf("jpeg-ls: restart intervals are not supported")
			}
		case m == 0xE8:
			if len(seg) >= 5 && string(seg[:4]) == "mrfx" && seg[4] != 0 {
				return fmt.Errorf("jpeg-ls: CharLS colour transform %d is not supported", seg[4])
			}
		case m == 0xDA:
			if d.ncomp == 0 {
				return fmt.Errorf("jpeg-ls: scan at byte %d before the frame header", pos-2)
			}
			end, err := d.scan(seg, pos+n)
			if err != nil {
				return fmt.Errorf("jpeg-ls: %w", err)
			}
			pos = end
			continue
		}
		if err != nil {
			return fmt.Errorf("jpeg-ls: marker FF%02X at byte %d: %w", m, pos-2, err)
		}
		pos += n
	}
}

func (d *decoder) complete() bool {
	for _, s := range d.seen {
		if !s {
			return false
		}
	}
	return d.ncomp > 0
}

func (d *decoder) parseSOF(seg []byte) error {
	if len(seg) < 6 {
		return fmt.Errorf("frame header of %d bytes, expected at least 6", len(seg))
	}
	d.precision = int(seg[0])
	d.height = int(binary.BigEndian.Uint16(seg[1:]))
	d.width = int(binary.BigEndian.Uint16(seg[3:]))
	d.ncomp = int(seg[5])
	switch {
	case d.precision < 2 || d.precision > 16:
		return fmt.Errorf("precision %d bits, expected 2 to 16", d.precision)
	case d.width == 0 || d.height == 0:
		return fmt.Errorf("frame of %dx%d pixels: sizes given by an LSE marker are not supported", d.width, d.height)
	case d.ncomp < 1 || d.ncomp > 4:
		return fmt.Errorf("%d components, expected 1 to 4", d.ncomp)
	case len(seg) != 6+3*d.ncomp:
		return fmt.Errorf("frame header of %d bytes for %d components, expected %d", len(seg), d.ncomp, 6+3*d.ncomp)
	case d.width*d.height*d.ncomp > MaxSamples:
		return fmt.Errorf("frame of %dx%d pixels with %d components exceeds the %d-sample limit", d.width, d.height, d.ncomp, MaxSamples)
	}
	d.ids = make([]byte, d.ncomp)
	d.seen = make([]bool, d.ncomp)
	for i := range d.ids {
		d.ids[i] = seg[6+3*i]
		if seg[7+3*i] != 0x11 {
			return fmt.Errorf("component %d has sampling %dx%d, expected 1x1 (subsampled JPEG-LS is not supported)", i, seg[7+3*i]>>4, seg[7+3*i]&15)
		}
	}
	return nil
}

func (d *decoder) parseLSE(seg []byte) error {
	if len(seg) < 1 {
		return fmt.Errorf("empty LSE segment")
	}
	switch seg[0] {
	case 1:
		if len(seg) != 11 {
			return fmt.Errorf("preset parameters of %d bytes, expected 11", len(seg))
		}
		u := func(i int) int { return int(binary.BigEndian.Uint16(seg[1+2*i:])) }
		d.preset = params{maxval: u(0), t1: u(1), t2: u(2), t3: u(3), reset: u(4)}
		return nil
	case 2, 3:
		return fmt.Errorf("mapping tables (palettes) are not supported")
	}
	return fmt.Errorf("LSE type %d is not supported", seg[0])
}

// scan parses a scan header and decodes its data, which starts at start;
// it returns the position after the data.
func (d *decoder) scan(seg []byte, start int) (int, error) {
	if len(seg) < 1 {
		return 0, fmt.Errorf("empty scan header")
	}
	ns := int(seg[0])
	if ns < 1 || ns > d.ncomp || len(seg) != 4+2*ns {
		return 0, fmt.Errorf("scan header of %d bytes for %d components, expected %d bytes and 1 to %d components", len(seg), ns, 4+2*ns, d.ncomp)
	}
	comps := make([]int, ns)
	for i := range comps {
		comps[i] = -1
		for j, id := range d.ids {
			if id == seg[1+2*i] {
				comps[i] = j
			}
		}
		if comps[i] < 0 {
			return 0, fmt.Errorf("scan component id %d is not in the frame", seg[1+2*i])
		}
		if seg[2+2*i] != 0 {
			return 0, fmt.Errorf("component %d uses mapping table %d: palettes are not supported", seg[1+2*i], seg[2+2*i])
		}
		if d.seen[comps[i]] {
			return 0, fmt.Errorf("component %d is in two scans", seg[1+2*i])
		}
		d.seen[comps[i]] = true
	}
	near, ilv, pt := int(seg[1+2*ns]), int(seg[2+2*ns]), int(seg[3+2*ns]&15)
	switch {
	case ilv > 2:
		return 0, fmt.Errorf("interleave mode %d, expected 0 (none), 1 (line) or 2 (sample)", ilv)
	case ilv == 0 && ns != 1:
		return 0, fmt.Errorf("%d components in a non-interleaved scan, expected 1", ns)
	case ilv == 2 && ns != 3:
		return 0, fmt.Errorf("sample-interleaved scan of %d components: only 3 are supported", ns)
	case ilv != 0 && ns == 1:
		ilv = 0
	}
	if pt >= d.precision {
		return 0, fmt.Errorf("point transform %d for %d-bit samples", pt, d.precision)
	}
	if d.out == nil {
		d.out = make([]uint16, d.width*d.height*d.ncomp)
	}
	s, err := newScan(d, comps, near, ilv, pt)
	if err != nil {
		return 0, err
	}
	s.br.init(d.data, start)
	if err := s.decode(); err != nil {
		return 0, err
	}
	// The scan ends at the next marker: FF followed by a byte with its top bit set.
	pos := s.br.pos
	for pos+1 < len(d.data) && !(d.data[pos] == 0xFF && d.data[pos+1] >= 0x80) {
		pos++
	}
	if pos+1 >= len(d.data) {
		pos = len(d.data)
	}
	return pos, nil
}
