package dicom

import (
	"encoding/binary"
	"fmt"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/dicom/codec"
)

// dicomSyntax is how a transfer syntax lays out the data set and its pixels.
type dicomSyntax struct {
	name     string
	explicit bool
	order    binary.ByteOrder
	// deflated: the data set after the file meta group is one raw deflate
	// stream of explicit VR little endian.
	deflated bool
	// encapsulated: Pixel Data holds compressed fragments that
	// codec.DecodeFrame turns into the native layout.
	encapsulated bool
}

// uidRLE is the one encapsulated syntax whose frames decode to the stored
// words, HighBit's shift included, rather than to sample values.
const uidRLE = "1.2.840.10008.1.2.5"

// dicomNative are the uncompressed transfer syntaxes.
var dicomNative = map[string]dicomSyntax{
	"1.2.840.10008.1.2":   {name: "Implicit VR Little Endian", order: binary.LittleEndian},
	"1.2.840.10008.1.2.1": {name: "Explicit VR Little Endian", explicit: true, order: binary.LittleEndian},
	"1.2.840.10008.1.2.2": {name: "Explicit VR Big Endian (retired)", explicit: true, order: binary.BigEndian},
}

// dicomRefused names the compressed transfer syntaxes segtui has no
// decoder for, so the refusal tells the user what the file holds.
var dicomRefused = map[string]string{
	"1.2.840.10008.1.2.1.98":  "Encapsulated Uncompressed Explicit VR Little Endian",
	"1.2.840.10008.1.2.4.92":  "JPEG 2000 Part 2 Multi-component (Lossless Only)",
	"1.2.840.10008.1.2.4.93":  "JPEG 2000 Part 2 Multi-component",
	"1.2.840.10008.1.2.4.201": "High-Throughput JPEG 2000 (Lossless Only)",
	"1.2.840.10008.1.2.4.202": "High-Throughput JPEG 2000 with RPCL Options (Lossless Only)",
	"1.2.840.10008.1.2.4.203": "High-Throughput JPEG 2000",
	"1.2.840.10008.1.2.4.100": "MPEG2 Main Profile / Main Level",
	"1.2.840.10008.1.2.4.101": "MPEG2 Main Profile / High Level",
	"1.2.840.10008.1.2.4.102": "MPEG-4 AVC/H.264 High Profile / Level 4.1",
	"1.2.840.10008.1.2.4.103": "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1",
	"1.2.840.10008.1.2.4.107": "HEVC/H.265 Main Profile / Level 5.1",
	"1.2.840.10008.1.2.4.108": "HEVC/H.265 Main 10 Profile / Level 5.1",
}

// lookupSyntax returns the layout of a readable transfer syntax (the
// three uncompressed ones and every one package codec decodes), or an
// error that names the UID, what it is and how to convert the file.
func lookupSyntax(uid string) (dicomSyntax, error) {
	if s, ok := dicomNative[uid]; ok {
		return s, nil
	}
	if c, ok := codec.Lookup(uid); ok {
		// Both the deflated and the encapsulated syntaxes are explicit VR
		// little endian apart from their compression.
		return dicomSyntax{name: c.Name, explicit: true, order: binary.LittleEndian, deflated: c.Deflated, encapsulated: c.Encapsulated()}, nil
	}
	const convert = "segtui reads uncompressed, deflated, RLE, JPEG (baseline, extended, lossless), JPEG-LS and JPEG 2000 DICOM; " +
		"convert the series to one of those first, e.g. with gdcmconv --raw"
	if name, ok := dicomRefused[uid]; ok {
		return dicomSyntax{}, fmt.Errorf("transfer syntax %s (%s) is not supported: %s", uid, name, convert)
	}
	return dicomSyntax{}, fmt.Errorf("transfer syntax %q is unknown: %s", datasets.Clip(uid), convert)
}
