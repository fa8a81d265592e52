// Package codec decodes the pixel data of compressed DICOM transfer
// syntaxes into the native layout of uncompressed DICOM, so a reader that
// handles uncompressed frames handles every syntax: one package per
// compression (rle, jpeg, jpegls, jpeg2000), encapsulated fragments split
// into frames by package encapsulated. The deflated syntax compresses the
// whole data set, not the pixels; the DICOM reader inflates it as it
// parses.
package codec

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/segtui/segtui/datasets/dicom/codec/jpeg"
	"github.com/segtui/segtui/datasets/dicom/codec/jpeg2000"
	"github.com/segtui/segtui/datasets/dicom/codec/jpegls"
	"github.com/segtui/segtui/datasets/dicom/codec/rle"
)

// Info is what the DICOM header says a frame holds.
type Info struct {
	Rows, Cols    int
	Samples       int // SamplesPerPixel
	BitsAllocated int // 8 or 16 (RLE also 32)
	BitsStored    int
	Signed        bool   // PixelRepresentation 1
	Photometric   string // PhotometricInterpretation
}

// FrameBytes is the size of one decoded frame in the native layout.
func (in Info) FrameBytes() int { return in.Rows * in.Cols * in.Samples * in.BitsAllocated / 8 }

// Syntax is a transfer syntax segtui decodes.
type Syntax struct {
	UID, Name string
	Lossy     bool
	// Deflated: the data set after the file meta group is one raw deflate
	// stream of explicit VR little endian.
	Deflated bool
	decode   func(frame []byte, in Info) ([]byte, string, error)
}

// Encapsulated reports whether pixel data comes in fragments.
func (s Syntax) Encapsulated() bool { return s.decode != nil }

const uidRLE = "1.2.840.10008.1.2.5"

var syntaxes = map[string]Syntax{
	"1.2.840.10008.1.2.1.99": {Name: "Deflated Explicit VR Little Endian", Deflated: true},
	uidRLE:                   {Name: "RLE Lossless", decode: decodeRLE},
	"1.2.840.10008.1.2.4.50": {Name: "JPEG Baseline (Process 1)", Lossy: true, decode: decodeJPEG},
	"1.2.840.10008.1.2.4.51": {Name: "JPEG Extended (Process 2 & 4)", Lossy: true, decode: decodeJPEG},
	"1.2.840.10008.1.2.4.57": {Name: "JPEG Lossless, Non-Hierarchical (Process 14)", decode: decodeJPEG},
	"1.2.840.10008.1.2.4.70": {Name: "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 SV1)", decode: decodeJPEG},
	"1.2.840.10008.1.2.4.80": {Name: "JPEG-LS Lossless", decode: decodeJPEGLS},
	"1.2.840.10008.1.2.4.81": {Name: "JPEG-LS Near-Lossless", Lossy: true, decode: decodeJPEGLS},
	"1.2.840.10008.1.2.4.90": {Name: "JPEG 2000 (Lossless Only)", decode: decodeJPEG2000},
	"1.2.840.10008.1.2.4.91": {Name: "JPEG 2000", Lossy: true, decode: decodeJPEG2000},
}

// Lookup returns the syntax of a UID segtui decodes beyond the three
// uncompressed ones.
func Lookup(uid string) (Syntax, bool) {
	s, ok := syntaxes[uid]
	s.UID = uid
	return s, ok
}

// DecodeFrame decodes one compressed frame of syntax uid into dst, which
// must hold in.FrameBytes(): little-endian values of in.BitsAllocated
// bits, samples interleaved (planar configuration 0). It returns the
// photometric interpretation of the decoded pixels, which differs from
// in.Photometric where the codec converted colour (YBR to RGB).
func DecodeFrame(uid string, frame []byte, in Info, dst []byte) (string, error) {
	s, ok := Lookup(uid)
	if !ok || s.decode == nil {
		return "", fmt.Errorf("transfer syntax %s has no frame decoder", uid)
	}
	if len(dst) != in.FrameBytes() {
		return "", fmt.Errorf("%s frame: output of %d bytes, expected %d", s.Name, len(dst), in.FrameBytes())
	}
	switch {
	case in.BitsAllocated == 8 || in.BitsAllocated == 16:
	case in.BitsAllocated == 32 && uid == uidRLE:
	default:
		return "", fmt.Errorf("%s frame: %d bits allocated, expected 8 or 16", s.Name, in.BitsAllocated)
	}
	data, photometric, err := s.decode(frame, in)
	if err != nil {
		return "", err
	}
	copy(dst, data)
	return photometric, nil
}

func decodeRLE(frame []byte, in Info) ([]byte, string, error) {
	out, err := rle.Decode(frame, in.Rows, in.Cols, in.Samples, in.BitsAllocated)
	return out, in.Photometric, err
}

// fit checks a decoded frame against the header and converts it to the
// native layout (widening 8-bit samples when 16 bits are allocated).
func fit(name string, w, h, nc, precision int, data []byte, in Info) ([]byte, error) {
	if w != in.Cols || h != in.Rows || nc != in.Samples {
		return nil, fmt.Errorf("%s frame is %dx%d with %d samples, but the header says %dx%d with %d: corrupt file", name, w, h, nc, in.Cols, in.Rows, in.Samples)
	}
	if precision > in.BitsAllocated {
		return nil, fmt.Errorf("%s frame has %d-bit samples, more than the %d bits allocated", name, precision, in.BitsAllocated)
	}
	if precision > 8 || in.BitsAllocated == 8 {
		return data, nil
	}
	out := make([]byte, 2*len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint16(out[2*i:], uint16(v))
	}
	return out, nil
}

func decodeJPEG(frame []byte, in Info) ([]byte, string, error) {
	ybr := strings.HasPrefix(in.Photometric, "YBR_FULL")
	f, err := jpeg.Decode(frame, jpeg.Options{YCbCrToRGB: ybr, GuessColor: in.Photometric == "RGB"})
	if err != nil {
		return nil, "", err
	}
	out, err := fit("JPEG", f.Width, f.Height, f.Components, f.Precision, f.Data, in)
	photometric := in.Photometric
	if ybr && f.Components == 3 {
		photometric = "RGB"
	}
	return out, photometric, err
}

func decodeJPEGLS(frame []byte, in Info) ([]byte, string, error) {
	f, err := jpegls.Decode(frame)
	if err != nil {
		return nil, "", err
	}
	out, err := fit("JPEG-LS", f.Width, f.Height, f.Components, f.Precision, f.Data, in)
	return out, in.Photometric, err
}

func decodeJPEG2000(frame []byte, in Info) ([]byte, string, error) {
	f, err := jpeg2000.Decode(frame)
	if err != nil {
		return nil, "", err
	}
	out, err := fit("JPEG 2000", f.Width, f.Height, f.Components, f.Precision, f.Data, in)
	photometric := in.Photometric
	if f.ColourTransform {
		photometric = "RGB"
	}
	if err == nil && f.Signed && f.Precision <= 8 && in.BitsAllocated == 16 {
		// Widening copied the byte; extend the sign of 8-bit signed samples.
		for i := 0; i < len(out); i += 2 {
			binary.LittleEndian.PutUint16(out[i:], uint16(int16(int8(out[i]))))
		}
	}
	return out, photometric, err
}
