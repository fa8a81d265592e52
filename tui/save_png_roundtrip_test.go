package tui

import (
	"bytes"
	"crypto/sha256"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/images2d"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/builtin"
	"github.com/segtui/segtui/keymap"
)

// writePNG encodes img to path, creating its folder.
func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// twoShapes returns the class at (x, y) of a 96x64 scene: a bright disk
// (first id) left of centre and a mid-grey rectangle (second id) right of
// it, placed off-symmetric so a flipped save shows.
func twoShapes(x, y int, first, second uint16) uint16 {
	dx, dy := x-28, y-30
	switch {
	case dx*dx+dy*dy <= 14*14:
		return first
	case x >= 56 && x < 84 && y >= 10 && y < 34:
		return second
	}
	return 0
}

func fileHashes(t *testing.T, paths ...string) map[string][32]byte {
	t.Helper()
	h := map[string][32]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		h[p] = sha256.Sum256(data)
	}
	return h
}

// TestSavePNGRoundTrip opens a real 2-D set from disk, accepts the built-in
// engine's predictions (a: GT boxes, accept), saves with s and reads the
// PNG back through the datasets reader the app opens masks with.
func TestSavePNGRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name          string
		first, second uint16
	}{
		{"8-bit label ids", 1, 2},
		{"16-bit label ids", 1, 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			imgPath := filepath.Join(root, "images", "scan_7.png")
			maskPath := filepath.Join(root, "masks", "scan_7.png")
			const w, h = 96, 64
			grey := image.NewGray(image.Rect(0, 0, w, h))
			mask := image.NewGray16(image.Rect(0, 0, w, h))
			levels := map[uint16]uint8{0: 20, tc.first: 210, tc.second: 120}
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
					id := twoShapes(x, y, tc.first, tc.second)
					grey.SetGray(x, y, color.Gray{Y: levels[id] + uint8((x*7+y*3)%5)})
					mask.SetGray16(x, y, color.Gray16{Y: id})
				}
			}
			writePNG(t, imgPath, grey)
			if tc.second > 255 {
				writePNG(t, maskPath, mask)
			} else {
				m8 := image.NewGray(mask.Rect)
				for i := range m8.Pix {
					m8.Pix[i] = mask.Pix[2*i+1]
				}
				writePNG(t, maskPath, m8)
			}
			before := fileHashes(t, imgPath, maskPath)

			cfg := Config{
				Engines:  []EngineEntry{{Name: "builtin", Device: "CPU", Open: func() (engine.Engine, error) { return builtin.New(), nil }}},
				Graphics: GraphicsNone,
				OutDir:   t.TempDir(),
				Keys:     keymap.Default(),
			}
			if err := openDataset(&cfg, Options{Path: root}); err != nil {
				t.Fatal(err)
			}
			m := newTestModelCfg(t, cfg)
			if m.sess == nil {
				t.Fatalf("case did not open: %s", m.msg)
			}
			press(m, "a")
			if m.sess.Dirty() == 0 {
				t.Fatalf("a accepted nothing: %s", m.msg)
			}
			counts := m.sess.Edit.Counts()
			if counts[tc.first] < 100 || counts[tc.second] < 100 {
				t.Fatalf("accepted labels %v: want both shapes segmented", counts)
			}
			accepted := append([]uint16(nil), m.sess.Edit.Labels...)
			if !asymmetric(accepted, w, h) {
				t.Fatal("accepted labels are mirror-symmetric: a flipped save would go unnoticed")
			}
			press(m, "s")
			saved := filepath.Join(cfg.OutDir, "scan_7_labels.png")
			if !strings.Contains(m.msg, saved) || m.sess.Dirty() != 0 {
				t.Fatalf("s did not report saving %s: %s", saved, m.msg)
			}

			if f, err := os.Open(saved); err != nil {
				t.Fatal(err)
			} else {
				cfgPNG, err := png.DecodeConfig(f)
				f.Close()
				if wide := tc.second > 255; err != nil || (cfgPNG.ColorModel == color.Gray16Model) != wide {
					t.Errorf("saved PNG colour model %v (err %v); want 16-bit only for ids over 255", cfgPNG.ColorModel, err)
				}
			}
			// The way the app opens it: segtui --labels saved.png image.png.
			ds, err := datasets.OpenWithLabels(imgPath, saved)
			if err != nil {
				t.Fatal(err)
			}
			img, lab, err := ds.Load(ds.Cases[0])
			if err != nil {
				t.Fatal(err)
			}
			// And as a mask of the set itself, in the set's encoding.
			set, err := datasets.Open(root)
			if err != nil {
				t.Fatal(err)
			}
			asMask, err := images2d.ReadMask(saved, set.MaskKind, set.Classes, img)
			if err != nil {
				t.Fatal(err)
			}
			for _, got := range []*datasets.LabelMap{lab, asMask} {
				if got.Dim != [3]int{w, h, 1} || len(got.Labels) != len(accepted) {
					t.Fatalf("read back %s, want %dx%dx1", got.ShapeString(), w, h)
				}
				for i, id := range got.Labels {
					if id != accepted[i] {
						t.Fatalf("pixel (%d,%d): saved %d, accepted %d", i%w, i/w, id, accepted[i])
					}
				}
			}
			if c, ok := ds.ClassesFor(lab).ByID(tc.second); !ok || c.ID != tc.second {
				t.Errorf("class %d missing from the read-back table", tc.second)
			}
			after := fileHashes(t, imgPath, maskPath)
			for p, hb := range before {
				if after[p] != hb {
					t.Errorf("%s changed", p)
				}
			}
		})
	}
}

// asymmetric reports labels that differ from both their left-right and
// top-bottom mirror images.
func asymmetric(l []uint16, w, h int) bool {
	lr, tb := false, false
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			lr = lr || l[y*w+x] != l[y*w+w-1-x]
			tb = tb || l[y*w+x] != l[(h-1-y)*w+x]
		}
	}
	return lr && tb
}
