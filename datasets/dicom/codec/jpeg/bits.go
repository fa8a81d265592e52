package jpeg

import "fmt"

// bitReader reads an entropy-coded segment: bytes until a marker, with
// each stuffed 0xFF00 read as 0xFF. Past the segment's end it feeds zero
// bits for look-ahead only; consuming them is an error.
type bitReader struct {
	data   []byte
	pos    int
	acc    uint64 // valid bits left-aligned; zeros below them
	nbits  int
	marker bool // the segment ended at a marker (or the data's end)
}

func (b *bitReader) reset(data []byte, pos int) {
	*b = bitReader{data: data, pos: pos}
}

// fill tops acc up to at least 57 bits where the segment has them.
func (b *bitReader) fill() {
	for b.nbits <= 56 && !b.marker {
		if b.pos >= len(b.data) {
			b.marker = true
			return
		}
		c := b.data[b.pos]
		if c == 0xFF {
			if b.pos+1 >= len(b.data) {
				b.marker = true
				return
			}
			if next := b.data[b.pos+1]; next != 0 {
				if next == 0xFF { // fill byte before a marker
					b.pos++
					continue
				}
				b.marker = true
				return
			}
			b.pos += 2
		} else {
			b.pos++
		}
		b.acc |= uint64(c) << (56 - b.nbits)
		b.nbits += 8
	}
}

var errShort = fmt.Errorf("entropy-coded data ends early: truncated or corrupt")

// bits consumes n (0..16) bits as an unsigned value.
func (b *bitReader) bits(n int) (int, error) {
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

// extend turns n additional bits into a signed difference (T.81 F.2.2.1).
func (b *bitReader) receiveExtend(n int) (int, error) {
	v, err := b.bits(n)
	if err != nil || n == 0 {
		return v, err
	}
	if v < 1<<(n-1) {
		v += -1<<n + 1
	}
	return v, nil
}

// restart expects an RSTn marker (n counting 0..7) where the interval ends
// and continues after it; the remaining bits of the last byte are padding.
func (b *bitReader) restart(n int) error {
	b.acc, b.nbits = 0, 0
	pos := b.pos
	for pos < len(b.data) && b.data[pos] == 0xFF && pos+1 < len(b.data) && b.data[pos+1] == 0xFF {
		pos++
	}
	if pos+1 >= len(b.data) || b.data[pos] != 0xFF || b.data[pos+1] != 0xD0+byte(n&7) {
		return fmt.Errorf("restart marker RST%d expected at byte %d: corrupt or truncated data", n&7, pos)
	}
	b.pos = pos + 2
	b.marker = false
	return nil
}
