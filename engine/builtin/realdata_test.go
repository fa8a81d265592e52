package builtin

import (
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/metrics"
)

const amosDir = "../../../shared/realdata/amos2d"

// amosCase is one real organ mask on its slice.
type amosCase struct {
	stem, organ string
	img         *engine.Image
	gt          []bool
}

func readPNG(t testing.TB, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	im, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return im
}

// loadAMOS reads the seven organ masks with image/png directly.
func loadAMOS(t testing.TB) []amosCase {
	t.Helper()
	if _, err := os.Stat(amosDir); err != nil {
		t.Skipf("real data folder %s absent (it lives beside the project, not in it): %v", amosDir, err)
	}
	masks, err := filepath.Glob(filepath.Join(amosDir, "masks", "*.png"))
	if err != nil || len(masks) == 0 {
		t.Fatalf("no masks under %s/masks: %v", amosDir, err)
	}
	sort.Strings(masks)
	images := map[string]*engine.Image{}
	var out []amosCase
	for _, mp := range masks {
		base := strings.TrimSuffix(filepath.Base(mp), ".png")
		parts := strings.SplitN(base, "_", 4) // amos, 0004, 75, organ_000
		stem := strings.Join(parts[:3], "_")
		organ := strings.TrimSuffix(parts[3], "_000")
		img, ok := images[stem]
		if !ok {
			im := readPNG(t, filepath.Join(amosDir, "images", stem+".png"))
			b := im.Bounds()
			img = &engine.Image{Width: b.Dx(), Height: b.Dy(), RGB: make([]uint8, 3*b.Dx()*b.Dy()), PixelSpacing: [2]float64{1, 1}}
			for y := 0; y < b.Dy(); y++ {
				for x := 0; x < b.Dx(); x++ {
					r, g, bl, _ := im.At(b.Min.X+x, b.Min.Y+y).RGBA()
					i := 3 * (y*b.Dx() + x)
					img.RGB[i], img.RGB[i+1], img.RGB[i+2] = uint8(r>>8), uint8(g>>8), uint8(bl>>8)
				}
			}
			images[stem] = img
		}
		m := readPNG(t, mp)
		gt := make([]bool, img.Width*img.Height)
		for y := 0; y < img.Height; y++ {
			for x := 0; x < img.Width; x++ {
				r, _, _, _ := m.At(x, y).RGBA()
				gt[y*img.Width+x] = r > 0x7fff
			}
		}
		out = append(out, amosCase{stem: stem, organ: organ, img: img, gt: gt})
	}
	return out
}

// tightBox is the ground truth's bounding box, the evaluation prompt.
func tightBox(gt []bool, w int) (*engine.Box, bool) {
	x0, y0, x1, y1 := 1<<30, 1<<30, -1, -1
	for i, v := range gt {
		if v {
			x, y := i%w, i/w
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
		}
	}
	if x1 < 0 {
		return nil, false
	}
	return &engine.Box{X0: float64(x0), Y0: float64(y0), X1: float64(x1), Y1: float64(y1)}, true
}

// boxDice runs one GT-box prompt and scores it.
func boxDice(t testing.TB, eng *Engine, emb engine.Embedding, gt []bool, w int) float64 {
	t.Helper()
	box, ok := tightBox(gt, w)
	if !ok {
		t.Fatal("empty ground truth")
	}
	m, err := eng.Decode(context.Background(), emb, engine.Prompt{Box: box})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := metrics.Dice(gt, m.Pix)
	return d
}

// amosFloor is the Dice each real organ must keep with a GT-box prompt.
// Measured: liver 0.944/0.915, spleen 0.834, aorta 0.927/0.949, IVC
// 0.956/0.822. Floors sit about two points under the weaker case so a real
// regression fails (a collapsed IVC scores 0, a leak into the diaphragm
// takes the liver under 0.85) while small tuning changes do not.
var amosFloor = map[string]float64{
	"liver": 0.9, "spleen": 0.8, "aorta": 0.9, "inferior_vena_cava": 0.82,
}

func TestAMOSBoxDice(t *testing.T) {
	cases := loadAMOS(t)
	eng := New()
	embs := map[string]engine.Embedding{}
	for _, c := range cases {
		emb, ok := embs[c.stem]
		if !ok {
			var err error
			if emb, err = eng.Encode(context.Background(), c.img); err != nil {
				t.Fatal(err)
			}
			embs[c.stem] = emb
		}
		d := boxDice(t, eng, emb, c.gt, c.img.Width)
		t.Logf("%s %-20s Dice %.3f", c.stem, c.organ, d)
		if floor, ok := amosFloor[c.organ]; ok && d < floor {
			t.Errorf("%s %s: Dice %.3f below the floor %.2f", c.stem, c.organ, d, floor)
		}
	}
}
