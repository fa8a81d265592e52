// Package jpeg2000 decodes JPEG 2000 Part 1 codestreams (ITU-T T.800) as
// DICOM carries them (transfer syntaxes 1.2.840.10008.1.2.4.90 lossless and
// .91): reversible 5/3 and irreversible 9/7 wavelets, any number of tiles,
// tile-parts, layers, resolution levels and precincts, all five progression
// orders, every code-block style of Part 1, scalar quantisation, the
// reversible and irreversible colour transforms and ROI max-shift. A JP2
// file wrapper is unwrapped. Packed packet headers (PPM, PPT), progression
// order changes (POC) and High-Throughput JPEG 2000 are refused.
package jpeg2000

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// MaxSamples bounds the image a header may claim (width x height x
// components), so a corrupt header cannot make the decoder allocate
// gigabytes.
const MaxSamples = 1 << 28

// Code-block styles (T.800 Table A.19).
const (
	styleBypass   = 0x01
	styleReset    = 0x02
	styleTermAll  = 0x04
	styleVCausal  = 0x08
	stylePTerm    = 0x10
	styleSegMark  = 0x20
	styleHT       = 0x40
	maxLevels     = 32
	maxLayers     = 65535
	maxPassBudget = 1 << 26 // coding passes per tile: bounds work on hostile data
)

type component struct {
	signed    bool
	precision int
	dx, dy    int
}

// coding is the COD/COC state of one component.
type coding struct {
	levels     int
	cbw, cbh   int // exponents
	style      int
	reversible bool
	precincts  []int // per resolution: ppx | ppy<<4; nil: 15/15
}

// quant is the QCD/QCC state of one component.
type quant struct {
	style  int // 0 none, 1 scalar derived, 2 scalar expounded
	guard  int
	expn   []int
	mant   []int
	filled bool
}

type tileParams struct {
	progression int
	layers      int
	mct         bool
	sop, eph    bool
	coding      []coding
	quant       []quant
	roi         []int
}

type codestream struct {
	data                   []byte
	x0, y0, x1, y1         int
	tx0, ty0, tw, th       int
	ntx, nty               int
	comps                  []component
	main                   tileParams
	mainCodSet, mainQcdSet bool
}

var errTruncated = errors.New("truncated")

func u16(b []byte) int { return int(binary.BigEndian.Uint16(b)) }
func u32(b []byte) int { return int(binary.BigEndian.Uint32(b)) }

// unwrapJP2 returns the codestream of a JP2 file, or the data itself.
func unwrapJP2(data []byte) ([]byte, error) {
	if len(data) < 12 || string(data[4:12]) != "jP  \r\n\x87\n" {
		return data, nil
	}
	pos := 0
	for pos+8 <= len(data) {
		n := int64(binary.BigEndian.Uint32(data[pos:]))
		typ := string(data[pos+4 : pos+8])
		hdr := int64(8)
		switch n {
		case 0:
			n = int64(len(data) - pos)
		case 1:
			if pos+16 > len(data) {
				return nil, fmt.Errorf("jp2 box %q at byte %d: truncated", typ, pos)
			}
			n, hdr = int64(binary.BigEndian.Uint64(data[pos+8:])), 16
		}
		if n < hdr || n > int64(len(data)-pos) {
			return nil, fmt.Errorf("jp2 box %q at byte %d claims %d bytes but %d are left: truncated or corrupt", typ, pos, n, len(data)-pos)
		}
		if typ == "jp2c" {
			return data[pos+int(hdr) : pos+int(n)], nil
		}
		pos += int(n)
	}
	return nil, fmt.Errorf("jp2 file without a codestream box (jp2c)")
}

