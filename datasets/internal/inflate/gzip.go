package inflate

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

// Gunzip inflates every member of the gzip file in data into out, checking
// each member's CRC-32 and length, and returns the bytes written. When the
// stream holds more than out, it returns ErrShortBuffer with out full and
// the rest unread and unchecked.
func (d *Decoder) Gunzip(data, out []byte) (int, error) {
	ip, op := 0, 0
	for member := 0; ; member++ {
		body, err := gzipHeader(data[ip:])
		if err != nil {
			if member > 0 {
				return op, fmt.Errorf("gzip member %d: %w", member+1, err)
			}
			return op, err
		}
		ip += body
		n, end, err := d.Inflate(data[ip:], out, op)
		if err != nil {
			return end, err
		}
		ip += n
		if len(data)-ip < 8 {
			return end, fmt.Errorf("gzip member %d: %w: %d of its 8 trailer bytes (CRC-32, length)", member+1, ErrTruncated, len(data)-ip)
		}
		if sum := crc32.ChecksumIEEE(out[op:end]); sum != binary.LittleEndian.Uint32(data[ip:]) {
			return end, fmt.Errorf("gzip member %d: %w: CRC-32 %08x, the trailer says %08x", member+1, ErrCorrupt, sum, binary.LittleEndian.Uint32(data[ip:]))
		}
		if size := uint32(end - op); size != binary.LittleEndian.Uint32(data[ip+4:]) {
			return end, fmt.Errorf("gzip member %d: %w: %d bytes (mod 2^32), the trailer says %d", member+1, ErrCorrupt, size, binary.LittleEndian.Uint32(data[ip+4:]))
		}
		ip += 8
		op = end
		if ip == len(data) {
			return op, nil
		}
	}
}

var errNotGzip = fmt.Errorf("%w: not a gzip stream (expected 1f 8b 08)", ErrCorrupt)

// gzipHeader returns the length of the member header at the start of data
// (RFC 1952 2.3).
func gzipHeader(b []byte) (int, error) {
	if len(b) < 10 || b[0] != 0x1f || b[1] != 0x8b {
		return 0, errNotGzip
	}
	if b[2] != 8 {
		return 0, fmt.Errorf("%w: gzip compression method %d; only 8 (deflate) exists", ErrCorrupt, b[2])
	}
	flags, n := b[3], 10
	if flags&0xE0 != 0 {
		return 0, fmt.Errorf("%w: gzip header has reserved flags %02x set", ErrCorrupt, flags)
	}
	if flags&4 != 0 { // FEXTRA
		if len(b) < n+2 {
			return 0, fmt.Errorf("%w: the gzip header ends in its extra field", ErrTruncated)
		}
		n += 2 + int(binary.LittleEndian.Uint16(b[n:]))
	}
	for _, f := range []byte{8, 16} { // FNAME, FCOMMENT: zero-terminated
		if flags&f == 0 {
			continue
		}
		for n < len(b) && b[n] != 0 {
			n++
		}
		n++
	}
	if flags&2 != 0 { // FHCRC
		n += 2
	}
	if n > len(b) {
		return 0, fmt.Errorf("%w: the gzip header ends early", ErrTruncated)
	}
	return n, nil
}
