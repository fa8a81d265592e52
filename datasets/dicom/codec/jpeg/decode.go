// Package jpeg decodes the JPEG processes DICOM uses: lossless (process
// 14, any predictor, 2 to 16 bits; transfer syntaxes 1.2.840.10008.1.2.4.57
// and .70) and sequential DCT with Huffman coding in 8 and 12 bits
// (baseline .50 and extended .51). The DCT path reproduces the IJG
// library's integer IDCT, fancy upsampling and colour conversion, which
// dcmtk's dcmdjpeg uses, so lossy frames decode to the same values.
// Progressive, hierarchical and arithmetic-coded JPEG are refused.
package jpeg

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

// Options change how lossy colour images decode.
type Options struct {
	// YCbCrToRGB converts three-component DCT images to RGB, as dcmdjpeg
	// does for DICOM's YBR_FULL_422 and YBR_FULL.
	YCbCrToRGB bool
	// GuessColor converts three-component DCT images that the IJG library
	// would guess to be YCbCr (a JFIF marker, an Adobe marker with
	// transform 1, or neither and component ids other than R, G, B), as
	// dcmtk (+cg) and gdcm do for images that DICOM calls RGB.
	GuessColor bool
}

// MaxSamples bounds the frame a header may claim (width x height x
// components), so a corrupt header cannot make the decoder allocate
// gigabytes: 2^28 samples is 16384 x 16384 in colour.
const MaxSamples = 1 << 28

type component struct {
	id     byte
	h, v   int
	tq     int
	td, ta int
	// DCT: decoded samples at the component's resolution, padded to whole
	// blocks; width and height of that plane; lossless: unused.
	plane    []int32
	bw, bh   int // blocks across and down (padded to whole MCUs)
	dsW, dsH int // downsampled size (ceil of the image size times h/hmax)
	dcPred   int
	seen     bool
}

type decoder struct {
	data       []byte
	opts       Options
	sof        byte
	precision  int
	width      int
	height     int
	comps      []component
	hmax, vmax int
	dc, ac     [4]huffman
	quant      [4][64]int32
	qdefined   [4]bool
	restart    int
	br         bitReader
	// lossless output, interleaved
	samples []uint16
	adobe   int // Adobe APP14 transform flag, -1 when absent
	jfif    bool
}

// DecodeConfig reads the frame header only.
func DecodeConfig(src []byte) (width, height, components, precision int, err error) {
	d := &decoder{data: src, adobe: -1}
	err = d.run(true)
	return d.width, d.height, len(d.comps), d.precision, err
}

// Decode decodes one JPEG codestream.
func Decode(src []byte, opts Options) (*Frame, error) {
	d := &decoder{data: src, opts: opts, adobe: -1}
	if err := d.run(false); err != nil {
		return nil, err
	}
	return d.output(), nil
}

func (d *decoder) run(headerOnly bool) error {
	if len(d.data) < 2 || d.data[0] != 0xFF || d.data[1] != 0xD8 {
		return fmt.Errorf("jpeg: data does not start with the SOI marker FFD8 (found % X): not a JPEG codestream", d.data[:min(2, len(d.data))])
	}
	pos := 2
	scans := 0
	for {
		// Markers may be preceded by fill bytes 0xFF.
		for pos < len(d.data) && d.data[pos] != 0xFF {
			if scans == 0 {
				return fmt.Errorf("jpeg: byte %d is %02X, expected a marker: corrupt header", pos, d.data[pos])
			}
			pos++ // garbage after a scan: skip to the next marker, as decoders do
		}
		for pos+1 < len(d.data) && d.data[pos+1] == 0xFF {
			pos++
		}
		if pos+1 >= len(d.data) {
			if scans > 0 && d.allSeen() {
				return nil // EOI missing after complete scans: accept, as dcmtk does
			}
			return fmt.Errorf("jpeg: data ends at byte %d before the EOI marker: truncated", len(d.data))
		}
		m := d.data[pos+1]
		pos += 2
		switch {
		case m == 0xD9: // EOI
			if d.comps == nil {
				return fmt.Errorf("jpeg: EOI before a frame header: no image")
			}
			if !d.allSeen() && !headerOnly {
				return fmt.Errorf("jpeg: EOI before every component was in a scan: incomplete image")
			}
			return nil
		case m >= 0xD0 && m <= 0xD7, m == 0x01:
			continue // stray RSTn or TEM: no length
		}
		if pos+2 > len(d.data) {
			return fmt.Errorf("jpeg: marker FF%02X at byte %d has no length: truncated", m, pos-2)
		}
		n := int(binary.BigEndian.Uint16(d.data[pos:]))
		if n < 2 || pos+n > len(d.data) {
			return fmt.Errorf("jpeg: marker FF%02X at byte %d claims %d bytes but %d are left: truncated", m, pos-2, n, len(d.data)-pos)
		}
		seg := d.data[pos+2 : pos+n]
		var err error
		switch {
		case m == 0xC0 || m == 0xC1 || m == 0xC3:
			if d.comps != nil {
				return fmt.Errorf("jpeg: a second frame header at byte %d: hierarchical JPEG is not supported", pos-2)
			}
			d.sof = m
			err = d.parseSOF(seg)
			if err == nil && headerOnly {
				return nil
			}
		case m == 0xC2 || (m >= 0xC5 && m <= 0xCF && m != 0xC8 && m != 0xCC):
			return fmt.Errorf("jpeg: frame type SOF%d (%s) is not supported: only baseline, extended sequential Huffman and lossless Huffman JPEG are", m-0xC0, sofName(m))
		case m == 0xC4:
			err = d.parseDHT(seg)
		case m == 0xDB:
			err = d.parseDQT(seg)
		case m == 0xDD:
			if len(seg) != 2 {
				err = fmt.Errorf("DRI of %d bytes, expected 2", len(seg))
			} else {
				d.restart = int(binary.BigEndian.Uint16(seg))
			}
		case m == 0xE0:
			d.jfif = d.jfif || (len(seg) >= 5 && string(seg[:5]) == "JFIF\x00")
		case m == 0xEE:
			if len(seg) >= 12 && string(seg[:5]) == "Adobe" {
				d.adobe = int(seg[11])
			}
		case m == 0xDA:
			if d.comps == nil {
				return fmt.Errorf("jpeg: scan at byte %d before the frame header", pos-2)
			}
			var end int
			end, err = d.scan(seg, pos+n)
			if err != nil {
				return fmt.Errorf("jpeg: scan %d: %w", scans+1, err)
			}
			scans++
			pos = end
			continue
		}
		if err != nil {
			return fmt.Errorf("jpeg: marker FF%02X at byte %d: %w", m, pos-2, err)
		}
		pos += n
	}
}

