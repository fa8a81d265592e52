package render

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"slices"
	"strconv"
)

// SixelEncoder turns paletted frames into DECSIXEL, keeping its scratch
// buffers between frames; use one per goroutine.
//
// Frames from Compose already hold at most 256 colours, so encoding is
// only bit packing and run-length coding: each band of six rows is
// spread into one row of sixel bits per colour, and each colour present
// is written over just the columns it occupies ("!n?" skips to its first
// column; it stops after its last), since on a CT frame most colours live
// in a small part of each band.
type SixelEncoder struct {
	out     []byte
	bits    []byte    // per colour, one band's sixel bits for every column
	present [256]bool // per colour, whether the band uses it
	paint   [256]bool // per index, whether it is a register drawn (opaque)
}

// NewSixelEncoder returns an encoder ready for repeated use.
func NewSixelEncoder() *SixelEncoder { return &SixelEncoder{} }

// Encode returns the sixel sequence for img (DCS q with 1:1 raster
// attributes, colour registers in percent, one band of six rows per
// graphics line). Palette entries with zero alpha are left unpainted. The
// returned slice is valid until the next call.
func (e *SixelEncoder) Encode(img *image.Paletted) ([]byte, error) {
	nc := len(img.Palette)
	if nc > 256 {
		return nil, fmt.Errorf("render: sixel frame has %d colours, at most 256 fit the registers", nc)
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	out := e.out[:0]
	if w == 0 || h == 0 {
		return out, nil
	}
	out = append(out, "\x1bP0;0;8q\"1;1;"...)
	out = strconv.AppendInt(out, int64(w), 10)
	out = append(out, ';')
	out = strconv.AppendInt(out, int64(h), 10)
	// Indices beyond the palette have no register: the decoder would
	// leave them blank, so they are not painted either.
	e.paint = [256]bool{}
	for n, c := range img.Palette {
		r, g, bl, a := c.RGBA()
		e.paint[n] = a != 0
		out = append(out, '#')
		out = strconv.AppendInt(out, int64(n), 10)
		out = append(out, ";2;"...)
		out = strconv.AppendInt(out, int64(r*100/0xffff), 10)
		out = append(out, ';')
		out = strconv.AppendInt(out, int64(g*100/0xffff), 10)
		out = append(out, ';')
		out = strconv.AppendInt(out, int64(bl*100/0xffff), 10)
	}

	// Rows are padded to whole words so the column range of a colour can
	// be found a word at a time.
	stride := (w + 7) &^ 7
	if cap(e.bits) < nc*stride {
		e.bits = make([]byte, nc*stride) // zero; every band leaves it zero again
	}
	bits := e.bits[:nc*stride]
	present, paint := &e.present, &e.paint
	*present = [256]bool{}

	for y0 := 0; y0 < h; y0 += SixelBand {
		if y0 > 0 {
			out = append(out, '-') // next band, back at column 0
		}
		for p := 0; p < SixelBand && y0+p < h; p++ {
			off := img.PixOffset(b.Min.X, b.Min.Y+y0+p)
			row := img.Pix[off : off+w]
			mask := byte(1) << p
			for x, c := range row {
				if !paint[c] {
					continue
				}
				bits[int(c)*stride+x] |= mask
				present[c] = true
			}
		}
		first := true
		for c := 0; c < nc; c++ {
			if !present[c] {
				continue
			}
			present[c] = false
			crow := bits[c*stride : (c+1)*stride]
			start, end := usedColumns(crow)
			// Room for the worst case: a run never takes more bytes than
			// columns, plus the colour select and the leading skip.
			out = slices.Grow(out, end-start+5*(start/255)+16)
			if !first {
				out = append(out, '$') // back to column 0 for the next colour
			}
			first = false
			out = append(out, '#')
			out = strconv.AppendInt(out, int64(c), 10)
			out = appendSixelRun(out, 0, start)
			run := crow[start:end]
			prev, cnt := run[0], 0
			for i := 0; i < len(run); {
				// Long runs (air, gaps between a colour's pixels) go 8 columns
				// a step.
				if i+8 <= len(run) && binary.LittleEndian.Uint64(run[i:]) == uint64(prev)*0x0101010101010101 {
					cnt += 8
					i += 8
					continue
				}
				if ch := run[i]; ch != prev {
					out = appendSixelRun(out, prev, cnt)
					prev, cnt = ch, 0
				}
				cnt++
				i++
			}
			out = appendSixelRun(out, prev, cnt)
			clear(run)
		}
	}
	out = append(out, "\x1b\\"...)
	e.out = out
	return out, nil
}

// usedColumns returns the first and last+1 non-zero bytes of a row whose
// length is a multiple of 8 and that holds at least one non-zero byte.
func usedColumns(row []byte) (start, end int) {
	for start = 0; binary.LittleEndian.Uint64(row[start:]) == 0; start += 8 {
	}
	for start < len(row) && row[start] == 0 {
		start++
	}
	for end = len(row); binary.LittleEndian.Uint64(row[end-8:]) == 0; end -= 8 {
	}
	for row[end-1] == 0 {
		end--
	}
	return start, end
}

// appendSixelRun writes cnt columns of sixel bits ch, as "!n" repeats
// where shorter, in pieces of at most 255 as go-sixel and libsixel do.
func appendSixelRun(dst []byte, ch byte, cnt int) []byte {
	s := '?' + ch
	for ; cnt > 255; cnt -= 255 {
		dst = append(dst, '!', '2', '5', '5', s)
	}
	switch {
	case cnt <= 0:
	case cnt <= 3:
		dst = append(dst, s, s, s)[:len(dst)+cnt]
	case cnt < 10:
		dst = append(dst, '!', byte('0'+cnt), s)
	case cnt < 100:
		dst = append(dst, '!', byte('0'+cnt/10), byte('0'+cnt%10), s)
	default:
		dst = append(dst, '!', byte('0'+cnt/100), byte('0'+cnt/10%10), byte('0'+cnt%10), s)
	}
	return dst
}

// Sixel encodes one frame with a fresh encoder.
func Sixel(img *image.Paletted) ([]byte, error) {
	out, err := NewSixelEncoder().Encode(img)
	return bytes.Clone(out), err
}
