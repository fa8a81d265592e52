package dicom

import (
	"encoding/binary"
	"fmt"

	"github.com/segtui/segtui/datasets"
)

// dicomSyntax is how a transfer syntax lays out the data set.
type dicomSyntax struct {
	name     string
	explicit bool
	order    binary.ByteOrder
}

// dicomReadable are the uncompressed transfer syntaxes segtui decodes.
var dicomReadable = map[string]dicomSyntax{
	"1.2.840.10008.1.2":   {"Implicit VR Little Endian", false, binary.LittleEndian},
	"1.2.840.10008.1.2.1": {"Explicit VR Little Endian", true, binary.LittleEndian},
	"1.2.840.10008.1.2.2": {"Explicit VR Big Endian (retired)", true, binary.BigEndian},
}

// dicomRefused names the deflated and compressed transfer syntaxes, so
// the refusal tells the user what the file holds.
var dicomRefused = map[string]string{
	"1.2.840.10008.1.2.1.99":  "Deflated Explicit VR Little Endian",
	"1.2.840.10008.1.2.1.98":  "Encapsulated Uncompressed Explicit VR Little Endian",
	"1.2.840.10008.1.2.4.50":  "JPEG Baseline (Process 1)",
	"1.2.840.10008.1.2.4.51":  "JPEG Extended (Process 2 & 4)",
	"1.2.840.10008.1.2.4.57":  "JPEG Lossless, Non-Hierarchical (Process 14)",
	"1.2.840.10008.1.2.4.70":  "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 SV1)",
	"1.2.840.10008.1.2.4.80":  "JPEG-LS Lossless",
	"1.2.840.10008.1.2.4.81":  "JPEG-LS Near-Lossless",
	"1.2.840.10008.1.2.4.90":  "JPEG 2000 (Lossless Only)",
	"1.2.840.10008.1.2.4.91":  "JPEG 2000",
	"1.2.840.10008.1.2.4.92":  "JPEG 2000 Part 2 Multi-component (Lossless Only)",
	"1.2.840.10008.1.2.4.93":  "JPEG 2000 Part 2 Multi-component",
	"1.2.840.10008.1.2.4.201": "High-Throughput JPEG 2000 (Lossless Only)",
	"1.2.840.10008.1.2.4.202": "High-Throughput JPEG 2000 with RPCL Options (Lossless Only)",
	"1.2.840.10008.1.2.4.203": "High-Throughput JPEG 2000",
	"1.2.840.10008.1.2.5":     "RLE Lossless",
	"1.2.840.10008.1.2.4.100": "MPEG2 Main Profile / Main Level",
	"1.2.840.10008.1.2.4.101": "MPEG2 Main Profile / High Level",
	"1.2.840.10008.1.2.4.102": "MPEG-4 AVC/H.264 High Profile / Level 4.1",
	"1.2.840.10008.1.2.4.103": "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1",
	"1.2.840.10008.1.2.4.107": "HEVC/H.265 Main Profile / Level 5.1",
	"1.2.840.10008.1.2.4.108": "HEVC/H.265 Main 10 Profile / Level 5.1",
}

// syntaxError is a file refused for its transfer syntax alone: a folder
// scan skips it, as exam folders mix compressed reports with the series.
type syntaxError struct{ error }

func (e syntaxError) Unwrap() error { return e.error }

// lookupSyntax returns the layout of a readable transfer syntax, or an
// error that names the UID, what it is and how to convert the file.
func lookupSyntax(uid string) (dicomSyntax, error) {
	if s, ok := dicomReadable[uid]; ok {
		return s, nil
	}
	const convert = "segtui reads uncompressed DICOM only (implicit or explicit VR little endian, explicit VR big endian); " +
		"decompress the series first, e.g. with gdcmconv --raw or dcmdjpeg"
	if name, ok := dicomRefused[uid]; ok {
		return dicomSyntax{}, syntaxError{fmt.Errorf("transfer syntax %s (%s) is not supported: %s", uid, name, convert)}
	}
	return dicomSyntax{}, syntaxError{fmt.Errorf("transfer syntax %q is unknown: %s", datasets.Clip(uid), convert)}
}
