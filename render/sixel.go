package render

import (
	"bytes"
	"fmt"
	"image"

	"github.com/mattn/go-sixel"
)

// SixelEncoder turns frames into DECSIXEL. It keeps go-sixel's scratch
// buffers between frames; use one per goroutine.
type SixelEncoder struct {
	buf bytes.Buffer
	enc *sixel.Encoder
}

// NewSixelEncoder returns an encoder ready for repeated use.
func NewSixelEncoder() *SixelEncoder {
	e := &SixelEncoder{}
	e.enc = sixel.NewEncoder(&e.buf)
	return e
}

// Encode returns the sixel sequence for img. Frames from Compose have at
// most 256 colours, so go-sixel writes their palette as is. The returned
// slice is valid until the next call.
func (e *SixelEncoder) Encode(img *image.Paletted) ([]byte, error) {
	if len(img.Palette) > 256 {
		return nil, fmt.Errorf("render: sixel frame has %d colours, at most 256 fit the registers", len(img.Palette))
	}
	e.buf.Reset()
	if err := e.enc.Encode(img); err != nil {
		return nil, fmt.Errorf("render: sixel encoding: %w", err)
	}
	return e.buf.Bytes(), nil
}

// Sixel encodes one frame with a fresh encoder.
func Sixel(img *image.Paletted) ([]byte, error) {
	out, err := NewSixelEncoder().Encode(img)
	return bytes.Clone(out), err
}
