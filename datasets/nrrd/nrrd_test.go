package nrrd

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
)

const dcmqiDir = "../../../shared/realdata/dcmqi-ct3"

// writeTestNRRD writes header lines, the blank line and data (gzipped when
// the header says so) to a new file in a temp dir.
func writeTestNRRD(t *testing.T, name string, header []string, data []byte) string {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(strings.Join(header, "\n") + "\n\n")
	if strings.Contains(strings.Join(header, "\n"), "encoding: gzip") {
		zw := gzip.NewWriter(&b)
		zw.Write(data)
		zw.Close()
	} else {
		b.Write(data)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// encode stores values (as float64) in the given type and byte order.
func encode(t *testing.T, typ string, order binary.ByteOrder, vals []float64) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, v := range vals {
		var x any
		switch typ {
		case "int8":
			x = int8(v)
		case "uchar":
			x = uint8(v)
		case "short":
			x = int16(v)
		case "ushort":
			x = uint16(v)
		case "int":
			x = int32(v)
		case "uint":
			x = uint32(v)
		case "float":
			x = float32(v)
		case "double":
			x = v
		default:
			t.Fatalf("type %s", typ)
		}
		binary.Write(&b, order, x)
	}
	return b.Bytes()
}

func TestNRRDEveryTypeEncodingAndByteOrder(t *testing.T) {
	dim := [3]int{5, 4, 3}
	vals := make([]float64, dim[0]*dim[1]*dim[2])
	for i := range vals {
		vals[i] = float64(i % 97)
	}
	for _, typ := range []string{"int8", "uchar", "short", "ushort", "int", "uint", "float", "double"} {
		for _, enc := range []string{"raw", "gzip"} {
			for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
				endian := map[bool]string{true: "little", false: "big"}[order == binary.LittleEndian]
				name := fmt.Sprintf("%s-%s-%s", typ, enc, endian)
				p := writeTestNRRD(t, name+".nrrd", []string{"NRRD0004", "type: " + typ, "dimension: 3",
					"sizes: 5 4 3", "endian: " + endian, "encoding: " + enc}, encode(t, typ, order, vals))
				v, err := Read(p)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				l, err := ReadLabels(p)
				if err != nil {
					t.Fatalf("%s labels: %v", name, err)
				}
				if v.Dim != dim || l.Dim != dim {
					t.Fatalf("%s: dims %v %v, want %v", name, v.Dim, l.Dim, dim)
				}
				for i, want := range vals {
					if v.Voxels[i] != float32(want) || l.Labels[i] != uint16(want) {
						t.Fatalf("%s: voxel %d is %v / label %d, want %v", name, i, v.Voxels[i], l.Labels[i], want)
					}
				}
			}
		}
	}
}

