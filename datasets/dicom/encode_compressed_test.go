package dicom

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"testing"
)

const (
	uidDeflated = "1.2.840.10008.1.2.1.99"
	uidRLETest  = "1.2.840.10008.1.2.5"
)

// encodeDeflated writes s as Deflated Explicit VR Little Endian: the data
// set after the file meta group as one raw deflate stream.
func encodeDeflated(t testing.TB, s dcmSpec) []byte {
	s.syntax = uidDeflated
	b := encodeDICOM(s)
	metaEnd := dicomPreamble + 4 + 12 + int(binary.LittleEndian.Uint32(b[dicomPreamble+4+8:]))
	var z bytes.Buffer
	w, err := flate.NewWriter(&z, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(b[metaEnd:])
	w.Close()
	return append(b[:metaEnd:metaEnd], z.Bytes()...)
}

// encodeRLE writes an 8-bit single-sample s as RLE Lossless: one fragment
// with one PackBits segment of literal runs.
func encodeRLE(s dcmSpec) []byte {
	s.syntax, s.noPixels = uidRLETest, true
	b := encodeDICOM(s)
	var seg []byte
	for i := 0; i < len(s.pixels); i += 128 {
		run := s.pixels[i:min(i+128, len(s.pixels))]
		seg = append(seg, byte(len(run)-1))
		for _, v := range run {
			seg = append(seg, byte(v))
		}
	}
	if len(seg)%2 == 1 {
		seg = append(seg, 0)
	}
	frag := make([]byte, 64, 64+len(seg))
	binary.LittleEndian.PutUint32(frag, 1)
	binary.LittleEndian.PutUint32(frag[4:], 64)
	frag = append(frag, seg...)
	e := newEncoder(uidExplicitLE)
	e.header(tagPixelData, "OB", undefinedLength)
	e.header(tagItem, "", 0)
	e.header(tagItem, "", uint32(len(frag)))
	e.buf.Write(frag)
	e.header(tagSequenceDelim, "", 0)
	return append(b, e.buf.Bytes()...)
}
