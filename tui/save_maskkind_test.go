package tui

import (
	"image"
	"image/color"
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

const sceneW, sceneH = 96, 64

// sceneImage is the grey image under twoShapes: bright disk, mid-grey bar.
func sceneImage() *image.Gray {
	grey := image.NewGray(image.Rect(0, 0, sceneW, sceneH))
	levels := map[uint16]uint8{0: 20, 1: 210, 2: 120}
	for y := 0; y < sceneH; y++ {
		for x := 0; x < sceneW; x++ {
			grey.SetGray(x, y, color.Gray{Y: levels[twoShapes(x, y, 1, 2)] + uint8((x*7+y*3)%5)})
		}
	}
	return grey
}

// shapeMask draws the mask of the scene's shapes: paint gives the colour
// of shape 1 (disk) and 2 (bar); nil leaves a shape out of this file.
func shapeMask(paint func(shape uint16) color.Color) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, sceneW, sceneH))
	for y := 0; y < sceneH; y++ {
		for x := 0; x < sceneW; x++ {
			c := color.Color(color.Black)
			if s := twoShapes(x, y, 1, 2); s != 0 {
				if p := paint(s); p != nil {
					c = p
				}
			}
			m.Set(x, y, c)
		}
	}
	return m
}

func greyLevel(v uint8) color.Color { return color.Gray{Y: v} }

// maskSet is an images/ + masks/ set of one scene in one mask kind.
type maskSet struct {
	name   string
	kind   datasets.MaskKind
	masks  map[string]image.Image // file name in masks/ -> mask
	ids    []uint16               // class ids the accepted labels must hold
	readAs datasets.MaskKind      // how the saved file reads back as a mask of this set
	format string                 // what the message line must say was written
}

func maskSets() []maskSet {
	return []maskSet{
		{"label ids", datasets.MaskLabelIDs,
			map[string]image.Image{"scan_7.png": shapeMask(func(s uint16) color.Color { return greyLevel(uint8(s)) })},
			[]uint16{1, 2}, datasets.MaskLabelIDs, "label-id PNG, 8-bit"},
		{"binary (SIRST)", datasets.MaskBinary,
			map[string]image.Image{"scan_7.png": shapeMask(func(s uint16) color.Color {
				if s == 1 {
					return greyLevel(255)
				}
				return nil
			})},
			[]uint16{1}, datasets.MaskBinary, "binary 0/255 PNG"},
		{"palette (GID)", datasets.MaskPalette,
			map[string]image.Image{"scan_7.png": shapeMask(func(s uint16) color.Color {
				if s == 1 {
					return color.RGBA{255, 0, 0, 255} // built-up
				}
				return color.RGBA{0, 0, 255, 255} // water
			})},
			[]uint16{1, 5}, datasets.MaskPalette, "GID palette RGB PNG"},
		{"instance (SAM-Med2D)", datasets.MaskInstance,
			map[string]image.Image{
				"scan_7_liver_000.png":  shapeMask(func(s uint16) color.Color { return map[uint16]color.Color{1: greyLevel(255)}[s] }),
				"scan_7_spleen_000.png": shapeMask(func(s uint16) color.Color { return map[uint16]color.Color{2: greyLevel(255)}[s] }),
			},
			[]uint16{1, 3}, datasets.MaskLabelIDs, "label-id PNG, 8-bit (one file of class ids, not per-instance masks)"},
	}
}

// writeMaskSet puts the set on disk and returns its root, image and masks.
func writeMaskSet(t *testing.T, ms maskSet) (root, imgPath string, maskPaths []string) {
	root = t.TempDir()
	imgPath = filepath.Join(root, "images", "scan_7.png")
	writePNG(t, imgPath, sceneImage())
	for name, m := range ms.masks {
		p := filepath.Join(root, "masks", name)
		writePNG(t, p, m)
		maskPaths = append(maskPaths, p)
	}
	return root, imgPath, maskPaths
}

// openMaskSet opens the set in a model and accepts the built-in engine's
// predictions from the ground-truth boxes (a).
func openMaskSet(t *testing.T, root string, ms maskSet) (*Model, Config) {
	t.Helper()
	cfg := Config{
		Engines:  []EngineEntry{{Name: "builtin", Device: "CPU", Open: func() (engine.Engine, error) { return builtin.New(), nil }}},
		Graphics: GraphicsNone,
		OutDir:   t.TempDir(),
		Keys:     keymap.Default(),
	}
	if err := openDataset(&cfg, Options{Path: root}); err != nil {
		t.Fatal(err)
	}
	if cfg.MaskKind != ms.kind {
		t.Fatalf("set opened as mask kind %q, want %q", cfg.MaskKind, ms.kind)
	}
	m := newTestModelCfg(t, cfg)
	if m.sess == nil {
		t.Fatalf("case did not open: %s", m.msg)
	}
	press(m, "a")
	counts := m.sess.Edit.Counts()
	for _, id := range ms.ids {
		if counts[id] < 100 {
			t.Fatalf("accepted labels %v (%s): want class %d segmented", counts, m.msg, id)
		}
	}
	return m, cfg
}

