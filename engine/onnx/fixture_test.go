package onnx

import (
	"math"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
)

// promptable fixture variants and the radius (model-frame pixels) of the
// mask channel their selection rule must pick (see scripts/gen_fixtures.py).
var promptableFixtures = []struct {
	name   string
	radius float64
}{
	{"sam-fixture", 64},            // 4 channels: best IoU among 1..3, not token 0
	{"sam-preprocess-fixture", 64}, // [H,W,3] input, normalised in the graph
	{"sam-stretch-fixture", 64},
	{"sam2-fixture", 50},
	{"sam2-keep-fixture", 50},
	{"medsam-fixture", 48},
	{"medsam-keep-fixture", 48},
}

func TestClickYieldsMaskCentredAtClick(t *testing.T) {
	const w, h = 512, 317
	img := ctImage(w, h, 40, disc{300, 150, 60, 200})
	for _, fx := range promptableFixtures {
		t.Run(fx.name, func(t *testing.T) {
			e := openFixture(t, fx.name)
			emb := encode(t, e, img)
			f := emb.(*onnxEmbedding).f
			wantArea := math.Pi * fx.radius * fx.radius * float64(f.W) / float64(f.NW) * float64(f.H) / float64(f.NH)
			for _, c := range [][2]float64{{100, 80}, {400, 250}, {256, 158}, {61.5, 203.25}} {
				m := decode(t, e, emb, engine.Prompt{Points: []engine.Point{{X: c[0], Y: c[1], Positive: true}}})
				if m.Width != w || m.Height != h || len(m.Pix) != w*h {
					t.Fatalf("mask is %dx%d (%d pixels), want %dx%d", m.Width, m.Height, len(m.Pix), w, h)
				}
				x, y, n := centroid(w, h, func(i int) bool { return m.Pix[i] }, 0, 0, 0)
				if math.Abs(x-c[0]) > 1 || math.Abs(y-c[1]) > 1 {
					t.Errorf("click at (%g, %g): mask centred at (%.2f, %.2f)", c[0], c[1], x, y)
				}
				if math.Abs(float64(n)-wantArea) > 0.06*wantArea {
					t.Errorf("click at (%g, %g): mask has %d pixels, want about %.0f (the channel of radius %g)", c[0], c[1], n, wantArea, fx.radius)
				}
			}
		})
	}
}

func TestNegativeClicksAloneGiveEmptyMask(t *testing.T) {
	e := openFixture(t, "sam-fixture")
	emb := encode(t, e, ctImage(200, 120, 0))
	m := decode(t, e, emb, engine.Prompt{Points: []engine.Point{{X: 50, Y: 50}}})
	for i, p := range m.Pix {
		if p {
			t.Fatalf("pixel %d set with only a negative click", i)
		}
	}
}

func TestBoxPromptFillsTheBox(t *testing.T) {
	const w, h = 512, 317
	img := ctImage(w, h, 40)
	box := engine.Box{X0: 120, Y0: 60, X1: 300, Y1: 200}
	for _, fx := range promptableFixtures {
		t.Run(fx.name, func(t *testing.T) {
			e := openFixture(t, fx.name)
			m := decode(t, e, encode(t, e, img), engine.Prompt{Box: &box})
			x0, y0, x1, y1, n := w, h, -1, -1, 0
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
					if m.Pix[y*w+x] {
						x0, y0, x1, y1, n = min(x0, x), min(y0, y), max(x1, x), max(y1, y), n+1
					}
				}
			}
			got := [4]float64{float64(x0), float64(y0), float64(x1), float64(y1)}
			want := [4]float64{box.X0, box.Y0, box.X1, box.Y1}
			for i := range got {
				if math.Abs(got[i]-want[i]) > 1.5 {
					t.Fatalf("mask spans %v, want the box %v within a pixel", got, want)
				}
			}
			if area := (x1 - x0 + 1) * (y1 - y0 + 1); n < area*98/100 {
				t.Errorf("box only %d of %d pixels filled", n, area)
			}
		})
	}
}

