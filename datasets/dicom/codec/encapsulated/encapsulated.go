// Package encapsulated splits the value of an encapsulated Pixel Data
// element (PS3.5 A.4) into fragments and frames: a Basic Offset Table item,
// fragment items, then a sequence delimiter, all explicit VR little endian.
package encapsulated

import (
	"encoding/binary"
	"fmt"
)

const (
	tagItem          = 0xFFFEE000
	tagSequenceDelim = 0xFFFEE0DD
	itemHeader       = 8
)

// Fragment is one item's value and the offset of its item tag from the
// first fragment's item tag, the origin the offset tables count from.
type Fragment struct {
	Offset int
	Data   []byte
}

// PixelData is a parsed encapsulated Pixel Data value. Fragment data
// slices the parsed buffer; nothing is copied.
type PixelData struct {
	Offsets   []uint32 // the Basic Offset Table; empty when the encoder left it so
	Fragments []Fragment
	Len       int // bytes of the value, sequence delimiter included
}

// Parse reads an encapsulated Pixel Data value starting at its first item
// (the Basic Offset Table) and ending with the sequence delimiter. Data past
// the delimiter is ignored; Len says where the value ended.
func Parse(data []byte) (*PixelData, error) {
	p := &PixelData{}
	pos := 0
	first := -1
	for n := 0; ; n++ {
		if len(data)-pos < itemHeader {
			return nil, fmt.Errorf("encapsulated pixel data: item %d at byte %d needs an 8-byte header but %d bytes are left: truncated, expected a sequence delimiter (FFFE,E0DD) at the end", n, pos, len(data)-pos)
		}
		tag := uint32(binary.LittleEndian.Uint16(data[pos:]))<<16 | uint32(binary.LittleEndian.Uint16(data[pos+2:]))
		length := binary.LittleEndian.Uint32(data[pos+4:])
		if tag == tagSequenceDelim {
			p.Len = pos + itemHeader
			if n == 0 {
				return nil, fmt.Errorf("encapsulated pixel data: sequence delimiter at byte %d before the Basic Offset Table item", pos)
			}
			return p, nil
		}
		if tag != tagItem {
			return nil, fmt.Errorf("encapsulated pixel data: item %d at byte %d has tag (%04X,%04X), expected an item (FFFE,E000) or the sequence delimiter (FFFE,E0DD)", n, pos, tag>>16, tag&0xFFFF)
		}
		if length == 0xFFFFFFFF || int64(length) > int64(len(data)-pos-itemHeader) {
			return nil, fmt.Errorf("encapsulated pixel data: item %d at byte %d claims %d bytes but %d are left: truncated or corrupt", n, pos, length, len(data)-pos-itemHeader)
		}
		value := data[pos+itemHeader : pos+itemHeader+int(length)]
		if n == 0 {
			if length%4 != 0 {
				return nil, fmt.Errorf("encapsulated pixel data: Basic Offset Table has %d bytes, expected a multiple of 4", length)
			}
			p.Offsets = make([]uint32, length/4)
			for i := range p.Offsets {
				p.Offsets[i] = binary.LittleEndian.Uint32(value[4*i:])
			}
		} else {
			if first < 0 {
				first = pos
			}
			p.Fragments = append(p.Fragments, Fragment{Offset: pos - first, Data: value})
		}
		pos += itemHeader + int(length)
	}
}

