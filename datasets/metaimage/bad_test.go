package metaimage

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/internal/formatutil"
)

const goodKeys = "ObjectType = Image\nNDims = 3\nDimSize = 2 3 4\nElementType = MET_SHORT\n"

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func zlibBytes(b []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// TestBadFiles checks that malformed headers and short or corrupt data
// are errors naming the file and what is wrong.
func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	raw := make([]byte, 2*3*4*2)
	cases := []struct {
		name, header string
		data         []byte
		extra        map[string][]byte
		want         string
	}{
		{"no data file key", goodKeys, nil, nil, "without ElementDataFile"},
		{"not key value", "hello world\n", nil, nil, `expected Key = Value`},
		{"object type", "ObjectType = Tube\n" + goodKeys + "ElementDataFile = LOCAL\n", raw, nil, "expected Image"},
		{"ndims", "NDims = 5\nDimSize = 1 1 1 1 1\nElementType = MET_SHORT\nElementDataFile = LOCAL\n", raw, nil, "expected 2 or 3"},
		{"dimsize count", "NDims = 3\nDimSize = 2 3\nElementType = MET_SHORT\nElementDataFile = LOCAL\n", raw, nil, "DimSize has 2 values for NDims 3"},
		{"zero dim", "NDims = 3\nDimSize = 2 0 4\nElementType = MET_SHORT\nElementDataFile = LOCAL\n", raw, nil, "expected at least 1"},
		{"huge dims", "NDims = 3\nDimSize = 100000 100000 1000\nElementType = MET_SHORT\nElementDataFile = LOCAL\n", raw, nil, "voxel limit"},
		{"spacing", goodKeys + "ElementSpacing = 1 -2 1\nElementDataFile = LOCAL\n", raw, nil, "expected a positive size"},
		{"matrix count", goodKeys + "TransformMatrix = 1 0 0 1\nElementDataFile = LOCAL\n", raw, nil, "TransformMatrix has 4 values"},
		{"zero axis", goodKeys + "TransformMatrix = 1 0 0 0 0 0 0 0 1\nElementDataFile = LOCAL\n", raw, nil, "axis 1 no direction"},
		{"nan", goodKeys + "Offset = 0 nan 0\nElementDataFile = LOCAL\n", raw, nil, "not a finite number"},
		{"type", "NDims = 3\nDimSize = 2 3 4\nElementType = MET_LONG_LONG\nElementDataFile = LOCAL\n", raw, nil, "MET_LONG_LONG is not supported"},
		{"no type", "NDims = 3\nDimSize = 2 3 4\nElementDataFile = LOCAL\n", raw, nil, "ElementType is missing"},
		{"channels", goodKeys + "ElementNumberOfChannels = 3\nElementDataFile = LOCAL\n", raw, nil, "one channel"},
		{"ascii", goodKeys + "BinaryData = False\nElementDataFile = LOCAL\n", raw, nil, "binary MetaImage data only"},
		{"twice", goodKeys + "NDims = 3\nElementDataFile = LOCAL\n", raw, nil, "NDims given twice"},
		{"bool", goodKeys + "CompressedData = maybe\nElementDataFile = LOCAL\n", raw, nil, "not True or False"},
		{"short raw", goodKeys + "ElementDataFile = LOCAL\n", raw[:40], nil, "need 48 bytes of raw data"},
		{"missing file", goodKeys + "ElementDataFile = gone.raw\n", nil, nil, "gone.raw (ElementDataFile)"},
		{"short zlib", goodKeys + "CompressedData = True\nElementDataFile = LOCAL\n", zlibBytes(raw)[:9], nil, "truncated"},
		{"not zlib", goodKeys + "CompressedData = True\nElementDataFile = LOCAL\n", bytes.Repeat([]byte{0x55}, 40), nil, "zlib"},
		{"zlib too small", "NDims = 3\nDimSize = 1000 1000 100\nElementType = MET_SHORT\nCompressedData = True\nElementDataFile = LOCAL\n", zlibBytes(raw), nil, "can hold at most"},
		{"list short", goodKeys + "ElementDataFile = LIST\na.raw\nb.raw\n", nil, map[string][]byte{"a.raw": raw[:12], "b.raw": raw[:12]}, "names 2 files, expected 4"},
		{"list slice short", "NDims = 3\nDimSize = 2 3 2\nElementType = MET_SHORT\nElementDataFile = LIST\na.raw\nb.raw\n", nil, map[string][]byte{"a.raw": raw[:12], "b.raw": raw[:10]}, "one of 2 slice files"},
		{"pattern count", goodKeys + "ElementDataFile = s%02d.raw 1 3 1\n", nil, nil, "names 3 files, expected 4"},
		{"headersize end short", goodKeys + "HeaderSize = -1\nElementDataFile = d.raw\n", nil, map[string][]byte{"d.raw": raw[:20]}, "shorter (20 bytes) than its data (48 bytes)"},
		{"control chars", "ObjectType = \x1b[31mRed\n", nil, nil, "expected Image"},
	}
	for i, c := range cases {
		sub := filepath.Join(dir, fmt.Sprint(i))
		os.Mkdir(sub, 0o755)
		for n, b := range c.extra {
			writeFile(t, sub, n, b)
		}
		p := writeFile(t, sub, "img.mha", append([]byte(c.header), c.data...))
		_, err := Read(p)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %v, want one naming %s and containing %q", c.name, err, p, c.want)
		}
		if err != nil && strings.ContainsRune(err.Error(), 0x1b) {
			t.Errorf("%s: error passes an escape character through: %q", c.name, err)
		}
	}
}

