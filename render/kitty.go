package render

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"strconv"
)

// KittyFormat is how pixels travel in the kitty graphics protocol.
type KittyFormat int

const (
	KittyPNG KittyFormat = iota // compact: best over SSH
	KittyRGB                    // raw 24-bit: no compression cost, about 3 bytes per pixel
)

// KittyOptions places one image. Reusing ID replaces the earlier image and
// its placement in place.
type KittyOptions struct {
	ID         uint32 // image id (>0)
	Cols, Rows int    // cells to scale the image into; 0 keeps its pixel size
	Format     KittyFormat
}

// kittyChunk is the protocol's maximum base64 payload per escape.
const kittyChunk = 4096

// Kitty encodes img as kitty graphics commands: transmit and display
// (a=T) with image id and placement id 1, quiet (q=2, no replies that would
// arrive as keystrokes), cursor not moved (C=1), base64 in 4096-byte chunks.
func Kitty(img image.Image, opt KittyOptions) ([]byte, error) {
	if opt.ID == 0 {
		return nil, fmt.Errorf("render: kitty image id must be positive")
	}
	b := img.Bounds()
	var raw []byte
	var head string
	switch opt.Format {
	case KittyRGB:
		raw = make([]byte, 0, 3*b.Dx()*b.Dy())
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				raw = append(raw, uint8(r>>8), uint8(g>>8), uint8(bl>>8))
			}
		}
		head = "f=24,s=" + strconv.Itoa(b.Dx()) + ",v=" + strconv.Itoa(b.Dy())
	default:
		var err error
		if raw, err = encodePNG(img); err != nil {
			return nil, err
		}
		head = "f=100"
	}
	head = "a=T,q=2,C=1,i=" + strconv.FormatUint(uint64(opt.ID), 10) + ",p=1," + head
	if opt.Cols > 0 && opt.Rows > 0 {
		head += ",c=" + strconv.Itoa(opt.Cols) + ",r=" + strconv.Itoa(opt.Rows)
	}
	data := base64.StdEncoding.EncodeToString(raw)
	var out bytes.Buffer
	out.Grow(len(data) + (len(data)/kittyChunk+1)*16 + len(head))
	for first := true; first || len(data) > 0; first = false {
		n := min(kittyChunk, len(data))
		more := "0"
		if n < len(data) {
			more = "1"
		}
		out.WriteString("\x1b_G")
		if first {
			out.WriteString(head + ",")
		}
		out.WriteString("m=" + more + ";")
		out.WriteString(data[:n])
		out.WriteString("\x1b\\")
		data = data[n:]
	}
	return out.Bytes(), nil
}

// KittyDelete removes image id and its placements, freeing its memory.
func KittyDelete(id uint32) string {
	return "\x1b_Ga=d,d=I,q=2,i=" + strconv.FormatUint(uint64(id), 10) + "\x1b\\"
}

func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("render: PNG encoding: %w", err)
	}
	return buf.Bytes(), nil
}
