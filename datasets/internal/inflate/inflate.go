// Package inflate decodes raw deflate streams (RFC 1951) whole: the
// compressed bytes in memory, the output into a buffer the caller sized
// from the file's header. Knowing both ends lets the inner loop refill 56
// bits at a time without checking for the end of input, and copy matches
// eight bytes at a time into the output without a sliding window, as
// libdeflate does; it inflates CT volumes about twice as fast as a
// streaming decoder (see BenchmarkInflate).
package inflate

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Errors: ErrShortBuffer when the stream holds more data than the output
// buffer (the buffer is full and the rest of the stream unread); the
// others wrap ErrTruncated (the input ends before the stream does) or
// ErrCorrupt.
var (
	ErrShortBuffer = errors.New("inflate: output buffer full before the end of the stream")
	ErrTruncated   = errors.New("truncated")
	ErrCorrupt     = errors.New("corrupt deflate stream")
)

// Table sizes: 11 bits index the literal/length table and 9 the distance
// table directly; longer codes go through a second-level table.
const (
	litBits  = 11
	distBits = 9
	// fastIn and fastOut are the margins the fast loop needs: one 8-byte
	// refill, and a longest match (258) copied in 8-byte words.
	fastIn  = 8
	fastOut = 258 + 8
)

// Table entries: value<<16 | kind<<12 | extra<<6 | bits. bits is the code
// length to consume (for a subtable pointer, the main table's bits), extra
// the extra bits after it (for a pointer, the subtable's index bits).
const (
	kindLiteral = iota
	kindLength
	kindEnd
	kindSub
	kindInvalid
)

func entry(value, kind, extra, bits uint32) uint32 {
	return value<<16 | kind<<12 | extra<<6 | bits
}

// Decoder holds the Huffman tables of the block being decoded; reusing one
// across streams avoids reallocating them.
type Decoder struct {
	lit  []uint32
	dist []uint32
	lens [320]uint8
	pre  []uint32
}

// state is the bit reader and output position.
type state struct {
	in      []byte
	ip      int
	bitbuf  uint64
	bits    uint
	overrun int // zero bytes fed past the end of in
	out     []byte
	op      int
	start   int // the stream's first output byte: no distance reaches before it
}

func corrupt(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, a...)...)
}

func truncated(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrTruncated}, a...)...)
}

// Inflate decodes the raw deflate stream at the start of in into
// out[start:], where out[:start] is earlier output no distance may reach
// into (a previous gzip member). It returns the input bytes consumed (the
// stream's end, rounded up to a whole byte) and the output end. A stream
// that produces more than fits returns ErrShortBuffer with out full.
func (d *Decoder) Inflate(in, out []byte, start int) (consumed, end int, err error) {
	s := &state{in: in, out: out, op: start, start: start}
	for {
		s.need(3)
		final := s.bitbuf&1 != 0
		typ := s.bitbuf >> 1 & 3
		s.consume(3)
		switch typ {
		case 0:
			err = s.stored()
		case 1:
			err = s.huffman(fixedLit, fixedDist)
		case 2:
			if err = d.readTables(s); err == nil {
				err = s.huffman(d.lit, d.dist)
			}
		default:
			err = corrupt("block type 3 is reserved")
		}
		if err != nil {
			return s.ip - int(s.bits/8), s.op, err
		}
		if s.overrun > int(s.bits/8) {
			return s.ip, s.op, truncated("the deflate stream ends %d bytes early", s.overrun-int(s.bits/8))
		}
		if final {
			// Bytes refilled but not consumed go back to the input.
			return s.ip - int(s.bits/8), s.op, nil
		}
	}
}

// need makes at least n (<= 56) bits available, feeding zero bytes past
// the end of the input and counting them, so a truncated stream is found
// when its bits are used.
func (s *state) need(n uint) {
	for s.bits < n {
		var b byte
		if s.ip < len(s.in) {
			b = s.in[s.ip]
		} else {
			s.overrun++
		}
		s.ip++
		s.bitbuf |= uint64(b) << s.bits
		s.bits += 8
	}
}

func (s *state) consume(n uint) {
	s.bitbuf >>= n
	s.bits -= n
}

