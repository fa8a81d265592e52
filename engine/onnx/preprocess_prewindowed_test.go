package onnx

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
	_ "github.com/segtui/segtui/datasets/all" // the readers datasets.Open uses
	"github.com/segtui/segtui/engine"
)

// An 8-bit grey image reaches the model with its own values, as SAM's and
// MedSAM's reference code read such a file; stretching it to its min..max
// (0..254 -> 0..255 on the AMOS slices) changed most pixels by a level.
func TestTo8bitKeepsPrewindowedValues(t *testing.T) {
	const w, h = 16, 4
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = uint8(10 + 3*i) // 10..199: min..max would stretch it
	}
	path := filepath.Join(t.TempDir(), "slice.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, g); err != nil {
		t.Fatal(err)
	}
	f.Close()
	d, err := datasets.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	vol, _, err := d.Load(d.Cases[0])
	if err != nil {
		t.Fatal(err)
	}
	img := engine.SliceImage(vol, datasets.Axial, 0, vol.LooksCT(), nil)
	if !img.Prewindowed || img.CT {
		t.Fatalf("8-bit PNG slice: Prewindowed %v, CT %v; want true, false", img.Prewindowed, img.CT)
	}
	got := to8bit(img, &engine.Window{Level: 40, Width: 400}) // a model's CT window does not apply either
	for i, v := range g.Pix {
		if got[3*i] != v || got[3*i+1] != v || got[3*i+2] != v {
			t.Fatalf("pixel %d: model input %v, want %d x3 (the file's value)", i, got[3*i:3*i+3], v)
		}
	}
	img.Window = &engine.Window{Level: 100, Width: 100} // a window the user chose still applies
	if got := to8bit(img, nil); got[0] != 0 || got[3*(w*h-1)] != 255 {
		t.Errorf("user window 50..150 on 10..199: ends %d, %d; want 0, 255", got[0], got[3*(w*h-1)])
	}
}
