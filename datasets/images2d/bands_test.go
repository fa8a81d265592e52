package images2d

import (
	"encoding/binary"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// A dataset's band choice reaches a 4-band TIFF through the registry (as
// segtui --bands does), and is refused for a format without bands.
func TestDatasetBandsReachTheReader(t *testing.T) {
	dir := t.TempDir()
	const w, h = 9, 7
	pix := make([]byte, 4*w*h)
	for i := range w * h {
		pix[4*i], pix[4*i+1], pix[4*i+2], pix[4*i+3] = 10, 20, 30, uint8(100+i)
	}
	path := filepath.Join(dir, "nir.tif")
	writeStripTIFF(t, path, w, h, 4, 3, pix, binary.LittleEndian)
	ds, err := datasets.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ds.Bands = []int{3, 0, 1}
	v, _, err := ds.Load(ds.Cases[0])
	if err != nil {
		t.Fatal(err)
	}
	if v.RGB[0] != 100 || v.RGB[1] != 10 || v.RGB[2] != 20 || v.RGB[3*(w*h-1)] != uint8(100+w*h-1) {
		t.Errorf("bands 4,1,2: first pixel %v, want NIR, red, green", v.RGB[:3])
	}
	if _, err := ReadBands(filepath.Join(dir, "x.png"), []int{0, 1, 2}); err == nil || !strings.Contains(err.Error(), "TIFF") {
		t.Errorf("bands on a PNG: %v", err)
	}
}
