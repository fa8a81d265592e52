package inflate

import "encoding/binary"

// huffman decodes one Huffman-coded block with the given tables: a fast
// loop while the input and output have margins, then symbol by symbol
// with exact bounds for the last bytes.
func (s *state) huffman(lit, dist []uint32) error {
	in, out := s.in, s.out
	ip, op := s.ip, s.op
	bitbuf, bits := s.bitbuf, s.bits
	start := s.start
	const litMask, distMask = 1<<litBits - 1, 1<<distBits - 1
	for ip <= len(in)-fastIn && op <= len(out)-fastOut {
		// Branchless refill to 56..63 bits: load 8 bytes, keep the whole
		// bytes that fit; the rest are loaded again next time.
		bitbuf |= binary.LittleEndian.Uint64(in[ip:]) << bits
		ip += int(63-bits) >> 3
		bits |= 56

		e := lit[bitbuf&litMask]
		if e>>12&15 == kindSub {
			bitbuf >>= e & 63
			bits -= uint(e & 63)
			e = lit[uint64(e>>16)+bitbuf&(1<<(e>>6&63)-1)]
		}
		n := uint(e & 63)
		bitbuf >>= n
		bits -= n
		kind := e >> 12 & 15
		if kind == kindLiteral {
			out[op] = byte(e >> 16)
			op++
			// Two more literals fit in the bits left (56 - 15 - 15 - 15).
			e = lit[bitbuf&litMask]
			if e>>12&15 != kindLiteral {
				continue
			}
			n = uint(e & 63)
			bitbuf >>= n
			bits -= n
			out[op] = byte(e >> 16)
			op++
			e = lit[bitbuf&litMask]
			if e>>12&15 != kindLiteral {
				continue
			}
			n = uint(e & 63)
			bitbuf >>= n
			bits -= n
			out[op] = byte(e >> 16)
			op++
			continue
		}
		if kind != kindLength {
			s.ip, s.op, s.bitbuf, s.bits = ip, op, bitbuf, bits
			if kind == kindEnd {
				return nil
			}
			return corrupt("invalid literal/length code")
		}
		extra := uint(e >> 6 & 63)
		length := int(e>>16) + int(bitbuf&(1<<extra-1))
		bitbuf >>= extra
		bits -= extra

		e = dist[bitbuf&distMask]
		if e>>12&15 == kindSub {
			bitbuf >>= e & 63
			bits -= uint(e & 63)
			e = dist[uint64(e>>16)+bitbuf&(1<<(e>>6&63)-1)]
		}
		if e>>12&15 != kindLength {
			s.ip, s.op, s.bitbuf, s.bits = ip, op, bitbuf, bits
			return corrupt("invalid distance code")
		}
		n = uint(e & 63)
		bitbuf >>= n
		bits -= n
		extra = uint(e >> 6 & 63)
		d := int(e>>16) + int(bitbuf&(1<<extra-1))
		bitbuf >>= extra
		bits -= extra
		if d > op-start {
			s.ip, s.op, s.bitbuf, s.bits = ip, op, bitbuf, bits
			return corrupt("distance %d reaches before the start of the output (%d bytes written)", d, op-start)
		}
		if d >= 8 {
			// Most matches: 8-byte words, which may write up to 7 bytes past
			// the match (the fast loop's margin).
			src, end := op-d, op+length
			for ; op < end; op, src = op+8, src+8 {
				binary.LittleEndian.PutUint64(out[op:], binary.LittleEndian.Uint64(out[src:]))
			}
			op = end
			continue
		}
		copyMatch(out, op, d, length)
		op += length
	}
	s.ip, s.op, s.bitbuf, s.bits = ip, op, bitbuf, bits
	return s.huffmanTail(lit, dist)
}

// copyMatch copies length bytes from d back to out[op:], in 8-byte words
// that may write up to 7 bytes past the match (the fast loop's margin).
func copyMatch(out []byte, op, d, length int) {
	src, end := op-d, op+length
	switch {
	case d >= 8:
		for ; op < end; op, src = op+8, src+8 {
			binary.LittleEndian.PutUint64(out[op:], binary.LittleEndian.Uint64(out[src:]))
		}
	case d == 1:
		v := uint64(out[src]) * 0x0101010101010101
		for ; op < end; op += 8 {
			binary.LittleEndian.PutUint64(out[op:], v)
		}
	default:
		for ; op < end; op, src = op+1, src+1 {
			out[op] = out[src]
		}
	}
}

// huffmanTail decodes the rest of the block one symbol at a time, refilling
// a byte at a time and checking every bound.
func (s *state) huffmanTail(lit, dist []uint32) error {
	for {
		if s.overrun > 8 {
			return truncated("the input ends inside a block")
		}
		e, err := s.symbol(lit, litBits)
		if err != nil {
			return err
		}
		switch e >> 12 & 15 {
		case kindLiteral:
			if s.op == len(s.out) {
				return ErrShortBuffer
			}
			s.out[s.op] = byte(e >> 16)
			s.op++
			continue
		case kindEnd:
			return nil
		case kindLength:
		default:
			return corrupt("invalid literal/length code")
		}
		extra := uint(e >> 6 & 63)
		s.need(extra)
		length := int(e>>16) + int(s.bitbuf&(1<<extra-1))
		s.consume(extra)
		e, err = s.symbol(dist, distBits)
		if err != nil {
			return err
		}
		if e>>12&15 != kindLength {
			return corrupt("invalid distance code")
		}
		extra = uint(e >> 6 & 63)
		s.need(extra)
		d := int(e>>16) + int(s.bitbuf&(1<<extra-1))
		s.consume(extra)
		if d > s.op-s.start {
			return corrupt("distance %d reaches before the start of the output (%d bytes written)", d, s.op-s.start)
		}
		for i := 0; i < length; i++ {
			if s.op == len(s.out) {
				return ErrShortBuffer
			}
			s.out[s.op] = s.out[s.op-d]
			s.op++
		}
	}
}

// symbol decodes one symbol, following a subtable pointer, and consumes
// its code.
func (s *state) symbol(t []uint32, mainBits uint) (uint32, error) {
	s.need(15)
	e := t[s.bitbuf&(1<<mainBits-1)]
	if e>>12&15 == kindSub {
		s.consume(uint(e & 63))
		e = t[uint64(e>>16)+s.bitbuf&(1<<(e>>6&63)-1)]
	}
	s.consume(uint(e & 63))
	return e, nil
}