// Frames returns the compressed bytes of each of n frames. Fragments are
// grouped by the Extended Offset Table when given (ext, one offset per
// frame, as in (7FE0,0001)), else by the Basic Offset Table, else one
// fragment per frame when the counts match, all fragments when n is 1, or
// by where each codestream starts (a JPEG SOI or JPEG 2000 SOC marker, or
// a JP2 signature). A frame split over several fragments is copied into one
// buffer; a frame in one fragment slices the parsed data.
func (p *PixelData) Frames(n int, ext []uint64) ([][]byte, error) {
	if n < 1 {
		return nil, fmt.Errorf("encapsulated pixel data: %d frames requested, expected at least 1", n)
	}
	if len(p.Fragments) == 0 {
		return nil, fmt.Errorf("encapsulated pixel data: no fragments, expected at least one per frame (%d frames)", n)
	}
	switch {
	case len(ext) > 0:
		return p.byOffsets(n, ext, "Extended Offset Table")
	case len(p.Offsets) > 0:
		offs := make([]uint64, len(p.Offsets))
		for i, o := range p.Offsets {
			offs[i] = uint64(o)
		}
		return p.byOffsets(n, offs, "Basic Offset Table")
	case len(p.Fragments) == n:
		frames := make([][]byte, n)
		for i, f := range p.Fragments {
			frames[i] = f.Data
		}
		return frames, nil
	case n == 1:
		return [][]byte{join(p.Fragments)}, nil
	case len(p.Fragments) < n:
		return nil, fmt.Errorf("encapsulated pixel data: %d fragments for %d frames and no offset table, expected at least one fragment per frame", len(p.Fragments), n)
	}
	return p.byMarkers(n)
}

// byOffsets groups fragments by the frames' start offsets.
func (p *PixelData) byOffsets(n int, offs []uint64, table string) ([][]byte, error) {
	if len(offs) != n {
		return nil, fmt.Errorf("encapsulated pixel data: %s has %d entries for %d frames, expected one per frame", table, len(offs), n)
	}
	frames := make([][]byte, n)
	next := 0
	for i, o := range offs {
		if next >= len(p.Fragments) || uint64(p.Fragments[next].Offset) != o {
			return nil, fmt.Errorf("encapsulated pixel data: %s entry %d is byte %d, which is not the start of fragment %d (or any later one)", table, i, o, next)
		}
		end := len(p.Fragments)
		if i+1 < n {
			if offs[i+1] <= o {
				return nil, fmt.Errorf("encapsulated pixel data: %s entries %d and %d are %d and %d, expected increasing offsets", table, i, i+1, o, offs[i+1])
			}
			for end = next + 1; end < len(p.Fragments) && uint64(p.Fragments[end].Offset) < offs[i+1]; end++ {
			}
		}
		frames[i] = join(p.Fragments[next:end])
		next = end
	}
	return frames, nil
}

// byMarkers starts a frame at each fragment that starts a codestream.
func (p *PixelData) byMarkers(n int) ([][]byte, error) {
	var starts []int
	for i, f := range p.Fragments {
		if startsCodestream(f.Data) {
			starts = append(starts, i)
		}
	}
	if len(starts) != n || starts[0] != 0 {
		return nil, fmt.Errorf("encapsulated pixel data: %d fragments for %d frames, no offset table, and %d fragments start a JPEG or JPEG 2000 codestream: cannot tell where frames begin", len(p.Fragments), n, len(starts))
	}
	frames := make([][]byte, n)
	for i, s := range starts {
		end := len(p.Fragments)
		if i+1 < n {
			end = starts[i+1]
		}
		frames[i] = join(p.Fragments[s:end])
	}
	return frames, nil
}

func startsCodestream(b []byte) bool {
	switch {
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xD8: // JPEG, JPEG-LS SOI
		return true
	case len(b) >= 4 && b[0] == 0xFF && b[1] == 0x4F && b[2] == 0xFF && b[3] == 0x51: // J2K SOC, SIZ
		return true
	case len(b) >= 12 && string(b[4:12]) == "jP  \r\n\x87\n": // JP2 signature box
		return true
	}
	return false
}

func join(frags []Fragment) []byte {
	if len(frags) == 1 {
		return frags[0].Data
	}
	size := 0
	for _, f := range frags {
		size += len(f.Data)
	}
	out := make([]byte, 0, size)
	for _, f := range frags {
		out = append(out, f.Data...)
	}
	return out
}