func sofName(m byte) string {
	switch m {
	case 0xC2:
		return "progressive"
	case 0xC5, 0xC6, 0xC7:
		return "hierarchical"
	case 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF:
		return "arithmetic-coded"
	}
	return "reserved"
}

// guessYCbCr is jdapimin.c's default_decompress_parms for three components.
func (d *decoder) guessYCbCr() bool {
	switch {
	case d.jfif:
		return true
	case d.adobe >= 0:
		return d.adobe == 1
	}
	return !(d.comps[0].id == 'R' && d.comps[1].id == 'G' && d.comps[2].id == 'B')
}

func (d *decoder) allSeen() bool {
	for _, c := range d.comps {
		if !c.seen {
			return false
		}
	}
	return len(d.comps) > 0
}

func (d *decoder) parseSOF(seg []byte) error {
	if len(seg) < 6 {
		return fmt.Errorf("frame header of %d bytes, expected at least 6", len(seg))
	}
	d.precision = int(seg[0])
	d.height = int(binary.BigEndian.Uint16(seg[1:]))
	d.width = int(binary.BigEndian.Uint16(seg[3:]))
	nc := int(seg[5])
	switch {
	case d.sof == 0xC3 && (d.precision < 2 || d.precision > 16):
		return fmt.Errorf("lossless precision %d bits, expected 2 to 16", d.precision)
	case d.sof == 0xC0 && d.precision != 8:
		return fmt.Errorf("baseline precision %d bits, expected 8", d.precision)
	case d.sof == 0xC1 && d.precision != 8 && d.precision != 12:
		return fmt.Errorf("extended precision %d bits, expected 8 or 12", d.precision)
	case d.height == 0:
		return fmt.Errorf("frame height 0 (given later by a DNL marker) is not supported")
	case d.width == 0:
		return fmt.Errorf("frame width 0, expected at least 1")
	case nc < 1 || nc > 4:
		return fmt.Errorf("%d components, expected 1 to 4", nc)
	case len(seg) != 6+3*nc:
		return fmt.Errorf("frame header of %d bytes for %d components, expected %d", len(seg), nc, 6+3*nc)
	case d.width*d.height*nc > MaxSamples:
		return fmt.Errorf("frame of %dx%d pixels with %d components exceeds the %d-sample limit", d.width, d.height, nc, MaxSamples)
	}
	d.comps = make([]component, nc)
	for i := range d.comps {
		c := &d.comps[i]
		c.id, c.h, c.v, c.tq = seg[6+3*i], int(seg[7+3*i]>>4), int(seg[7+3*i]&15), int(seg[8+3*i])
		if c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4 || c.tq > 3 {
			return fmt.Errorf("component %d has sampling %dx%d and quantisation table %d, expected 1 to 4 and 0 to 3", i, c.h, c.v, c.tq)
		}
		for j := 0; j < i; j++ {
			if d.comps[j].id == c.id {
				return fmt.Errorf("components %d and %d share id %d", j, i, c.id)
			}
		}
		d.hmax, d.vmax = max(d.hmax, c.h), max(d.vmax, c.v)
	}
	if d.sof == 0xC3 && (d.hmax > 1 || d.vmax > 1) {
		return fmt.Errorf("lossless JPEG with subsampled components (%dx%d) is not supported", d.hmax, d.vmax)
	}
	return nil
}

