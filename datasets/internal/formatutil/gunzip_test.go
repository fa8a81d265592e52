package formatutil

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/segtui/segtui/datasets"
)

// storedTypes are the scalar types stored no wider than a float32, the
// ones readers inflate into the voxel buffer and widen in place.
var storedTypes = []struct {
	t     datasets.DataType
	width int
}{{datasets.Uint8, 1}, {datasets.Int8, 1}, {datasets.Int16, 2}, {datasets.Uint16, 2}, {datasets.Int32, 4}, {datasets.Uint32, 4}, {datasets.Float32, 4}}

// TestWidenInPlace stores random values at the end of the float32 buffer
// TailBuffer returns (after a header) and widens them front to back into
// that same buffer: every voxel must come out as widening a separate copy
// gives, scaled and unscaled.
func TestWidenInPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n, skip = 100_003, 352
	for _, st := range storedTypes {
		for _, sc := range []LinearScale{{}, {Slope: 0.5, Inter: -1024, On: true}} {
			raw := make([]byte, n*st.width)
			for i := range raw {
				raw[i] = byte(rng.Uint32())
			}
			if st.t == datasets.Float32 {
				for i := 0; i < n; i++ { // finite values only: NaN != NaN
					binary.NativeEndian.PutUint32(raw[4*i:], uint32(rng.Int32N(1<<30)))
				}
			}
			want := make([]float32, n)
			WidenChunk(st.t, append([]byte(nil), raw...), want, sc)

			dst := make([]float32, n, TailCap(n, 4, skip))
			buf := TailBuffer(dst, skip, len(raw))
			end := unsafe.Add(unsafe.Pointer(unsafe.SliceData(dst)), 4*cap(dst))
			if unsafe.Add(unsafe.Pointer(unsafe.SliceData(buf)), len(buf)) != end {
				t.Fatalf("%s: TailBuffer did not end at the end of the voxel buffer", st.t)
			}
			copy(buf[skip:], raw)
			WidenChunk(st.t, buf[skip:], dst, sc)
			for i := range want {
				if dst[i] != want[i] {
					t.Fatalf("%s scale %v: voxel %d is %v in place, %v from a copy", st.t, sc, i, dst[i], want[i])
				}
			}
		}
	}
	// Too small a buffer for the header and data: a fresh one.
	small := make([]float32, 10)
	if b := TailBuffer(small, 352, 20); len(b) != 372 || unsafe.SliceData(b) == (*byte)(unsafe.Pointer(unsafe.SliceData(small))) {
		t.Errorf("TailBuffer of a small buffer: %d bytes, aliasing it", len(b))
	}
}

// TestLabelsInPlace does the same for label maps: uint8 and 16-bit ids
// into uint16 labels.
func TestLabelsInPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const n = 70_001
	for _, st := range storedTypes[:4] {
		raw := make([]byte, n*st.width)
		for i := range raw {
			raw[i] = byte(rng.Uint32())
		}
		if st.t == datasets.Int8 || st.t == datasets.Int16 {
			for i := st.width - 1; i < len(raw); i += st.width {
				raw[i] &= 0x7F // non-negative ids on little-endian hosts
			}
		}
		want := make([]uint16, n)
		if bad, _ := LabelChunk(st.t, append([]byte(nil), raw...), want, LinearScale{}); bad >= 0 {
			t.Fatalf("%s: test data has a bad id at %d", st.t, bad)
		}
		dst := make([]uint16, n)
		buf := TailBuffer(dst, 0, len(raw))
		copy(buf, raw)
		LabelChunk(st.t, buf, dst, LinearScale{})
		for i := range want {
			if dst[i] != want[i] {
				t.Fatalf("%s: label %d is %d in place, %d from a copy", st.t, i, dst[i], want[i])
			}
		}
	}
}

// TestGunzip reads a gzip file whole, fills a buffer too short for the
// whole stream without complaint, and words truncation and damage as
// GzipSource does.
func TestGunzip(t *testing.T) {
	data := bytes.Repeat([]byte("voxels and more voxels "), 5000)
	var z bytes.Buffer
	w := gzip.NewWriter(&z)
	w.Write(data)
	w.Close()
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.gz", z.Bytes())
	out := make([]byte, len(data))
	if n, err := Gunzip(good, out); err != nil || n != len(data) || !bytes.Equal(out, data) {
		t.Fatalf("whole: %d %v", n, err)
	}
	if n, err := Gunzip(good, out[:100]); err != nil || n != 100 {
		t.Fatalf("first 100 bytes: %d %v", n, err)
	}
	for _, c := range []struct {
		name string
		b    []byte
		need int
		want string
	}{
		{"cut.gz", z.Bytes()[:z.Len()/2], len(data), "gzip stream truncated"},
		{"trailer.gz", z.Bytes()[:z.Len()-3], len(data), "gzip stream truncated after the voxel data"},
		{"crc.gz", append(append([]byte(nil), z.Bytes()[:z.Len()-8]...), 1, 2, 3, 4, 5, 6, 7, 8), len(data), "corrupt gzip stream: gzip member 1: corrupt deflate stream: CRC-32"},
	} {
		n, err := Gunzip(write(c.name, c.b), out)
		if err == nil || !strings.HasPrefix(DescribeGunzip(err, n, c.need), c.want) {
			t.Errorf("%s: %d bytes, %v: %q, want %q", c.name, n, err, DescribeGunzip(err, n, c.need), c.want)
		}
	}
}
