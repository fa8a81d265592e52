package npz

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// npyBytes builds a version 1.0 .npy file with a hand-written header, for
// inputs numpy itself would never write.
func npyBytes(header string, data []byte) []byte {
	h := header
	for (10+len(h)+1)%64 != 0 {
		h += " "
	}
	h += "\n"
	var b bytes.Buffer
	b.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&b, binary.LittleEndian, uint16(len(h)))
	b.WriteString(h)
	b.Write(data)
	return b.Bytes()
}

// writeZip writes entries (name -> bytes) with the given zip method.
func writeZip(t *testing.T, path string, method uint16, entries map[string][]byte) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReadNpyVersions(t *testing.T) {
	for _, v := range []string{"v1", "v2", "v3"} {
		f, err := os.Open(filepath.Join("testdata", v+".npy"))
		if err != nil {
			t.Fatal(err)
		}
		st, _ := f.Stat()
		a, err := ReadNpy(f, st.Size())
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		if !equalShape(a.Shape, []int{3, 2}) || a.Descr != "<f4" {
			t.Errorf("%s: shape %v descr %s", v, a.Shape, a.Descr)
		}
		for i, x := range a.Float32s() {
			if x != float32(i) {
				t.Errorf("%s: element %d = %g, want %d", v, i, x, i)
			}
		}
	}
}

func TestReadNpyDtypesFromNumpy(t *testing.T) {
	a, err := openNPZ(filepath.Join("testdata", "dtypes.npz"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	want := map[string][]float64{
		"u1": {0, 1, 2, 100, 200, 7}, "i1": {0, 1, 2, 100, -3, 7},
		"i2le": {0, 1, 2, 1000, -3, 7}, "i2be": {0, 1, 2, 1000, -3, 7},
		"u2le": {0, 1, 2, 1000, 60000, 7}, "u2be": {0, 1, 2, 1000, 60000, 7},
		"i4le": {0, 1, 2, 100000, -3, 7}, "i4be": {0, 1, 2, 100000, -3, 7},
		"u4le": {0, 1, 2, 100000, 4000000000, 7},
		"f4le": {0, 1, 2.5, -1000, 3.25, 7}, "f4be": {0, 1, 2.5, -1000, 3.25, 7},
		"f8le": {0, 1, 2.5, -1000, 3.25, 7}, "f8be": {0, 1, 2.5, -1000, 3.25, 7},
	}
	for key, vals := range want {
		arr, err := a.read(key)
		if err != nil || arr == nil {
			t.Fatalf("%s: %v (nil=%v)", key, err, arr == nil)
		}
		if got := arr.Float64s(); fmt.Sprint(got) != fmt.Sprint(vals) {
			t.Errorf("%s (%s): got %v, want %v", key, arr.Descr, got, vals)
		}
		if strings.HasSuffix(key, "be") != arr.BigEndian {
			t.Errorf("%s: BigEndian = %v", key, arr.BigEndian)
		}
	}
	// numpy stored this (2,3,4) array column-major; it must read back in C order.
	f, err := a.read("fortran")
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range f.Float64s() {
		if x != float64(i) {
			t.Fatalf("fortran-order element %d = %g, want %d", i, x, i)
		}
	}
}

func TestReadNpyBadInput(t *testing.T) {
	u8 := []byte{1, 2, 3, 4, 5, 6}
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"not npy", []byte("PK\x03\x04 hello world"), "expected magic"},
		{"short", []byte("\x93NUM"), "too short"},
		{"version 4", append([]byte("\x93NUMPY\x04\x00"), 0, 0), "version 4.0 is not supported"},
		{"truncated data", npyBytes("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }", u8[:4]), "needs 6 data bytes but only 4"},
		{"absurd shape", npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 100000), }", u8), "element limit"},
		{"huge dimension", npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", u8), "expected a dimension"},
		{"complex dtype", npyBytes("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", u8), `dtype "<c8" is not supported`},
		{"object dtype", npyBytes("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", u8), `dtype "|O" is not supported`},
		{"structured", npyBytes("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }", u8), "structured"},
		{"no shape", npyBytes("{'descr': '|u1', 'fortran_order': False, }", u8), "no 'shape'"},
		{"negative dim", npyBytes("{'descr': '|u1', 'fortran_order': False, 'shape': (-1,), }", u8), "expected a dimension"},
		{"header too long", append([]byte("\x93NUMPY\x02\x00"), 0xff, 0xff, 0xff, 0x7f), "limit"},
		{"header cut", append([]byte("\x93NUMPY\x01\x00"), 0x40, 0x00, '{'), "file ends early"},
	}
	for _, c := range cases {
		_, err := ReadNpy(bytes.NewReader(c.data), int64(len(c.data)))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
}