// parseMain reads the main header up to the first SOT and returns its offset.
func (cs *codestream) parseMain() (int, error) {
	d := cs.data
	if len(d) < 4 || d[0] != 0xFF || d[1] != 0x4F {
		return 0, fmt.Errorf("data does not start with the SOC marker FF4F (found % X): not a JPEG 2000 codestream", d[:min(4, len(d))])
	}
	if d[2] != 0xFF || d[3] != 0x51 {
		return 0, fmt.Errorf("SOC is followed by FF%02X, expected the SIZ marker FF51", d[3])
	}
	pos := 2
	for {
		m, seg, next, err := marker(d, pos)
		if err != nil {
			return 0, err
		}
		switch m {
		case 0x51:
			err = cs.parseSIZ(seg)
		case 0x90: // SOT
			if cs.comps == nil || !cs.mainCodSet || !cs.mainQcdSet {
				return 0, fmt.Errorf("main header lacks SIZ, COD or QCD before the first tile")
			}
			return pos, nil
		case 0xD9:
			return 0, fmt.Errorf("EOC before any tile: no image data")
		default:
			if cs.comps == nil {
				return 0, fmt.Errorf("marker FF%02X before SIZ", m)
			}
			err = cs.parseCommon(&cs.main, m, seg, true)
		}
		if err != nil {
			return 0, fmt.Errorf("marker FF%02X at byte %d: %w", m, pos, err)
		}
		pos = next
	}
}

// marker reads the marker segment at pos: its code, body and the next position.
func marker(d []byte, pos int) (byte, []byte, int, error) {
	if pos+2 > len(d) {
		return 0, nil, 0, fmt.Errorf("header ends at byte %d: %w", pos, errTruncated)
	}
	if d[pos] != 0xFF {
		return 0, nil, 0, fmt.Errorf("byte %d is %02X, expected a marker", pos, d[pos])
	}
	m := d[pos+1]
	if m == 0x93 || m == 0xD9 { // SOD, EOC: no length
		return m, nil, pos + 2, nil
	}
	if pos+4 > len(d) {
		return 0, nil, 0, fmt.Errorf("marker FF%02X at byte %d has no length: %w", m, pos, errTruncated)
	}
	n := u16(d[pos+2:])
	if n < 2 || pos+2+n > len(d) {
		return 0, nil, 0, fmt.Errorf("marker FF%02X at byte %d claims %d bytes but %d are left: %w", m, pos, n, len(d)-pos-2, errTruncated)
	}
	return m, d[pos+4 : pos+2+n], pos + 2 + n, nil
}

