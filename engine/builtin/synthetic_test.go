package builtin

import (
	"math/rand/v2"

	"github.com/segtui/segtui/engine"
)

// scene draws a noisy synthetic CT slice: fat background and soft-tissue
// shapes, with the label of each pixel (0 background, else shape index+1).
type scene struct {
	w, h   int
	hu     []float32
	labels []uint16
}

func newScene(w, h int) *scene {
	s := &scene{w: w, h: h, hu: make([]float32, w*h), labels: make([]uint16, w*h)}
	for i := range s.hu {
		s.hu[i] = -100
	}
	return s
}

// fill paints the pixels where in is true with hu and label id.
func (s *scene) fill(id uint16, hu float32, in func(x, y int) bool) {
	for y := 0; y < s.h; y++ {
		for x := 0; x < s.w; x++ {
			if in(x, y) {
				s.hu[y*s.w+x], s.labels[y*s.w+x] = hu, id
			}
		}
	}
}

// image adds seeded Gaussian noise (CT-like, 15 HU).
func (s *scene) image(seed uint64) *engine.Image {
	rng := rand.New(rand.NewPCG(seed, 7))
	g := make([]float32, len(s.hu))
	for i, v := range s.hu {
		g[i] = v + float32(rng.NormFloat64()*15)
	}
	return &engine.Image{Width: s.w, Height: s.h, Grey: g, CT: true, PixelSpacing: [2]float64{1, 1}}
}

func (s *scene) mask(ids ...uint16) []bool {
	m := make([]bool, len(s.labels))
	for i, l := range s.labels {
		for _, id := range ids {
			if l == id {
				m[i] = true
			}
		}
	}
	return m
}

func inDisc(cx, cy, r int) func(x, y int) bool {
	return func(x, y int) bool { return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r }
}

func inRect(x0, y0, x1, y1 int) func(x, y int) bool {
	return func(x, y int) bool { return x >= x0 && x <= x1 && y >= y0 && y <= y1 }
}

func either(a, b func(x, y int) bool) func(x, y int) bool {
	return func(x, y int) bool { return a(x, y) || b(x, y) }
}

// windowScene is an enhancing lesion (300 HU) in bone-like tissue (500 HU):
// both saturate in the default soft-tissue window, only a bone window the
// user chose tells them apart.
func windowScene() (*scene, *engine.Box) {
	s := newScene(160, 120)
	s.fill(1, 500, inRect(20, 15, 140, 105))
	s.fill(2, 300, inDisc(80, 60, 22))
	return s, &engine.Box{X0: 58, Y0: 38, X1: 102, Y1: 82}
}
