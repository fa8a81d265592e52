package npz

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
)

func TestReadNPZVolumeWithGeometry(t *testing.T) {
	v, l, err := Read(filepath.Join("testdata", "vol3d.npz"))
	if err != nil {
		t.Fatal(err)
	}
	if v.Dim != [3]int{4, 3, 2} || v.DataType != datasets.Uint8 || !v.Prewindowed || v.RGB != nil {
		t.Fatalf("dim %v type %s prewindowed %v", v.Dim, v.DataType, v.Prewindowed)
	}
	// numpy imgs[z,y,x] = 10*(12z+4y+x) must land at voxel (x,y,z).
	for z := 0; z < 2; z++ {
		for y := 0; y < 3; y++ {
			for x := 0; x < 4; x++ {
				if got, want := v.Voxels[v.Index(x, y, z)], float32(10*(12*z+4*y+x)); got != want {
					t.Fatalf("voxel (%d,%d,%d) = %g, want %g", x, y, z, got, want)
				}
			}
		}
	}
	// direction [[0,1,0],[1,0,0],[0,0,-1]] (LPS) with spacing (0.5,0.75,2),
	// origin (10,-20,30): RAS negates the first two rows.
	want := datasets.Affine{{0, -0.75, 0, -10}, {-0.5, 0, 0, 20}, {0, 0, -2, 30}, {0, 0, 0, 1}}
	if v.Affine != want {
		t.Errorf("affine %v, want %v", v.Affine, want)
	}
	if v.Spacing != [3]float64{0.5, 0.75, 2} {
		t.Errorf("spacing %v", v.Spacing)
	}
	if l == nil || !l.SameGrid(v.Grid) {
		t.Fatal("labels missing or on another grid")
	}
	if l.Labels[l.Index(3, 2, 1)] != 2 || l.Labels[l.Index(1, 0, 0)] != 1 || len(l.Counts()) != 3 {
		t.Errorf("labels misplaced: counts %v", l.Counts())
	}
}

func TestReadNPZColour2D(t *testing.T) {
	v, l, err := Read(filepath.Join("testdata", "rgb2d.npz"))
	if err != nil {
		t.Fatal(err)
	}
	if v.Dim != [3]int{3, 2, 1} || v.DataType != datasets.RGB24 || v.RGB == nil {
		t.Fatalf("dim %v type %s rgb %v", v.Dim, v.DataType, v.RGB != nil)
	}
	if got := v.RGB[3*v.Index(2, 1, 0):][:3]; got[0] != 10 || got[1] != 20 || got[2] != 30 {
		t.Errorf("pixel (2,1) RGB %v, want [10 20 30]", got)
	}
	if got := v.Voxels[v.Index(1, 0, 0)]; got != 9 {
		t.Errorf("grey pixel luma %g, want 9", got)
	}
	if v.Orientation() != "LPS" {
		t.Errorf("no-geometry orientation %s, want LPS", v.Orientation())
	}
	// Axial view shows the array as stored: screen (x,y) is imgs[y,x].
	sl, view := v.Slice(datasets.Axial, 0)
	if view.Width != 3 || view.Height != 2 || sl[1*3+2] != v.Voxels[v.Index(2, 1, 0)] {
		t.Errorf("axial view %dx%d does not show the array as stored", view.Width, view.Height)
	}
	if l.Labels[l.Index(2, 1, 0)] != 3 || l.Labels[l.Index(1, 0, 0)] != 1 {
		t.Errorf("labels %v", l.Labels)
	}
}

func TestReadNPZRealMedSAM(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "realdata", "medsam-npz", "CT_Lesion_000002_03_01_035-047.npz")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("real data not present (%v); CI has ../shared/realdata", err)
	}
	v, l, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if v.Dim != [3]int{512, 512, 13} || v.DataType != datasets.Uint8 || !v.Prewindowed {
		t.Fatalf("dim %v type %s prewindowed %v", v.Dim, v.DataType, v.Prewindowed)
	}
	if lo, hi := v.MinMax(); lo != 0 || hi != 255 {
		t.Errorf("intensity range %g..%g, want 0..255", lo, hi)
	}
	fg := 0
	for id, n := range l.Counts() {
		if id != 0 {
			fg += n
		}
	}
	if fg != 3961 {
		t.Errorf("foreground voxels %d, want 3961", fg)
	}
	// spacing (0.976562, 0.976562, 5) and direction [[0,1,0],[1,0,0],[0,0,-1]] from the file.
	if s := v.Spacing; s[2] != 5 || s[0] < 0.9765 || s[0] > 0.9766 {
		t.Errorf("spacing %v", s)
	}
	if v.Affine[1][0] > -0.97 || v.Affine[0][1] > -0.97 || v.Affine[2][2] != -5 {
		t.Errorf("affine %v does not follow the file's LPS direction", v.Affine)
	}
}