func TestNRRDSpacesBecomeRAS(t *testing.T) {
	data := make([]byte, 2*3*4)
	cases := []struct {
		space string
		want  datasets.Affine
	}{
		{"left-posterior-superior", datasets.Affine{{-0.5, 0, 0, 10}, {0, 0, -2, -20}, {0, 0.7, 0, 30}, {0, 0, 0, 1}}},
		{"right-anterior-superior", datasets.Affine{{0.5, 0, 0, -10}, {0, 0, 2, 20}, {0, 0.7, 0, 30}, {0, 0, 0, 1}}},
		{"left-anterior-superior", datasets.Affine{{-0.5, 0, 0, 10}, {0, 0, 2, 20}, {0, 0.7, 0, 30}, {0, 0, 0, 1}}},
	}
	for _, c := range cases {
		p := writeTestNRRD(t, "s.nrrd", []string{"NRRD0004", "type: uchar", "dimension: 3", "space: " + c.space,
			"sizes: 2 3 4", "space directions: (0.5,0,0) (0,0,0.7) (0,2,0)", "space origin: (-10,20,30)", "encoding: raw"}, data)
		l, err := ReadLabels(p)
		if err != nil {
			t.Fatal(err)
		}
		if l.Affine != c.want {
			t.Errorf("%s: affine %v, want %v", c.space, l.Affine, c.want)
		}
		if l.Spacing != [3]float64{0.5, 0.7, 2} {
			t.Errorf("%s: spacing %v", c.space, l.Spacing)
		}
	}
	// 2-D: the third axis is the unit normal of the two in-plane directions.
	p := writeTestNRRD(t, "2d.nrrd", []string{"NRRD0005", "type: uchar", "dimension: 2", "space: LPS",
		"sizes: 3 2", "space directions: (0.3,0,0) (0,0.4,0)", "space origin: (1,2,3)", "encoding: raw"}, make([]byte, 6))
	l, err := ReadLabels(p)
	if err != nil {
		t.Fatal(err)
	}
	want := datasets.Affine{{-0.3, 0, 0, -1}, {0, -0.4, 0, -2}, {0, 0, 1, 3}, {0, 0, 0, 1}}
	if l.Dim != [3]int{3, 2, 1} || l.Affine != want {
		t.Errorf("2-D: dim %v affine %v, want 3x2x1 and %v", l.Dim, l.Affine, want)
	}
	// No space: bare spacings on the diagonal.
	p = writeTestNRRD(t, "sp.nrrd", []string{"NRRD0001", "type: uchar", "dimension: 2", "sizes: 3 2", "spacings: 0.5 2", "encoding: raw"}, make([]byte, 6))
	if l, err = ReadLabels(p); err != nil || l.Spacing != [3]float64{0.5, 2, 1} {
		t.Errorf("spacings: %v, spacing %v", err, l.Spacing)
	}
}

// The dcmqi CT segmentations: int16 gzip LPS, 512x512x3. The RAS affine is
// the one scripts/nsd_reference.py derives from the header with numpy
// (nrrd_ras_affine): [[-0.810547,0,0,235.2],[0,-0.810547,0,226.8],[0,0,1,-128.69]].
func TestNRRDRealSegmentations(t *testing.T) {
	if _, err := os.Stat(dcmqiDir); err != nil {
		t.Skipf("%s is absent (real test data lives in ../shared/realdata): %v", dcmqiDir, err)
	}
	l, err := ReadLabels(filepath.Join(dcmqiDir, "liver_spine_seg.nrrd"))
	if err != nil {
		t.Fatal(err)
	}
	want := datasets.Affine{{-0.810547, 0, 0, 235.2}, {0, -0.810547, 0, 226.8}, {0, 0, 1, -128.69}, {0, 0, 0, 1}}
	for r := range 4 {
		for c := range 4 {
			if math.Abs(l.Affine[r][c]-want[r][c]) > 1e-5 {
				t.Fatalf("affine %v, want %v", l.Affine, want)
			}
		}
	}
	counts := l.Counts()
	if l.Dim != [3]int{512, 512, 3} || l.DataType != datasets.Int16 || len(counts) != 3 || counts[1] == 0 || counts[2] == 0 {
		t.Errorf("dim %v type %s ids %v: want 512x512x3 int16 with ids 0, 1, 2", l.Dim, l.DataType, counts)
	}
	liver, err := ReadLabels(filepath.Join(dcmqiDir, "liver_seg.nrrd"))
	if err != nil {
		t.Fatal(err)
	}
	if !liver.SameGrid(l.Grid) {
		t.Errorf("liver_seg and liver_spine_seg should share a grid: %v vs %v", liver.Affine, l.Affine)
	}
	ds, err := datasets.Open(filepath.Join(dcmqiDir, "heart_seg.nrrd"))
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := ds.Load(ds.Cases[0])
	if err != nil {
		t.Fatal(err)
	}
	if lo, hi := img.MinMax(); lo != 0 || hi != 3 {
		t.Errorf("heart_seg opened as an image has values %v..%v, want 0..3", lo, hi)
	}
}

