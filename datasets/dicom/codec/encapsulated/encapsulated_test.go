package encapsulated

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
)

// item appends an item (or delimiter) header and value.
func item(b []byte, tag uint32, v []byte) []byte {
	b = binary.LittleEndian.AppendUint16(b, uint16(tag>>16))
	b = binary.LittleEndian.AppendUint16(b, uint16(tag))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(v)))
	return append(b, v...)
}

func value(bot []uint32, frags ...[]byte) []byte {
	var t []byte
	for _, o := range bot {
		t = binary.LittleEndian.AppendUint32(t, o)
	}
	b := item(nil, tagItem, t)
	for _, f := range frags {
		b = item(b, tagItem, f)
	}
	return item(b, tagSequenceDelim, nil)
}

var (
	jpegA = []byte{0xFF, 0xD8, 1, 2}
	jpegB = []byte{0xFF, 0xD8, 3, 4}
	tail  = []byte{5, 6}
)

func TestFrames(t *testing.T) {
	cases := []struct {
		name   string
		data   []byte
		n      int
		ext    []uint64
		want   [][]byte
		errHas string
	}{
		{"one per frame", value(nil, jpegA, jpegB), 2, nil, [][]byte{jpegA, jpegB}, ""},
		{"all in one frame", value(nil, jpegA, tail), 1, nil, [][]byte{append(append([]byte{}, jpegA...), tail...)}, ""},
		{"basic offset table", value([]uint32{0, 22}, jpegA, tail, jpegB), 2, nil, [][]byte{{0xFF, 0xD8, 1, 2, 5, 6}, jpegB}, ""},
		{"extended offset table", value(nil, jpegA, jpegB), 2, []uint64{0, 12}, [][]byte{jpegA, jpegB}, ""},
		{"codestream starts", value(nil, jpegA, tail, jpegB, tail), 2, nil, [][]byte{{0xFF, 0xD8, 1, 2, 5, 6}, {0xFF, 0xD8, 3, 4, 5, 6}}, ""},
		{"offset not at a fragment", value([]uint32{0, 7}, jpegA, jpegB), 2, nil, nil, "not the start of fragment"},
		{"decreasing offsets", value([]uint32{12, 0}, jpegA, jpegB), 2, nil, nil, "not the start of fragment 0"},
		{"table length", value([]uint32{0}, jpegA, jpegB), 2, nil, nil, "1 entries for 2 frames"},
		{"too few fragments", value(nil, jpegA), 2, nil, nil, "at least one fragment per frame"},
		{"unsplittable", value(nil, jpegA, tail, tail), 2, nil, nil, "cannot tell where frames begin"},
	}
	for _, c := range cases {
		p, err := Parse(c.data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if p.Len != len(c.data) {
			t.Errorf("%s: Len %d, want %d", c.name, p.Len, len(c.data))
		}
		got, err := p.Frames(c.n, c.ext)
		if c.errHas != "" {
			if err == nil || !strings.Contains(err.Error(), c.errHas) {
				t.Errorf("%s: error %v, want one containing %q", c.name, err, c.errHas)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(got) != len(c.want) {
			t.Fatalf("%s: %d frames, want %d", c.name, len(got), len(c.want))
		}
		for i := range got {
			if !bytes.Equal(got[i], c.want[i]) {
				t.Errorf("%s: frame %d is % X, want % X", c.name, i, got[i], c.want[i])
			}
		}
	}
}

func TestParseErrors(t *testing.T) {
	good := value(nil, jpegA)
	cases := []struct {
		name   string
		data   []byte
		errHas string
	}{
		{"empty", nil, "truncated"},
		{"no delimiter", good[:len(good)-8], "truncated"},
		{"item past the end", good[:18], "claims 4 bytes"},
		{"wrong tag", append(item(nil, tagItem, nil), 0xE0, 0x7F, 0x10, 0x00, 0, 0, 0, 0), "expected an item"},
		{"odd offset table", item(item(nil, tagItem, []byte{1, 2, 3}), tagSequenceDelim, nil), "multiple of 4"},
		{"delimiter first", item(nil, tagSequenceDelim, nil), "before the Basic Offset Table"},
		{"undefined item length", append(item(nil, tagItem, nil), 0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF), "claims 4294967295 bytes"},
	}
	for _, c := range cases {
		if _, err := Parse(c.data); err == nil || !strings.Contains(err.Error(), c.errHas) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.errHas)
		}
	}
	// Bytes after the delimiter (the next element) are not part of the value.
	p, err := Parse(append(append([]byte{}, good...), 1, 2, 3))
	if err != nil || p.Len != len(good) {
		t.Errorf("trailing bytes: %v, Len %d want %d", err, p.Len, len(good))
	}
}

func FuzzParse(f *testing.F) {
	f.Add(value(nil, jpegA, jpegB), 2)
	f.Add(value([]uint32{0, 22}, jpegA, tail, jpegB), 2)
	f.Add(value(nil, jpegA, tail, jpegB, tail), 2)
	f.Fuzz(func(t *testing.T, data []byte, n int) {
		p, err := Parse(data)
		if err != nil {
			return
		}
		total := 0
		for _, fr := range p.Fragments {
			total += len(fr.Data)
		}
		frames, err := p.Frames(n%8, nil)
		if err != nil {
			return
		}
		size := 0
		for _, fr := range frames {
			size += len(fr)
		}
		if len(frames) != n%8 || size > total {
			t.Fatalf("%d frames of %d bytes from %d fragment bytes, asked for %d", len(frames), size, total, n%8)
		}
	})
}