func (d *decoder) parseDHT(seg []byte) error {
	for len(seg) > 0 {
		if len(seg) < 17 {
			return fmt.Errorf("huffman table header of %d bytes, expected 17", len(seg))
		}
		class, id := seg[0]>>4, seg[0]&15
		if class > 1 || id > 3 {
			return fmt.Errorf("huffman table class %d id %d, expected class 0 or 1 and id 0 to 3", class, id)
		}
		var counts [16]byte
		copy(counts[:], seg[1:17])
		total := 0
		for _, c := range counts {
			total += int(c)
		}
		if total > 256 || len(seg) < 17+total {
			return fmt.Errorf("huffman table with %d codes in %d bytes: corrupt or truncated", total, len(seg)-17)
		}
		t := &d.dc[id]
		if class == 1 {
			t = &d.ac[id]
		}
		if err := t.build(counts, seg[17:17+total]); err != nil {
			return err
		}
		seg = seg[17+total:]
	}
	return nil
}

func (d *decoder) parseDQT(seg []byte) error {
	for len(seg) > 0 {
		pq, id := seg[0]>>4, seg[0]&15
		size := 1 + 64*(1+int(pq))
		if pq > 1 || id > 3 || len(seg) < size {
			return fmt.Errorf("quantisation table precision %d id %d in %d bytes, expected precision 0 or 1, id 0 to 3, %d bytes", pq, id, len(seg), size)
		}
		for k := 0; k < 64; k++ {
			if pq == 0 {
				d.quant[id][k] = int32(seg[1+k])
			} else {
				d.quant[id][k] = int32(binary.BigEndian.Uint16(seg[1+2*k:]))
			}
		}
		d.qdefined[id] = true
		seg = seg[size:]
	}
	return nil
}

// scan parses a scan header, decodes its entropy-coded data (which starts
// at start) and returns where the data ended.
func (d *decoder) scan(seg []byte, start int) (int, error) {
	if len(seg) < 1 {
		return 0, fmt.Errorf("empty scan header")
	}
	ns := int(seg[0])
	if ns < 1 || ns > 4 || len(seg) != 4+2*ns {
		return 0, fmt.Errorf("scan header of %d bytes for %d components, expected %d bytes and 1 to 4 components", len(seg), ns, 4+2*ns)
	}
	idx := make([]int, ns)
	for i := 0; i < ns; i++ {
		id, tables := seg[1+2*i], seg[2+2*i]
		idx[i] = -1
		for j := range d.comps {
			if d.comps[j].id == id {
				idx[i] = j
			}
		}
		if idx[i] < 0 {
			return 0, fmt.Errorf("scan component id %d is not in the frame", id)
		}
		c := &d.comps[idx[i]]
		c.td, c.ta = int(tables>>4), int(tables&15)
		if c.td > 3 || c.ta > 3 || !d.dc[c.td].defined || (d.sof != 0xC3 && !d.ac[c.ta].defined) {
			return 0, fmt.Errorf("component %d uses huffman tables %d/%d, which are not defined", id, c.td, c.ta)
		}
		if c.seen {
			return 0, fmt.Errorf("component %d is in two scans: progressive-style scans are not supported", id)
		}
		c.seen = true
	}
	ss, se, ah, al := int(seg[1+2*ns]), int(seg[2+2*ns]), int(seg[3+2*ns]>>4), int(seg[3+2*ns]&15)
	d.br.reset(d.data, start)
	var err error
	if d.sof == 0xC3 {
		if ss < 1 || ss > 7 || al >= d.precision {
			return 0, fmt.Errorf("lossless predictor %d and point transform %d, expected predictor 1 to 7 and a transform below the %d-bit precision", ss, al, d.precision)
		}
		err = d.lossless(idx, ss, al)
	} else {
		if ss != 0 || se != 63 || ah != 0 || al != 0 {
			return 0, fmt.Errorf("sequential scan with spectral selection %d..%d and approximation %d/%d, expected 0..63 and 0/0", ss, se, ah, al)
		}
		err = d.sequential(idx)
	}
	if err != nil {
		return 0, err
	}
	// Skip to the next marker: the remaining bits of the last byte are padding.
	pos := d.br.pos
	for pos+1 < len(d.data) && !(d.data[pos] == 0xFF && d.data[pos+1] != 0 && (d.data[pos+1] < 0xD0 || d.data[pos+1] > 0xD7)) {
		pos++
	}
	return pos, nil
}

// output packs the decoded samples into a Frame.
func (d *decoder) output() *Frame {
	f := &Frame{Width: d.width, Height: d.height, Components: len(d.comps), Precision: d.precision}
	if d.sof == 0xC3 {
		f.Data = pack(d.samples, d.precision)
		return f
	}
	f.Data = d.dctOutput()
	return f
}

func pack(s []uint16, precision int) []byte {
	if precision <= 8 {
		out := make([]byte, len(s))
		for i, v := range s {
			out[i] = byte(v)
		}
		return out
	}
	out := make([]byte, 2*len(s))
	for i, v := range s {
		binary.LittleEndian.PutUint16(out[2*i:], v)
	}
	return out
}