func TestNRRDBadInput(t *testing.T) {
	base := func(extra ...string) []string {
		return append([]string{"NRRD0004", "type: short", "dimension: 3", "sizes: 4 4 2", "endian: little"}, extra...)
	}
	ok := make([]byte, 4*4*2*2)
	cases := []struct {
		name   string
		header []string
		data   []byte
		want   []string
	}{
		{"magic", []string{"P5", "type: uchar"}, nil, []string{"not an NRRD file", `"P5"`}},
		{"detached", []string{"NRRD0004", "type: short", "dimension: 3", "sizes: 4 4 2", "encoding: gzip", "data file: seg.raw.gz"}, nil,
			[]string{"separate file", "seg.raw.gz", "single .nrrd"}},
		{"encoding", base("encoding: bzip2"), ok, []string{`encoding "bzip2"`, "raw or gzip"}},
		{"no endian", []string{"NRRD0004", "type: short", "dimension: 3", "sizes: 4 4 2", "encoding: raw"}, ok, []string{`no "endian"`, "int16"}},
		{"type", []string{"NRRD0004", "type: long long", "dimension: 3", "sizes: 4 4 2", "endian: little", "encoding: raw"}, ok, []string{`type "long long"`}},
		{"4-D", []string{"NRRD0004", "type: uchar", "dimension: 4", "sizes: 3 4 4 2", "encoding: raw"}, ok, []string{"dimension is 4", "scalar"}},
		{"vector kind", []string{"NRRD0004", "type: uchar", "dimension: 3", "sizes: 3 4 4", "kinds: vector domain domain", "encoding: raw"}, ok, []string{"axis 0", `"vector"`}},
		{"none direction", base("encoding: raw", "space: LPS", "space directions: none (1,0,0) (0,1,0)"), ok, []string{"axis 0", "none"}},
		{"sizes count", []string{"NRRD0004", "type: uchar", "dimension: 3", "sizes: 4 4", "encoding: raw"}, ok, []string{"sizes", "expected 3"}},
		{"truncated raw", base("encoding: raw"), ok[:40], []string{"64 bytes of raw data", "only 40"}},
		{"huge raw", []string{"NRRD0004", "type: float", "dimension: 3", "sizes: 1000 1000 1000", "endian: little", "encoding: raw"}, ok,
			[]string{"1000x1000x1000", "4000000000 bytes"}},
		{"over the voxel limit", []string{"NRRD0004", "type: uchar", "dimension: 3", "sizes: 4096 4096 4096", "encoding: gzip"}, ok, []string{"voxel limit"}},
		{"huge gzip", []string{"NRRD0004", "type: float", "dimension: 3", "sizes: 1000 1000 1000", "endian: little", "encoding: gzip"}, ok,
			[]string{"can hold at most", "truncated file or corrupt header"}},
		{"truncated gzip", base("encoding: gzip"), ok[:20], []string{"data truncated", "expected 64 bytes"}},
		{"negative label", base("encoding: raw"), append([]byte{0, 0, 0xff, 0xff}, ok[4:]...), []string{"voxel (1,0,0)", "value -1", "0..65535"}},
		{"space", base("encoding: raw", "space: scanner-xyz"), ok, []string{`space "scanner-xyz"`}},
		{"bad vector", base("encoding: raw", "space: RAS", "space directions: (1,0) (0,1,0) (0,0,1)"), ok, []string{"axis 0", "(x,y,z)"}},
		{"twice", base("encoding: raw", "encoding: raw"), ok, []string{`"encoding" is given twice`}},
	}
	for _, c := range cases {
		p := writeTestNRRD(t, "bad.nrrd", c.header, c.data)
		_, err := ReadLabels(p)
		if err == nil {
			t.Errorf("%s: read without error", c.name)
			continue
		}
		if !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %q does not name the file", c.name, err)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, w)
			}
		}
	}
	// A header with no blank line before end of file.
	p := filepath.Join(t.TempDir(), "nohdrend.nrrd")
	os.WriteFile(p, []byte("NRRD0004\ntype: uchar\ndimension: 3\n"), 0o644)
	if _, err := Read(p); err == nil || !strings.Contains(err.Error(), "blank line") {
		t.Errorf("unterminated header: %v", err)
	}
	// A "header" that is one enormous line is refused, not buffered.
	os.WriteFile(p, append([]byte("NRRD0004\ntype: "), bytes.Repeat([]byte("x"), 200<<10)...), 0o644)
	if _, err := Read(p); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("long line: %v", err)
	}
}
