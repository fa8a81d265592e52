package jpeg

import "fmt"

const lookBits = 9

// huffman is a decoding table (T.81 C and F.2.2.3): a lookBits-bit fast
// table, then the canonical per-length limits for longer codes.
type huffman struct {
	defined bool
	fast    [1 << lookBits]uint16 // length<<8 | value; 0: not in the fast table
	maxCode [18]int32             // largest code of each length, -1 when none
	valPtr  [17]int32             // index in vals of each length's first code, minus that code
	vals    [256]byte
}

// build sets the table from the DHT counts per length and the values.
func (h *huffman) build(counts [16]byte, vals []byte) error {
	*h = huffman{defined: true}
	copy(h.vals[:], vals)
	code, k := int32(0), int32(0)
	for l := 1; l <= 16; l++ {
		n := int32(counts[l-1])
		if code+n > 1<<l {
			return fmt.Errorf("huffman table has more codes of up to %d bits than fit: corrupt table", l)
		}
		h.valPtr[l] = k - code
		if n == 0 {
			h.maxCode[l] = -1
		} else {
			h.maxCode[l] = code + n - 1
			if l <= lookBits {
				for i := int32(0); i < n; i++ {
					c := code + i
					shift := lookBits - l
					for j := int32(0); j < 1<<shift; j++ {
						h.fast[c<<shift|j] = uint16(l)<<8 | uint16(vals[k+i])
					}
				}
			}
		}
		code += n
		k += n
		code <<= 1
	}
	h.maxCode[17] = 1 << 30 // sentinel: anything longer than 16 bits is invalid
	return nil
}

// decode reads one Huffman-coded value.
func (b *bitReader) decode(h *huffman) (int, error) {
	if b.nbits < 16 {
		b.fill()
	}
	if e := h.fast[b.acc>>(64-lookBits)]; e != 0 {
		l := int(e >> 8)
		if l > b.nbits {
			return 0, errShort
		}
		b.acc <<= l
		b.nbits -= l
		return int(e & 0xFF), nil
	}
	for l := lookBits + 1; l <= 16; l++ {
		code := int32(b.acc >> (64 - l))
		if code <= h.maxCode[l] {
			if l > b.nbits {
				return 0, errShort
			}
			b.acc <<= l
			b.nbits -= l
			return int(h.vals[(h.valPtr[l]+code)&0xFF]), nil
		}
	}
	return 0, fmt.Errorf("invalid huffman code: corrupt data")
}