// TestSaveMaskKindRoundTrip: s on a 2-D set writes the set's own mask kind,
// says so on the message line, and the file reads back pixel for pixel as
// a mask of that set - both through images2d.ReadMask and dropped into a fresh
// images/ + masks/ folder that discovery must take for the same kind.
func TestSaveMaskKindRoundTrip(t *testing.T) {
	for _, ms := range maskSets() {
		t.Run(ms.name, func(t *testing.T) {
			root, imgPath, maskPaths := writeMaskSet(t, ms)
			before := fileHashes(t, append(maskPaths, imgPath)...)
			m, cfg := openMaskSet(t, root, ms)
			accepted := append([]uint16(nil), m.sess.Edit.Labels...)
			if !asymmetric(accepted, sceneW, sceneH) {
				t.Fatal("accepted labels are mirror-symmetric: a flipped save would go unnoticed")
			}

			press(m, "s")
			saved := filepath.Join(cfg.OutDir, "scan_7_labels.png")
			if m.msgErr || !strings.Contains(m.msg, saved) || !strings.Contains(m.msg, " as "+ms.format+" (") || m.sess.Dirty() != 0 {
				t.Fatalf("s did not report saving %s as %s: %s", saved, ms.format, m.msg)
			}

			set, err := datasets.Open(root)
			if err != nil {
				t.Fatal(err)
			}
			img, _, err := set.Load(set.Cases[0])
			if err != nil {
				t.Fatal(err)
			}
			asMask, err := images2d.ReadMask(saved, ms.readAs, set.Classes, img)
			if err != nil {
				t.Fatal(err)
			}
			sameLabels(t, "as the set's mask", asMask.Labels, accepted)

			// Dropped unchanged into another set of this kind's layout.
			drop := t.TempDir()
			writePNG(t, filepath.Join(drop, "images", "scan_7.png"), sceneImage())
			data, err := os.ReadFile(saved)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(drop, "masks"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(drop, "masks", "scan_7.png"), data, 0o644); err != nil {
				t.Fatal(err)
			}
			again, err := datasets.Open(drop)
			if err != nil {
				t.Fatal(err)
			}
			if again.MaskKind != ms.readAs || (again.Classes.Name != set.Classes.Name && ms.kind != datasets.MaskInstance) {
				t.Fatalf("a set of saved masks opens as %q with %s classes; want %q with %s", again.MaskKind, again.Classes.Name, ms.readAs, set.Classes.Name)
			}
			_, lab, err := again.Load(again.Cases[0])
			if err != nil {
				t.Fatal(err)
			}
			sameLabels(t, "in a set of saved masks", lab.Labels, accepted)

			after := fileHashes(t, append(maskPaths, imgPath)...)
			for p, h := range before {
				if after[p] != h {
					t.Errorf("%s changed", p)
				}
			}
		})
	}
}

func sameLabels(t *testing.T, how string, got, want []uint16) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: read back %d pixels, want %d", how, len(got), len(want))
	}
	for i, id := range got {
		if id != want[i] {
			t.Fatalf("%s: pixel (%d,%d) reads %d, accepted %d", how, i%sceneW, i/sceneW, id, want[i])
		}
	}
}

// TestSaveMaskKindRefusals: labels the set's mask kind cannot hold are not
// saved; the message line names the classes, the edits stay unsaved and no
// file appears.
func TestSaveMaskKindRefusals(t *testing.T) {
	sets := maskSets()
	for _, tc := range []struct {
		set  maskSet
		id   uint16 // painted into the bar after accepting
		want []string
	}{
		{sets[1], 2, []string{"not saved", "binary 0/255", "one class, target (1)", "labelled: target (1), class 2"}},
		{sets[2], 9, []string{"not saved", "GID palette", "no colour of its own for class 9"}},
	} {
		t.Run(tc.set.name, func(t *testing.T) {
			root, _, _ := writeMaskSet(t, tc.set)
			m, cfg := openMaskSet(t, root, tc.set)
			for i := range m.sess.Edit.Labels {
				if twoShapes(i%sceneW, i/sceneW, 1, 2) == 2 {
					m.sess.Edit.Labels[i] = tc.id
				}
			}
			dirty := m.sess.Dirty()
			press(m, "s")
			if !m.msgErr {
				t.Fatalf("s saved: %s", m.msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(m.msg, w) {
					t.Errorf("message %q lacks %q", m.msg, w)
				}
			}
			if m.sess.Dirty() != dirty || dirty == 0 {
				t.Errorf("unsaved edits %d after a refused save, want %d", m.sess.Dirty(), dirty)
			}
			entries, err := os.ReadDir(cfg.OutDir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries { // the edit journal may be there; no label file may
				if strings.Contains(e.Name(), "scan_7_labels") {
					t.Errorf("%s written by a refused save", e.Name())
				}
			}
		})
	}
}
