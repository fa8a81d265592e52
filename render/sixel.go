package render

import (
	"bytes"
	"fmt"
	"image"
	"math"
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
	out    []byte
	bits   []byte  // per colour, one band's sixel bits for every column
	lo, hi []int32 // per colour, the columns it occupies in the band (hi < 0: absent)
	opaque []bool
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
	e.opaque = grow(e.opaque, nc)
	allOpaque := true
	for n, c := range img.Palette {
		r, g, bl, a := c.RGBA()
		e.opaque[n] = a != 0
		allOpaque = allOpaque && a != 0
		out = append(out, '#')
		out = strconv.AppendInt(out, int64(n), 10)
		out = append(out, ";2;"...)
		out = strconv.AppendInt(out, int64(r*100/0xffff), 10)
		out = append(out, ';')
		out = strconv.AppendInt(out, int64(g*100/0xffff), 10)
		out = append(out, ';')
		out = strconv.AppendInt(out, int64(bl*100/0xffff), 10)
	}

	if cap(e.bits) < nc*w {
		e.bits = make([]byte, nc*w) // zero; every band leaves it zero again
	}
	bits := e.bits[:nc*w]
	if len(e.lo) < nc {
		e.lo, e.hi = make([]int32, nc), make([]int32, nc)
		for i := range e.lo {
			e.lo[i], e.hi[i] = math.MaxInt32, -1
		}
	}
	lo, hi := e.lo[:nc], e.hi[:nc]

	for y0 := 0; y0 < h; y0 += 6 {
		if y0 > 0 {
			out = append(out, '-') // next band, back at column 0
		}
		for p := 0; p < 6 && y0+p < h; p++ {
			off := img.PixOffset(b.Min.X, b.Min.Y+y0+p)
			row := img.Pix[off : off+w]
			mask := byte(1) << p
			for x, c := range row {
				if int(c) >= nc || !allOpaque && !e.opaque[c] {
					continue // no register (the decoder would leave it blank too)
				}
				bits[int(c)*w+x] |= mask
				lo[c] = min(lo[c], int32(x))
				hi[c] = max(hi[c], int32(x))
			}
		}
		first := true
		for c := 0; c < nc; c++ {
			if hi[c] < 0 {
				continue
			}
			if !first {
				out = append(out, '$') // back to column 0 for the next colour
			}
			first = false
			out = append(out, '#')
			out = strconv.AppendInt(out, int64(c), 10)
			start, end := int(lo[c]), int(hi[c])+1
			out = appendSixelRun(out, 0, start)
			run := bits[c*w+start : c*w+end]
			prev, cnt := run[0], 0
			for _, ch := range run {
				if ch != prev {
					out = appendSixelRun(out, prev, cnt)
					prev, cnt = ch, 0
				}
				cnt++
			}
			out = appendSixelRun(out, prev, cnt)
			clear(run)
			lo[c], hi[c] = math.MaxInt32, -1
		}
	}
	out = append(out, "\x1b\\"...)
	e.out = out
	return out, nil
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
