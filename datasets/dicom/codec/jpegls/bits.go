package jpegls

import (
	"errors"
	"math/bits"
)

// bitReader reads JPEG-LS scan data: after each 0xFF byte the next byte's
// top bit is a stuffed zero, and 0xFF followed by a byte with the top bit
// set is a marker, which ends the data.
type bitReader struct {
	data  []byte
	pos   int
	acc   uint64 // valid bits left-aligned
	nbits int
	end   bool
}

var errShort = errors.New("scan data ends early: truncated or corrupt")

func (b *bitReader) init(data []byte, pos int) { *b = bitReader{data: data, pos: pos} }

func (b *bitReader) fill() {
	for b.nbits <= 48 && !b.end {
		if b.pos >= len(b.data) {
			b.end = true
			return
		}
		c := b.data[b.pos]
		if c != 0xFF {
			b.acc |= uint64(c) << (56 - b.nbits)
			b.nbits += 8
			b.pos++
			continue
		}
		if b.pos+1 >= len(b.data) || b.data[b.pos+1] >= 0x80 {
			b.end = true // a marker
			return
		}
		b.acc |= uint64(0xFF) << (56 - b.nbits)
		b.acc |= uint64(b.data[b.pos+1]&0x7F) << (49 - b.nbits)
		b.nbits += 15
		b.pos += 2
	}
}

func (b *bitReader) bit() (int, error) {
	if b.nbits == 0 {
		b.fill()
		if b.nbits == 0 {
			return 0, errShort
		}
	}
	v := int(b.acc >> 63)
	b.acc <<= 1
	b.nbits--
	return v, nil
}

// read consumes n (0..32) bits.
func (b *bitReader) read(n int) (int, error) {
	if n == 0 {
		return 0, nil
	}
	if b.nbits < n {
		b.fill()
		if b.nbits < n {
			return 0, errShort
		}
	}
	v := int(b.acc >> (64 - n))
	b.acc <<= n
	b.nbits -= n
	return v, nil
}

// zeros counts and consumes zero bits up to and including the next one
// bit; more than limit zeros is an error.
func (b *bitReader) zeros(limit int) (int, error) {
	count := 0
	for {
		if b.nbits == 0 {
			b.fill()
			if b.nbits == 0 {
				return 0, errShort
			}
		}
		lz := bits.LeadingZeros64(b.acc)
		if lz < b.nbits {
			count += lz
			b.acc <<= lz + 1
			b.nbits -= lz + 1
			break
		}
		count += b.nbits
		b.acc, b.nbits = 0, 0
		if count > limit {
			break
		}
	}
	if count > limit {
		return 0, errors.New("golomb code longer than the limit: corrupt data")
	}
	return count, nil
}
