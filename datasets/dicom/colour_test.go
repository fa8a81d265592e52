package dicom

import (
	"testing"

	"github.com/segtui/segtui/datasets"
)

// TestDICOMNativeColour reads uncompressed 8-bit colour: RGB stored by
// plane (PlanarConfiguration 1) and full-range YCbCr, both into
// interleaved RGB with Rec. 601 luma as the grey value.
func TestDICOMNativeColour(t *testing.T) {
	colour := func(photometric string, planar int, pixels []int) *datasets.Volume {
		t.Helper()
		s := ctSpec(uidExplicitLE, 1, 3, 0)
		s.samples, s.photometric, s.pixels = 3, photometric, pixels
		s.bitsAlloc, s.bitsStored, s.highBit, s.pixelRep, s.slope, s.intercept = 8, 8, 7, 0, 1, 0
		s.extra = func(e *dcmEncoder) { e.us(0x00280006, planar) }
		v, err := ReadSeries(series(t, s), "")
		if err != nil {
			t.Fatal(err)
		}
		if v.DataType != datasets.RGB24 || len(v.RGB) != 9 {
			t.Fatalf("%s: type %s, %d colour bytes", photometric, v.DataType, len(v.RGB))
		}
		return v
	}
	v := colour("RGB", 1, []int{10, 20, 30, 40, 50, 60, 70, 80, 90})
	if want := []uint8{10, 40, 70, 20, 50, 80, 30, 60, 90}; string(v.RGB) != string(want) {
		t.Errorf("planar RGB: %v, want %v", v.RGB, want)
	}
	if want := 0.299*float32(10) + 0.587*float32(40) + 0.114*float32(70); v.Voxels[0] != want {
		t.Errorf("planar RGB luma %v, want %v", v.Voxels[0], want)
	}
	// Grey, red and blue in YCbCr (PS3.3 C.7.6.3.1.2: R = Y + 1.402 (Cr-128), B = Y + 1.772 (Cb-128)).
	v = colour("YBR_FULL", 0, []int{100, 128, 128, 76, 85, 255, 29, 255, 107})
	if want := []uint8{100, 100, 100, 254, 0, 0, 0, 0, 254}; string(v.RGB) != string(want) {
		t.Errorf("YBR_FULL: %v, want %v", v.RGB, want)
	}
}

// TestDICOMSyntaxesBuiltHere reads the deflated and RLE files the fuzz
// seeds are made from (built without the tools, so they run everywhere)
// and checks the values come back.
func TestDICOMSyntaxesBuiltHere(t *testing.T) {
	s := ctSpec(uidExplicitLE, 2, 3, 0)
	s.bitsAlloc, s.bitsStored, s.highBit, s.pixelRep, s.intercept = 8, 8, 7, 0, 0
	s.pixels = []int{0, 1, 2, 200, 254, 255}
	for name, data := range map[string][]byte{"deflated": encodeDeflated(t, s), "rle": encodeRLE(s)} {
		dir := t.TempDir()
		touch(t, dir+"/f.dcm", data)
		v, err := ReadSeries(dir, "")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, p := range s.pixels {
			if v.Voxels[i] != float32(p) {
				t.Fatalf("%s: voxel %d is %v, want %d", name, i, v.Voxels[i], p)
			}
		}
	}
}