// stored copies an uncompressed block.
func (s *state) stored() error {
	s.consume(s.bits % 8)
	// Return whole buffered bytes to the input, then read LEN and NLEN.
	s.ip -= int(s.bits / 8)
	s.bitbuf, s.bits = 0, 0
	if s.ip+4 > len(s.in) {
		return truncated("the input ends in a stored block's header")
	}
	n := int(binary.LittleEndian.Uint16(s.in[s.ip:]))
	if ^uint16(n) != binary.LittleEndian.Uint16(s.in[s.ip+2:]) {
		return corrupt("stored block length %d does not match its complement", n)
	}
	s.ip += 4
	if s.ip+n > len(s.in) {
		return truncated("the input ends in a stored block: %d bytes claimed, %d left", n, len(s.in)-s.ip)
	}
	room := len(s.out) - s.op
	if n > room {
		copy(s.out[s.op:], s.in[s.ip:s.ip+room])
		s.op += room
		return ErrShortBuffer
	}
	copy(s.out[s.op:], s.in[s.ip:s.ip+n])
	s.ip += n
	s.op += n
	return nil
}

// Length and distance bases and extra bits (RFC 1951 3.2.5).
var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
	// clOrder is the order code length code lengths are sent in.
	clOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
)

func litEntry(sym int) uint32 {
	switch {
	case sym < 256:
		return entry(uint32(sym), kindLiteral, 0, 0)
	case sym == 256:
		return entry(0, kindEnd, 0, 0)
	case sym < 286:
		return entry(uint32(lengthBase[sym-257]), kindLength, uint32(lengthExtra[sym-257]), 0)
	}
	return entry(0, kindInvalid, 0, 0)
}

func distEntry(sym int) uint32 {
	if sym < 30 {
		return entry(uint32(distBase[sym]), kindLength, uint32(distExtra[sym]), 0)
	}
	return entry(0, kindInvalid, 0, 0)
}

func preEntry(sym int) uint32 { return entry(uint32(sym), kindLiteral, 0, 0) }

// Fixed Huffman tables (RFC 1951 3.2.6), built once at start-up and only
// read after.
var fixedLit, fixedDist = func() ([]uint32, []uint32) {
	var l [288]uint8
	for i := range l {
		switch {
		case i < 144:
			l[i] = 8
		case i < 256:
			l[i] = 9
		case i < 280:
			l[i] = 7
		default:
			l[i] = 8
		}
	}
	var dl [32]uint8 // 30 and 31 complete the code but are invalid
	for i := range dl {
		dl[i] = 5
	}
	lit, err := build(nil, l[:], litBits, litEntry)
	if err != nil {
		panic(err)
	}
	dist, err := build(nil, dl[:], distBits, distEntry)
	if err != nil {
		panic(err)
	}
	return lit, dist
}()

// readTables reads a dynamic block's code lengths and builds its tables.
func (d *Decoder) readTables(s *state) error {
	s.need(14)
	nlit := int(s.bitbuf&31) + 257
	ndist := int(s.bitbuf>>5&31) + 1
	ncl := int(s.bitbuf>>10&15) + 4
	s.consume(14)
	if nlit > 286 || ndist > 30 {
		return corrupt("dynamic block with %d literal/length and %d distance codes; at most 286 and 30", nlit, ndist)
	}
	var cl [19]uint8
	for i := 0; i < ncl; i++ {
		s.need(3)
		cl[clOrder[i]] = uint8(s.bitbuf & 7)
		s.consume(3)
	}
	var err error
	if d.pre, err = build(d.pre[:0], cl[:], 7, preEntry); err != nil {
		return fmt.Errorf("code length code: %w", err)
	}
	lens := d.lens[:nlit+ndist]
	for i := 0; i < len(lens); {
		s.need(7 + 7)
		e := d.pre[s.bitbuf&127]
		if e>>12&15 == kindInvalid {
			return corrupt("invalid code length code")
		}
		s.consume(uint(e & 63))
		sym := int(e >> 16)
		var rep int
		var v uint8
		switch {
		case sym < 16:
			lens[i] = uint8(sym)
			i++
			continue
		case sym == 16:
			if i == 0 {
				return corrupt("code length repeat with no previous length")
			}
			v, rep = lens[i-1], 3+int(s.bitbuf&3)
			s.consume(2)
		case sym == 17:
			rep = 3 + int(s.bitbuf&7)
			s.consume(3)
		default:
			rep = 11 + int(s.bitbuf&127)
			s.consume(7)
		}
		if i+rep > len(lens) {
			return corrupt("code lengths repeat past the %d codes", len(lens))
		}
		for ; rep > 0; rep-- {
			lens[i] = v
			i++
		}
	}
	if lens[256] == 0 {
		return corrupt("dynamic block without an end-of-block code")
	}
	if d.lit, err = build(d.lit[:0], lens[:nlit], litBits, litEntry); err != nil {
		return fmt.Errorf("literal/length code: %w", err)
	}
	if d.dist, err = build(d.dist[:0], lens[nlit:], distBits, distEntry); err != nil {
		return fmt.Errorf("distance code: %w", err)
	}
	return nil
}