func TestReadNPZBadInput(t *testing.T) {
	dir := t.TempDir()
	u8 := func(n int) []byte { return make([]byte, n) }
	good := npyBytes("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3, 4), }", u8(24))
	cases := []struct {
		name    string
		method  uint16
		entries map[string][]byte
		raw     []byte
		want    string
	}{
		{name: "corrupt zip", raw: []byte("PK\x03\x04this is not really a zip"), want: "not a readable npz"},
		{name: "empty file", raw: []byte{}, want: "not a readable npz"},
		{name: "no imgs", entries: map[string][]byte{"gts.npy": good}, want: "no imgs array (found: gts)"},
		{name: "truncated imgs", entries: map[string][]byte{"imgs.npy": good[:len(good)-5]}, want: "only 19 are present"},
		{name: "truncated deflate", method: 8, entries: map[string][]byte{"imgs.npy": good[:len(good)-5]}, want: "only 19 are present"},
		{name: "absurd shape", entries: map[string][]byte{"imgs.npy": npyBytes("{'descr': '|u1', 'fortran_order': False, 'shape': (50000, 50000, 50000), }", u8(8))}, want: "element limit"},
		{name: "float gts", entries: map[string][]byte{"imgs.npy": good, "gts.npy": npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }", u8(96))}, want: "gts has dtype <f4; expected integer class ids"},
		{name: "gts shape", entries: map[string][]byte{"imgs.npy": good, "gts.npy": npyBytes("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3, 5), }", u8(30))}, want: "gts has shape (2,3,5) but imgs needs (2,3,4)"},
		{name: "4-D imgs", entries: map[string][]byte{"imgs.npy": npyBytes("{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2, 3, 4), }", u8(24))}, want: "expected (D,H,W), (H,W) or (H,W,3)"},
		{name: "complex imgs", entries: map[string][]byte{"imgs.npy": npyBytes("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", u8(16))}, want: `dtype "<c8" is not supported`},
		{name: "bad spacing", entries: map[string][]byte{"imgs.npy": good, "spacing.npy": npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", u8(24))}, want: "positive finite"},
		{name: "spacing length", entries: map[string][]byte{"imgs.npy": good, "spacing.npy": npyBytes("{'descr': '|u1', 'fortran_order': False, 'shape': (5,), }", u8(5))}, want: "spacing has shape (5,); expected [2 3] elements"},
		{name: "singular direction", entries: map[string][]byte{"imgs.npy": good, "direction.npy": npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (9,), }", u8(72))}, want: "singular"},
	}
	for _, c := range cases {
		path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".npz")
		if c.entries != nil {
			writeZip(t, path, c.method, c.entries)
		} else if err := os.WriteFile(path, c.raw, 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err := Read(path)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v, want it to name the file and contain %q", c.name, err, c.want)
		}
	}
	if _, _, err := Read(filepath.Join(dir, "missing.npz")); err == nil {
		t.Error("missing file: no error")
	}
}

func TestReadNPZRefusesZipBombClaims(t *testing.T) {
	// A stored entry whose header claims far more bytes than its compressed
	// size allows is refused before any read.
	path := filepath.Join(t.TempDir(), "bomb.npz")
	data, err := os.ReadFile(filepath.Join("testdata", "vol3d.npz"))
	if err != nil {
		t.Fatal(err)
	}
	// Patch every central-directory uncompressed size (offset 24 in each
	// "PK\x01\x02" record) to 4 GiB - 1.
	for i := 0; i+28 <= len(data); i++ {
		if string(data[i:i+4]) == "PK\x01\x02" {
			copy(data[i+24:i+28], []byte{0xff, 0xff, 0xff, 0xff})
		}
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = Read(path)
	if err == nil || !strings.Contains(err.Error(), "impossible ratio") {
		t.Errorf("error %v, want an impossible-ratio refusal", err)
	}
}
