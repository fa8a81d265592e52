package dicom

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/dicom/internal/dcmtest"
)

// One corrupt file (truncated in its pixels, or before them) is skipped
// with a warning naming it, as the README promises, and the rest of the
// real series opens; it used to refuse the whole series.
func TestCorruptDICOMFileSkipped(t *testing.T) {
	src := filepath.Join("..", "..", "..", "shared", "realdata", "dcmqi-ct3")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("real data not present (%v); CI has ../shared/realdata", err)
	}
	for name, size := range map[string]int64{"pixels cut": 300000, "header only": 2000} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "ct")
			os.MkdirAll(dir, 0o755)
			for _, f := range []string{"01.dcm", "02.dcm", "03.dcm"} {
				b, err := os.ReadFile(filepath.Join(src, f))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Truncate(filepath.Join(dir, "03.dcm"), size); err != nil {
				t.Fatal(err)
			}
			ds, err := datasets.Open(dir)
			if err != nil {
				t.Fatalf("one corrupt file refused the series: %v", err)
			}
			if w := strings.Join(ds.Warnings, "\n"); !strings.Contains(w, "03.dcm") || !strings.Contains(w, "skipped") {
				t.Errorf("no warning names the skipped file: %q", w)
			}
			img, _, err := ds.Load(ds.Cases[0])
			if err != nil {
				t.Fatal(err)
			}
			if img.Dim != [3]int{512, 512, 2} {
				t.Errorf("series read as %s, want the 2 whole slices", img.ShapeString())
			}
		})
	}
}

// TestCorruptCompressedFileInSeries cuts one file of a JPEG-LS series of
// the real slices inside its fragments: the folder still opens, naming the
// file in a warning, and the series reads from the other two. A file whose
// fragments are whole but whose codestream is garbage passes the scan and
// fails the read, with an error naming it and its codec.
func TestCorruptCompressedFileInSeries(t *testing.T) {
	files := compressInto(t, jpegLS, dcmtest.RealCTFiles(t), t.TempDir())
	data, err := os.ReadFile(files[1])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(files[1], data[:len(data)-5000], 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(files[1])
	ds, err := datasets.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Cases) != 1 || len(ds.Warnings) != 1 || !strings.Contains(ds.Warnings[0], files[1]) ||
		!strings.Contains(ds.Warnings[0], "truncated") || !strings.Contains(ds.Warnings[0], "skipped") {
		t.Fatalf("cases %+v warnings %q; want the series and a warning that %s is truncated and skipped", ds.Cases, ds.Warnings, files[1])
	}
	img, _, err := ds.Load(ds.Cases[0])
	if err != nil || img.Dim != [3]int{512, 512, 2} {
		t.Fatalf("load: %v %v; want the two whole slices", err, img)
	}

	// Whole items, garbage inside: the first fragment's bytes zeroed.
	value := bytes.LastIndex(data, []byte{0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF}) + 12
	bot := int(binary.LittleEndian.Uint32(data[value+4:]))
	frag := value + 8 + bot + 8
	copy(data[frag:frag+64], make([]byte, 64))
	if err := os.WriteFile(files[1], data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ReadSeries(dir, "")
	if err == nil || !strings.Contains(err.Error(), files[1]) || !strings.Contains(err.Error(), "JPEG-LS") {
		t.Fatalf("garbage codestream: %v; want an error naming %s and JPEG-LS", err, files[1])
	}
}

// TestTruncatedDeflatedFile cuts a deflated file inside its stream: the
// scan skips it with a warning that says the deflated data set ends early.
func TestTruncatedDeflatedFile(t *testing.T) {
	s := ctSpec(uidExplicitLE, 16, 16, 0)
	for i := range s.pixels {
		s.pixels[i] = i * 37 % 2000
	}
	data := encodeDeflated(t, s)
	dir := t.TempDir()
	path := filepath.Join(dir, "deflated.dcm")
	touch(t, path, data[:len(data)-40])
	_, err := datasets.Open(dir)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "deflated data set ends early") {
		t.Fatalf("got %v; want a warning naming %s and the early end", err, path)
	}
	touch(t, path, data)
	if v, err := ReadSeries(dir, ""); err != nil || v.Voxels[17] != float32(17*37%2000-1024) {
		t.Fatalf("the whole file: %v", err)
	}
}