// build makes a decoding table for code lengths lens (0: unused), indexed
// by the next mainBits bits of input (least significant first): codes up
// to mainBits long fill every entry they prefix; longer ones go to
// subtables after the main table. Codes are checked as zlib checks them:
// over-subscribed is an error, and so is incomplete, except a single code
// of length 1 or no code at all (RFC 1951 allows one distance code); the
// unused entries are invalid, an error only if a stream uses them.
func build(t []uint32, lens []uint8, mainBits int, value func(int) uint32) ([]uint32, error) {
	var count [16]int
	longest := 0
	for _, l := range lens {
		count[l]++
		longest = max(longest, int(l))
	}
	count[0] = 0
	left := 1
	for l := 1; l < 16; l++ {
		left = left<<1 - count[l]
		if left < 0 {
			return nil, corrupt("over-subscribed Huffman code")
		}
	}
	if left > 0 && longest > 1 {
		return nil, corrupt("incomplete Huffman code")
	}
	// Canonical codes, bit-reversed: deflate sends them most significant
	// bit first into a least-significant-first bit stream.
	var next [16]int
	code := 0
	for l := 1; l < 16; l++ {
		next[l] = code
		code = (code + count[l]) << 1
	}
	var rev [320]uint16
	for sym, l := range lens {
		if l != 0 {
			rev[sym] = uint16(reverse(next[l], int(l)))
			next[l]++
		}
	}
	size := 1 << mainBits
	mask := size - 1
	// Subtable index bits per main-table prefix: the longest code under it
	// less mainBits.
	var subBits [1 << litBits]uint8
	for sym, l := range lens {
		if int(l) > mainBits {
			p := int(rev[sym]) & mask
			subBits[p] = max(subBits[p], l-uint8(mainBits))
		}
	}
	total := size
	for p := 0; p < size; p++ {
		total += (1 << subBits[p]) &^ 1 // 0 bits: no subtable
	}
	if cap(t) < total {
		t = make([]uint32, total)
	}
	t = t[:total]
	if left > 0 {
		// Only an incomplete code leaves entries unfilled; a complete one
		// (every dynamic block's) overwrites them all.
		invalid := entry(0, kindInvalid, 0, 0)
		for i := range t {
			t[i] = invalid
		}
	}
	off := size
	for p := 0; p < size; p++ {
		if n := subBits[p]; n > 0 {
			t[p] = entry(uint32(off), kindSub, uint32(n), uint32(mainBits))
			off += 1 << n
		}
	}
	for sym, l := range lens {
		if l == 0 {
			continue
		}
		r, v := int(rev[sym]), value(sym)
		if int(l) <= mainBits {
			for i := r; i < size; i += 1 << l {
				t[i] = v | uint32(l)
			}
			continue
		}
		sub := t[r&mask]
		base, n := int(sub>>16), int(sub>>6&63)
		rest := int(l) - mainBits
		for i := r >> mainBits; i < 1<<n; i += 1 << rest {
			t[base+i] = v | uint32(rest)
		}
	}
	return t, nil
}

func reverse(code, n int) int {
	r := 0
	for i := 0; i < n; i++ {
		r = r<<1 | code&1
		code >>= 1
	}
	return r
}
