package dicom

import (
	"encoding/binary"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// floatPixelSpec is a parametric-map-like slice: Rows and Columns with
// Float Pixel Data (7FE0,0008) instead of Pixel Data.
func floatPixelSpec() dcmSpec {
	s := ctSpec(uidExplicitLE, 2, 2, 0)
	s.noPixels, s.seriesUID, s.desc = true, "1.2.3.77", "ADC map"
	s.extra = func(e *dcmEncoder) {
		var px []byte
		for i := 0; i < 4; i++ {
			px = binary.LittleEndian.AppendUint32(px, 0x3f800000) // 1.0
		}
		e.elem(0x7FE00008, "OF", px)
	}
	return s
}

// A file whose image is Float Pixel Data is not truncated: the error says
// what it holds, and a folder scan skips it like other objects segtui
// cannot decode, so the series beside it still opens.
func TestDICOMFloatPixelData(t *testing.T) {
	dir := t.TempDir()
	mapPath := filepath.Join(dir, "ADC0001")
	writeDICOM(t, mapPath, floatPixelSpec())
	_, err := ReadFiles([]string{mapPath})
	if err == nil || !strings.Contains(err.Error(), mapPath) || !strings.Contains(err.Error(), "Float Pixel Data (7FE0,0008)") ||
		strings.Contains(err.Error(), "truncated") {
		t.Fatalf("read: %v; want an error naming the file and its Float Pixel Data, not truncation", err)
	}
	for k := 0; k < 2; k++ {
		writeDICOM(t, filepath.Join(dir, "CT000"+string(rune('1'+k))), ctSpec(uidExplicitLE, 2, 3, float64(k)))
	}
	ds, err := datasets.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Cases) != 1 || len(ds.Warnings) != 1 || !strings.Contains(ds.Warnings[0], mapPath) || !strings.Contains(ds.Warnings[0], "Float Pixel Data") {
		t.Errorf("cases %+v, warnings %q; want the CT series and a warning naming %s", ds.Cases, ds.Warnings, mapPath)
	}
}