func TestPreviousMaskIsFedBack(t *testing.T) {
	img := ctImage(512, 317, 40)
	for _, name := range []string{"sam-fixture", "sam2-fixture", "medsam-fixture"} {
		t.Run(name, func(t *testing.T) {
			e := openFixture(t, name)
			emb := encode(t, e, img)
			first := decode(t, e, emb, engine.Prompt{Points: []engine.Point{{X: 100, Y: 80, Positive: true}}})
			if first.LowRes == nil {
				t.Fatal("no low-res logits returned for refinement")
			}
			alone := decode(t, e, emb, engine.Prompt{Points: []engine.Point{{X: 400, Y: 250, Positive: true}}})
			refined := decode(t, e, emb, engine.Prompt{Points: []engine.Point{{X: 400, Y: 250, Positive: true}}, Prev: first.LowRes})
			at := func(m *engine.Mask, x, y int) bool { return m.Pix[y*m.Width+x] }
			if at(alone, 100, 80) {
				t.Fatal("fixture check: second click alone already covers the first")
			}
			if !at(refined, 100, 80) || !at(refined, 400, 250) {
				t.Errorf("with the previous mask fed back, want both (100,80) and (400,250) set; got %v, %v",
					at(refined, 100, 80), at(refined, 400, 250))
			}
		})
	}
}

// The encoder fixtures average-pool their input in 16x16 blocks, so the
// embedding shows the normalised, resized, zero-padded image the engine fed.
func TestEncoderInputIsNormalisedAndPadded(t *testing.T) {
	img := ctImage(512, 317, 40) // level 40 width 400 -> 127.5 -> uint8 127
	sam := float32(0)
	for c := 0; c < 3; c++ {
		sam += (127 - samMean[c]) / samStd[c] / 3
	}
	sam2 := float32(0)
	for c := 0; c < 3; c++ {
		sam2 += (127 - sam2Mean[c]) / sam2Std[c] / 3
	}
	// keep: 317 rows become 634 = 39 full blocks and 10 rows of block 39.
	keep := func(row int) float32 {
		switch {
		case row < 39:
			return sam
		case row == 39:
			return sam * 10 / 16
		}
		return 0
	}
	for _, tc := range []struct {
		name string
		want func(row int) float32
	}{
		{"sam-fixture", keep},
		{"sam-preprocess-fixture", keep},
		{"sam2-fixture", func(int) float32 { return sam2 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := openFixture(t, tc.name)
			emb := encode(t, e, img).(*onnxEmbedding)
			i := 0 // image_embeddings (SAM) or image_embed (SAM 2) comes first
			d := emb.data[i]
			if got := emb.dims[i]; len(got) != 4 || got[1] != 256 || got[2] != 64 || got[3] != 64 {
				t.Fatalf("embedding shape %v, want [1,256,64,64]", got)
			}
			for _, row := range []int{0, 20, 38, 39, 40, 63} {
				for _, col := range []int{0, 31, 63} {
					got, want := d[row*64+col], tc.want(row)
					if math.Abs(float64(got-want)) > 1e-3 {
						t.Errorf("embedding[0,0,%d,%d] = %g, want %g", row, col, got, want)
					}
				}
			}
			if emb.Bytes() < 256*64*64*4 {
				t.Errorf("Bytes() = %d, want at least the embedding's %d", emb.Bytes(), 256*64*64*4)
			}
		})
	}
}

