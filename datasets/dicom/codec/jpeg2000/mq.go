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

// mqState is a context state with its MPS folded in (T.800 C.3): states
// 2i and 2i+1 are Qe row i with MPS 0 and 1; the next states already
// carry the MPS switch.
type mqState struct {
	qe         uint32
	mps        int
	nmps, nlps context
}

var mqStates = func() (t [94]mqState) {
	for i, q := range qe {
		for mps := 0; mps < 2; mps++ {
			lps := mps
			if q.sw {
				lps = 1 - mps
			}
			t[2*i+mps] = mqState{qe: q.qe, mps: mps, nmps: context(int(q.nmps)<<1 | mps), nlps: context(int(q.nlps)<<1 | lps)}
		}
	}
	return
}()

// mqDecoder is the MQ arithmetic decoder (T.800 Annex C, the software
// conventions of C.3 with one 32-bit C register). Past the end of its
// data it reads 0xFF bytes, as the standard's decoders do.
type mqDecoder struct {
	data []byte
	pos  int
	c    uint32
	a    uint32
	ct   int
}

func (m *mqDecoder) byteAt(i int) uint32 {
	if i < len(m.data) {
		return uint32(m.data[i])
	}
	return 0xFF
}

func (m *mqDecoder) init(data []byte) {
	m.data, m.pos = data, 0
	m.c = m.byteAt(0) << 16
	m.byteIn()
	m.c <<= 7
	m.ct -= 7
	m.a = 0x8000
}

func (m *mqDecoder) byteIn() {
	if m.byteAt(m.pos) == 0xFF {
		if m.byteAt(m.pos+1) > 0x8F {
			m.c += 0xFF00
			m.ct = 8
		} else {
			m.pos++
			m.c += m.byteAt(m.pos) << 9
			m.ct = 7
		}
	} else {
		m.pos++
		m.c += m.byteAt(m.pos) << 8
		m.ct = 8
	}
}

// decode is the common case, an MPS without renormalisation, small
// enough to be inlined; everything else goes to decodeSlow.
func (m *mqDecoder) decode(cx *context) int {
	s := &mqStates[*cx]
	if a := m.a - s.qe; a&0x8000 != 0 && m.c>>16 >= s.qe {
		m.a = a
		m.c -= s.qe << 16
		return s.mps
	}
	return m.decodeSlow(cx)
}

func (m *mqDecoder) decodeSlow(cx *context) int {
	s := &mqStates[*cx]
	m.a -= s.qe
	var d int
	if m.c>>16 < s.qe {
		// LPS exchange
		if m.a < s.qe {
			d, *cx = s.mps, s.nmps
		} else {
			d, *cx = 1-s.mps, s.nlps
		}
		m.a = s.qe
	} else {
		m.c -= s.qe << 16
		if m.a&0x8000 != 0 {
			return s.mps
		}
		// MPS exchange
		if m.a < s.qe {
			d, *cx = 1-s.mps, s.nlps
		} else {
			d, *cx = s.mps, s.nmps
		}
	}
	for {
		if m.ct == 0 {
			m.byteIn()
		}
		m.a <<= 1
		m.c <<= 1
		m.ct--
		if m.a&0x8000 != 0 {
			return d
		}
	}
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
