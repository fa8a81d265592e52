package jpeg2000

// qe is the MQ coder's probability state table (T.800 Table C.2):
// Qe, next state after an MPS, after an LPS, and whether an LPS switches
// the sense of the MPS.
var qe = [47]struct {
	qe         uint32
	nmps, nlps uint8
	sw         bool
}{
	{0x5601, 1, 1, true}, {0x3401, 2, 6, false}, {0x1801, 3, 9, false}, {0x0AC1, 4, 12, false},
	{0x0521, 5, 29, false}, {0x0221, 38, 33, false}, {0x5601, 7, 6, true}, {0x5401, 8, 14, false},
	{0x4801, 9, 14, false}, {0x3801, 10, 14, false}, {0x3001, 11, 17, false}, {0x2401, 12, 18, false},
	{0x1C01, 13, 20, false}, {0x1601, 29, 21, false}, {0x5601, 15, 14, true}, {0x5401, 16, 14, false},
	{0x5101, 17, 15, false}, {0x4801, 18, 16, false}, {0x3801, 19, 17, false}, {0x3401, 20, 18, false},
	{0x3001, 21, 19, false}, {0x2801, 22, 19, false}, {0x2401, 23, 20, false}, {0x2201, 24, 21, false},
	{0x1C01, 25, 22, false}, {0x1801, 26, 23, false}, {0x1601, 27, 24, false}, {0x1401, 28, 25, false},
	{0x1201, 29, 26, false}, {0x1101, 30, 27, false}, {0x0AC1, 31, 28, false}, {0x09C1, 32, 29, false},
	{0x08A1, 33, 30, false}, {0x0521, 34, 31, false}, {0x0441, 35, 32, false}, {0x02A1, 36, 33, false},
	{0x0221, 37, 34, false}, {0x0141, 38, 35, false}, {0x0111, 39, 36, false}, {0x0085, 40, 37, false},
	{0x0049, 41, 38, false}, {0x0025, 42, 39, false}, {0x0015, 43, 40, false}, {0x0009, 44, 41, false},
	{0x0005, 45, 42, false}, {0x0001, 45, 43, false}, {0x5601, 46, 46, false},
}

// context is an MQ context: state index << 1 | MPS.
type context uint8

// mqDecoder is the MQ arithmetic decoder (T.800 Annex C). Past the end
// of its data it reads 0xFF bytes, as the standard's decoders do.
type mqDecoder struct {
	data  []byte
	pos   int
	chigh uint32
	clow  uint32
	a     uint32
	ct    int
}

func (m *mqDecoder) byteAt(i int) uint32 {
	if i < len(m.data) {
		return uint32(m.data[i])
	}
	return 0xFF
}

func (m *mqDecoder) init(data []byte) {
	m.data, m.pos = data, 0
	m.chigh, m.clow = m.byteAt(0), 0
	m.byteIn()
	m.chigh = (m.chigh<<7)&0xFFFF | (m.clow>>9)&0x7F
	m.clow = (m.clow << 7) & 0xFFFF
	m.ct -= 7
	m.a = 0x8000
}

func (m *mqDecoder) byteIn() {
	if m.byteAt(m.pos) == 0xFF {
		if m.byteAt(m.pos+1) > 0x8F {
			m.clow += 0xFF00
			m.ct = 8
		} else {
			m.pos++
			m.clow += m.byteAt(m.pos) << 9
			m.ct = 7
		}
	} else {
		m.pos++
		m.clow += m.byteAt(m.pos) << 8
		m.ct = 8
	}
	if m.clow > 0xFFFF {
		m.chigh += m.clow >> 16
		m.clow &= 0xFFFF
	}
}

func (m *mqDecoder) decode(cx *context) int {
	idx, mps := int(*cx>>1), int(*cx&1)
	q := qe[idx].qe
	var d int
	m.a -= q
	if m.chigh < q {
		// LPS exchange
		if m.a < q {
			m.a = q
			d = mps
			idx = int(qe[idx].nmps)
		} else {
			m.a = q
			d = 1 ^ mps
			if qe[idx].sw {
				mps = d
			}
			idx = int(qe[idx].nlps)
		}
	} else {
		m.chigh -= q
		if m.a&0x8000 != 0 {
			return mps
		}
		// MPS exchange
		if m.a < q {
			d = 1 ^ mps
			if qe[idx].sw {
				mps = d
			}
			idx = int(qe[idx].nlps)
		} else {
			d = mps
			idx = int(qe[idx].nmps)
		}
	}
	for {
		if m.ct == 0 {
			m.byteIn()
		}
		m.a <<= 1
		m.chigh = (m.chigh<<1)&0xFFFF | (m.clow>>15)&1
		m.clow = (m.clow << 1) & 0xFFFF
		m.ct--
		if m.a&0x8000 != 0 {
			break
		}
	}
	*cx = context(idx<<1 | mps)
	return d
}

// rawDecoder reads the bypass (raw) passes: plain bits, with a stuffed
// zero bit after each 0xFF byte.
type rawDecoder struct {
	data []byte
	pos  int
	c    uint32
	ct   int
}

func (r *rawDecoder) init(data []byte) { *r = rawDecoder{data: data} }

func (r *rawDecoder) decode() int {
	if r.ct == 0 {
		if r.c == 0xFF {
			if r.pos < len(r.data) && r.data[r.pos] <= 0x8F {
				r.c = uint32(r.data[r.pos])
				r.pos++
				r.ct = 7
			} else {
				r.c, r.ct = 0xFF, 8
			}
		} else {
			if r.pos < len(r.data) {
				r.c = uint32(r.data[r.pos])
				r.pos++
			} else {
				r.c = 0xFF
			}
			r.ct = 8
		}
	}
	r.ct--
	return int(r.c>>r.ct) & 1
}