func TestSemanticLabelsFollowIntensityBands(t *testing.T) {
	const w, h = 512, 317
	// Window level 50 width 100: 50 HU -> 0.5 (class liver=1), 100 HU -> 1 (spleen=3).
	a, b := disc{140, 120, 45, 50}, disc{380, 200, 40, 100}
	img := ctImage(w, h, 0, a, b)
	for _, name := range []string{"semantic-argmax-fixture", "semantic-sigmoid-fixture"} {
		t.Run(name, func(t *testing.T) {
			e := openFixture(t, name)
			sem, ok := e.(engine.Semantic)
			if !ok {
				t.Fatalf("%s does not implement Semantic", name)
			}
			if _, err := e.Decode(t.Context(), nil, engine.Prompt{}); err != engine.ErrPromptless {
				t.Errorf("Decode on a semantic model: %v, want ErrPromptless", err)
			}
			if c := sem.Classes(); len(c) != 2 || c[0].ID != 1 || c[1].ID != 3 {
				t.Errorf("Classes() = %v", c)
			}
			labels, err := sem.Labels(t.Context(), encode(t, e, img))
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				d  disc
				id uint16
			}{{a, 1}, {b, 3}} {
				x, y, n := centroid(w, h, func(i int) bool { return labels[i] == c.id }, c.d.x, c.d.y, c.d.r*0.9)
				area := math.Pi * c.d.r * c.d.r
				if math.Abs(x-c.d.x) > 1 || math.Abs(y-c.d.y) > 1 || float64(n) < 0.6*area {
					t.Errorf("class %d: centred at (%.2f, %.2f) over %d pixels, want (%g, %g) over most of %.0f", c.id, x, y, n, c.d.x, c.d.y, area)
				}
			}
			if labels[5*w+5] != 0 {
				t.Errorf("background pixel labelled %d", labels[5*w+5])
			}
		})
	}
}

// TestEveryPlane slices a small synthetic volume stored in a flipped,
// anisotropic orientation in all three planes: a click on a ball's centre
// gives a mask centred there, and the semantic model labels the ball there.
func TestEveryPlane(t *testing.T) {
	g := datasets.Grid{Dim: [3]int{64, 48, 40}, Spacing: [3]float64{1.5, 1, 2}}
	g.Affine = datasets.Affine{{-1.5, 0, 0, 10}, {0, -1, 0, 20}, {0, 0, 2, -30}, {0, 0, 0, 1}}
	vol := &datasets.Volume{Grid: g, Voxels: make([]float32, g.Len()), DataType: datasets.Int16}
	ball := [3]int{22, 30, 17}
	for k := 0; k < g.Dim[2]; k++ {
		for j := 0; j < g.Dim[1]; j++ {
			for i := 0; i < g.Dim[0]; i++ {
				d := math.Sqrt(sq(float64(i-ball[0])*1.5) + sq(float64(j-ball[1])) + sq(float64(k-ball[2])*2))
				if d <= 9 {
					vol.Voxels[g.Index(i, j, k)] = 100
				}
			}
		}
	}
	names := []string{"semantic-argmax-fixture"}
	for _, fx := range promptableFixtures {
		names = append(names, fx.name)
	}
	for _, name := range names {
		e := openFixture(t, name)
		for _, p := range []datasets.Plane{datasets.Axial, datasets.Coronal, datasets.Sagittal} {
			_, view := vol.Slice(p, 0)
			n, cx, cy := view.Pixel(ball)
			grey, _ := vol.Slice(p, n)
			img := &engine.Image{Width: view.Width, Height: view.Height, Grey: grey, CT: true, PixelSpacing: view.PixelSpacing}
			emb := encode(t, e, img)
			var in func(i int) bool
			if sem, ok := e.(engine.Semantic); ok {
				labels, err := sem.Labels(t.Context(), emb)
				if err != nil {
					t.Fatal(err)
				}
				in = func(i int) bool { return labels[i] == 3 }
			} else {
				m := decode(t, e, emb, engine.Prompt{Points: []engine.Point{{X: float64(cx), Y: float64(cy), Positive: true}}})
				in = func(i int) bool { return m.Pix[i] }
			}
			x, y, cnt := centroid(view.Width, view.Height, in, 0, 0, 0)
			if cnt == 0 || math.Abs(x-float64(cx)) > 1 || math.Abs(y-float64(cy)) > 1 {
				t.Errorf("%s, %s %dx%d: ball at (%d, %d), result centred at (%.2f, %.2f) over %d pixels",
					name, p, view.Width, view.Height, cx, cy, x, y, cnt)
			}
		}
	}
}

func sq(v float64) float64 { return v * v }
