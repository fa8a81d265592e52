// Package rle decodes DICOM RLE Lossless frames (transfer syntax
// 1.2.840.10008.1.2.5, PS3.5 Annex G): a 64-byte header of up to 15
// segment offsets, then one PackBits segment per byte plane, most
// significant byte first, for each sample in turn.
package rle

import (
	"encoding/binary"
	"fmt"
)

// Decode decodes one RLE frame of rows x cols pixels, samples per pixel
// and bitsAllocated (8, 16 or 32) into little-endian values with samples
// interleaved (planar configuration 0).
func Decode(src []byte, rows, cols, samples, bitsAllocated int) ([]byte, error) {
	if rows < 1 || cols < 1 || samples < 1 || rows > 65535 || cols > 65535 || samples > 3 {
		return nil, fmt.Errorf("rle: frame of %dx%d pixels with %d samples, expected 1 to 65535 rows and columns and 1 or 3 samples", cols, rows, samples)
	}
	if bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32 {
		return nil, fmt.Errorf("rle: %d bits allocated, expected 8, 16 or 32", bitsAllocated)
	}
	bytesPer := bitsAllocated / 8
	// A PackBits byte pair yields at most 128 bytes, so a frame smaller
	// than 1/64 of a segment cannot be valid: refuse before allocating.
	if int64(rows)*int64(cols) > 64*int64(len(src)) {
		return nil, fmt.Errorf("rle: frame of %d bytes cannot hold %dx%d pixels (at most 64 per byte): truncated", len(src), cols, rows)
	}
	dst := make([]byte, rows*cols*samples*bytesPer)
	return dst, DecodeInto(dst, src, rows, cols, samples, bitsAllocated)
}

// DecodeInto is Decode into dst, which must hold rows*cols*samples*bitsAllocated/8 bytes.
func DecodeInto(dst, src []byte, rows, cols, samples, bitsAllocated int) error {
	bytesPer := bitsAllocated / 8
	pixels := rows * cols
	if len(dst) != pixels*samples*bytesPer {
		return fmt.Errorf("rle: output of %d bytes for %d pixels of %d samples of %d bits, expected %d", len(dst), pixels, samples, bitsAllocated, pixels*samples*bytesPer)
	}
	if len(src) < 64 {
		return fmt.Errorf("rle: frame of %d bytes, expected at least the 64-byte RLE header: truncated", len(src))
	}
	nseg := int(binary.LittleEndian.Uint32(src))
	want := samples * bytesPer
	if nseg != want {
		return fmt.Errorf("rle: header has %d segments, expected %d (%d samples of %d bytes)", nseg, want, samples, bytesPer)
	}
	var offs [16]int
	for i := 0; i < nseg; i++ {
		o := binary.LittleEndian.Uint32(src[4+4*i:])
		if o < 64 || int64(o) > int64(len(src)) || (i > 0 && int(o) < offs[i-1]) {
			return fmt.Errorf("rle: segment %d starts at byte %d, expected at least 64, after segment %d and within the frame's %d bytes", i, o, i-1, len(src))
		}
		offs[i] = int(o)
	}
	offs[nseg] = len(src)
	stride := samples * bytesPer
	for seg := 0; seg < nseg; seg++ {
		sample, msb := seg/bytesPer, seg%bytesPer
		// Little-endian output: the segment's byte goes to byte bytesPer-1-msb of the value.
		start := sample*bytesPer + bytesPer - 1 - msb
		if err := unpack(dst[start:], stride, pixels, src[offs[seg]:offs[seg+1]]); err != nil {
			return fmt.Errorf("rle: segment %d of %d: %w", seg, nseg, err)
		}
	}
	return nil
}

// unpack decodes one PackBits segment into every stride-th byte of dst.
// Encoders pad a segment to even length, so a run may overshoot by a byte:
// output past n bytes is dropped, as the standard's decoders do.
func unpack(dst []byte, stride, n int, seg []byte) error {
	out, i := 0, 0
	for out < n {
		if i >= len(seg) {
			return fmt.Errorf("data ends after %d of %d bytes: truncated", out, n)
		}
		c := int8(seg[i])
		i++
		switch {
		case c >= 0:
			run := int(c) + 1
			if i+run > len(seg) {
				return fmt.Errorf("literal run of %d bytes at byte %d passes the segment's end (%d bytes): truncated", run, i-1, len(seg))
			}
			for k := 0; k < run && out < n; k++ {
				dst[out*stride] = seg[i+k]
				out++
			}
			i += run
		case c != -128:
			if i >= len(seg) {
				return fmt.Errorf("replicate run at byte %d has no byte to repeat: truncated", i-1)
			}
			b := seg[i]
			i++
			for k := 0; k < 1-int(c) && out < n; k++ {
				dst[out*stride] = b
				out++
			}
		}
	}
	return nil
}