func (cs *codestream) parseSIZ(s []byte) error {
	if cs.comps != nil {
		return fmt.Errorf("second SIZ")
	}
	if len(s) < 36 {
		return fmt.Errorf("SIZ of %d bytes, expected at least 36", len(s))
	}
	if rsiz := u16(s); rsiz&0x4000 != 0 {
		return fmt.Errorf("capabilities %04X say High-Throughput JPEG 2000 (Part 15), which is not supported", rsiz)
	}
	cs.x1, cs.y1, cs.x0, cs.y0 = u32(s[2:]), u32(s[6:]), u32(s[10:]), u32(s[14:])
	cs.tw, cs.th, cs.tx0, cs.ty0 = u32(s[18:]), u32(s[22:]), u32(s[26:]), u32(s[30:])
	nc := u16(s[34:])
	const lim = 1 << 30
	switch {
	case cs.x1 > lim || cs.y1 > lim || cs.x0 >= cs.x1 || cs.y0 >= cs.y1:
		return fmt.Errorf("image area %d..%d x %d..%d is empty or too large", cs.x0, cs.x1, cs.y0, cs.y1)
	case cs.tw == 0 || cs.th == 0 || cs.tx0 > cs.x0 || cs.ty0 > cs.y0 || cs.tx0+cs.tw <= cs.x0 || cs.ty0+cs.th <= cs.y0:
		return fmt.Errorf("tile grid %dx%d at %d,%d does not cover the image origin %d,%d", cs.tw, cs.th, cs.tx0, cs.ty0, cs.x0, cs.y0)
	case nc < 1 || nc > 4 || len(s) != 36+3*nc:
		return fmt.Errorf("%d components in a SIZ of %d bytes: 1 to 4 components are supported", nc, len(s))
	}
	cs.ntx = (cs.x1 - cs.tx0 + cs.tw - 1) / cs.tw
	cs.nty = (cs.y1 - cs.ty0 + cs.th - 1) / cs.th
	if cs.ntx*cs.nty > 65535 {
		return fmt.Errorf("%dx%d tiles, more than the 65535 a codestream can index", cs.ntx, cs.nty)
	}
	cs.comps = make([]component, nc)
	for i := range cs.comps {
		c := &cs.comps[i]
		ssiz := s[36+3*i]
		c.signed, c.precision = ssiz&0x80 != 0, int(ssiz&0x7F)+1
		c.dx, c.dy = int(s[37+3*i]), int(s[38+3*i])
		if c.precision > 16 || c.dx == 0 || c.dy == 0 {
			return fmt.Errorf("component %d: %d bits with subsampling %dx%d, expected up to 16 bits and subsampling of at least 1", i, c.precision, c.dx, c.dy)
		}
	}
	if (cs.x1-cs.x0)*(cs.y1-cs.y0)*nc > MaxSamples {
		return fmt.Errorf("image of %dx%d with %d components exceeds the %d-sample limit", cs.x1-cs.x0, cs.y1-cs.y0, nc, MaxSamples)
	}
	cs.main.coding = make([]coding, nc)
	cs.main.quant = make([]quant, nc)
	cs.main.roi = make([]int, nc)
	return nil
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// parseCommon handles the markers allowed in the main and tile-part
// headers: COD, COC, QCD, QCC, RGN, and those skipped.
func (cs *codestream) parseCommon(p *tileParams, m byte, s []byte, main bool) error {
	nc := len(cs.comps)
	compIndex := func(b []byte) (int, []byte, error) {
		if nc < 257 {
			if len(b) < 1 {
				return 0, nil, errTruncated
			}
			if int(b[0]) >= nc {
				return 0, nil, fmt.Errorf("component %d of %d", b[0], nc)
			}
			return int(b[0]), b[1:], nil
		}
		return 0, nil, fmt.Errorf("more than 256 components")
	}
	switch m {
	case 0x52: // COD
		if len(s) < 10 {
			return fmt.Errorf("COD of %d bytes, expected at least 10", len(s))
		}
		scod := int(s[0])
		p.progression, p.layers, p.mct = int(s[1]), u16(s[2:]), s[4] != 0
		p.sop, p.eph = scod&2 != 0, scod&4 != 0
		if p.progression > 4 || p.layers == 0 || s[4] > 1 {
			return fmt.Errorf("progression %d, %d layers, colour transform %d: expected 0 to 4, at least 1, 0 or 1", p.progression, p.layers, s[4])
		}
		var c coding
		if err := parseSPcod(&c, s[5:], scod&1 != 0); err != nil {
			return err
		}
		for i := range p.coding {
			p.coding[i] = c
		}
		if main {
			cs.mainCodSet = true
		}
	case 0x53: // COC
		i, rest, err := compIndex(s)
		if err != nil {
			return fmt.Errorf("COC: %w", err)
		}
		if len(rest) < 1 {
			return fmt.Errorf("COC: %w", errTruncated)
		}
		if err := parseSPcod(&p.coding[i], rest[1:], rest[0]&1 != 0); err != nil {
			return err
		}
	case 0x5C: // QCD
		var q quant
		if err := parseQuant(&q, s); err != nil {
			return err
		}
		for i := range p.quant {
			p.quant[i] = q
		}
		if main {
			cs.mainQcdSet = true
		}
	case 0x5D: // QCC
		i, rest, err := compIndex(s)
		if err != nil {
			return fmt.Errorf("QCC: %w", err)
		}
		if err := parseQuant(&p.quant[i], rest); err != nil {
			return err
		}
	case 0x5E: // RGN
		i, rest, err := compIndex(s)
		if err != nil {
			return fmt.Errorf("RGN: %w", err)
		}
		if len(rest) != 2 || rest[0] != 0 {
			return fmt.Errorf("RGN style %v, expected max-shift (0) and a shift", rest)
		}
		p.roi[i] = int(rest[1])
		if p.roi[i] > 37 {
			return fmt.Errorf("ROI shift %d, expected at most 37", p.roi[i])
		}
	case 0x5F:
		return fmt.Errorf("progression order changes (POC) are not supported")
	case 0x60, 0x61:
		return fmt.Errorf("packed packet headers (PPM, PPT) are not supported")
	case 0x50:
		return fmt.Errorf("extended capabilities (CAP): High-Throughput JPEG 2000 is not supported")
	case 0x55, 0x57, 0x58, 0x63, 0x64: // TLM, PLM, PLT, CRG, COM: informational
	default:
		if m < 0x30 || m > 0x3F { // 0xFF30..3F have no meaning and may be skipped
			return fmt.Errorf("unexpected marker in a header")
		}
	}
	return nil
}

func parseSPcod(c *coding, s []byte, custom bool) error {
	if len(s) < 5 {
		return fmt.Errorf("coding style of %d bytes, expected at least 5", len(s))
	}
	c.levels, c.cbw, c.cbh, c.style = int(s[0]), int(s[1])+2, int(s[2])+2, int(s[3])
	c.reversible = s[4] == 1
	switch {
	case c.levels > maxLevels:
		return fmt.Errorf("%d decomposition levels, expected at most %d", c.levels, maxLevels)
	case c.cbw > 10 || c.cbh > 10 || c.cbw+c.cbh > 12:
		return fmt.Errorf("code-blocks of 2^%d x 2^%d, expected exponents up to 10 and an area up to 4096", c.cbw, c.cbh)
	case c.style&styleHT != 0:
		return fmt.Errorf("code-block style %02X is High-Throughput JPEG 2000, which is not supported", c.style)
	case s[4] > 1:
		return fmt.Errorf("wavelet %d, expected 0 (9/7) or 1 (5/3)", s[4])
	}
	c.precincts = nil
	if custom {
		if len(s) != 5+c.levels+1 {
			return fmt.Errorf("coding style of %d bytes for %d levels with precincts, expected %d", len(s), c.levels, 5+c.levels+1)
		}
		c.precincts = make([]int, c.levels+1)
		for r := range c.precincts {
			c.precincts[r] = int(s[5+r])
			if r > 0 && (s[5+r]&15 == 0 || s[5+r]>>4 == 0) {
				return fmt.Errorf("precinct exponent 0 at resolution %d, expected at least 1", r)
			}
		}
	}
	return nil
}

func parseQuant(q *quant, s []byte) error {
	if len(s) < 1 {
		return fmt.Errorf("quantisation of 0 bytes")
	}
	q.style, q.guard = int(s[0]&0x1F), int(s[0]>>5)
	s = s[1:]
	q.expn, q.mant = q.expn[:0], q.mant[:0]
	switch q.style {
	case 0:
		for _, b := range s {
			q.expn = append(q.expn, int(b>>3))
			q.mant = append(q.mant, 0)
		}
	case 1, 2:
		if len(s)%2 != 0 || len(s) == 0 || (q.style == 1 && len(s) != 2) {
			return fmt.Errorf("quantisation style %d with %d bytes of step sizes", q.style, len(s))
		}
		for i := 0; i < len(s); i += 2 {
			v := u16(s[i:])
			q.expn = append(q.expn, v>>11)
			q.mant = append(q.mant, v&0x7FF)
		}
	default:
		return fmt.Errorf("quantisation style %d, expected 0, 1 or 2", q.style)
	}
	if len(q.expn) == 0 {
		return fmt.Errorf("quantisation without step sizes")
	}
	q.filled = true
	return nil
}

// step returns the exponent and mantissa of band b (0 LL, then HL, LH, HH
// per level from the coarsest), deriving them for style 1.
func (q *quant) step(b, levels int) (int, int, error) {
	if q.style == 1 {
		nb := 0
		if b > 0 {
			nb = (b - 1) / 3 // 0 for the coarsest level's detail bands
		}
		// Derived: eps_b = eps_0 - NL + n_b, n_b counted from the finest (level NL-nb).
		lvl := levels
		if b > 0 {
			lvl = levels - nb
		}
		return q.expn[0] - levels + lvl, q.mant[0], nil
	}
	if b >= len(q.expn) {
		return 0, 0, fmt.Errorf("quantisation gives %d step sizes, band %d needs more", len(q.expn), b)
	}
	return q.expn[b], q.mant[b], nil
}