// TestWriteLabelsRoundTrip writes labels on a rotated grid as .mha and
// .mhd, both byte and short ids, and reads them back unchanged, without
// leaving temporary files.
func TestWriteLabelsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	g := datasets.Grid{Dim: [3]int{5, 4, 3}}
	g.Affine = datasets.Affine{{-0.7, 0.2, 0.1, 12.5}, {0.1, -0.9, 0.3, -40}, {0.05, 0.1, 2.4, 7.25}, {0, 0, 0, 1}}
	g.Spacing = datasets.SpacingFromAffine(g.Affine)
	for _, top := range []uint16{200, 4000} {
		l := &datasets.LabelMap{Grid: g, Labels: make([]uint16, g.Len())}
		for i := range l.Labels {
			l.Labels[i] = uint16(i*53) % (top + 1)
		}
		for _, name := range []string{"a.mha", "b.mhd"} {
			p := filepath.Join(dir, fmt.Sprint(top, name))
			if err := WriteLabels(p, l); err != nil {
				t.Fatal(err)
			}
			back, err := ReadLabels(p)
			if err != nil {
				t.Fatal(err)
			}
			if !back.SameGrid(l.Grid) {
				t.Errorf("%s: grid %v, wrote %v", name, back.Affine, l.Affine)
			}
			for r := 0; r < 3; r++ {
				for c := 0; c < 4; c++ {
					if d := back.Affine[r][c] - l.Affine[r][c]; d > 1e-12 || d < -1e-12 {
						t.Errorf("%s: affine[%d][%d] off by %g", name, r, c, d)
					}
				}
			}
			wantType := datasets.Uint8
			if top > 255 {
				wantType = datasets.Uint16
			}
			if back.DataType != wantType {
				t.Errorf("%s: stored as %s, want %s", name, back.DataType, wantType)
			}
			for i := range l.Labels {
				if back.Labels[i] != l.Labels[i] {
					t.Fatalf("%s: label %d is %d, wrote %d", name, i, back.Labels[i], l.Labels[i])
				}
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
	if err := WriteLabels(filepath.Join(dir, "x.nii"), &datasets.LabelMap{Grid: g, Labels: make([]uint16, g.Len())}); err == nil {
		t.Error("WriteLabels accepted a .nii name")
	}
}

// FuzzReadMetaImage feeds mutated .mha files to the reader: a volume or an
// error, never a panic or an allocation beyond what the file can hold.
func FuzzReadMetaImage(f *testing.F) {
	raw := make([]byte, 2*3*4*2)
	for i := range raw {
		raw[i] = byte(i * 7)
	}
	f.Add([]byte(goodKeys + "ElementSpacing = 0.5 1 2\nOffset = 1 2 3\nTransformMatrix = 0 1 0 1 0 0 0 0 -1\nElementDataFile = LOCAL\n" + string(raw)))
	f.Add([]byte(goodKeys + "ElementByteOrderMSB = True\nCompressedData = True\nElementDataFile = LOCAL\n" + string(zlibBytes(raw))))
	f.Add([]byte("NDims = 2\nDimSize = 4 3\nElementType = MET_FLOAT\nTransformMatrix = 0 1 -1 0\nElementDataFile = LOCAL\n" + string(raw)))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, fmt.Sprintf("fuzz-%d.mha", os.Getpid()))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if v, err := Read(p); err == nil {
			if len(v.Voxels) != v.Len() || v.CheckSize() != nil || int64(v.Len()) > int64(len(data))*formatutil.MaxDeflateRatio {
				t.Fatalf("volume %v with %d voxels from %d bytes", v.Dim, len(v.Voxels), len(data))
			}
		}
	})
}
