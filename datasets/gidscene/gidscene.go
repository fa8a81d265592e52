// Package gidscene draws a synthetic remote-sensing scene in the manner of
// GID (Gaofen-2, five land-cover classes): large textured patches of
// farmland, forest, meadow and water, with villages of small buildings,
// thin roads and small ponds, the small classes that a model shown the
// whole scene at its 1024-pixel input loses. Tests, benchmarks and the
// tmux e2e test make it at run time; nothing is committed.
package gidscene

import (
	"image"
	"image/color"
	"math/rand/v2"

	"github.com/segtui/segtui/datasets"
)

// GID class ids (datasets.GIDClasses).
const (
	BuiltUp  = 1
	Farmland = 2
	Forest   = 3
	Meadow   = 4
	Water    = 5
)

// Scene is a w x h image with its label ids.
type Scene struct {
	W, H   int
	RGB    []uint8  // 3 bytes per pixel
	Labels []uint16 // GID ids, 0 nowhere
	// Buildings lists each building's rectangle (half-open), for tests
	// that prompt one.
	Buildings []image.Rectangle
}

// base is each class's mean colour; texture adds noise and a per-patch
// shade.
var base = [6][3]float64{{}, {170, 110, 100}, {120, 160, 80}, {40, 90, 50}, {160, 165, 95}, {40, 70, 110}}

// New draws a scene; the same size and seed give the same scene.
func New(w, h int, seed uint64) *Scene {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	s := &Scene{W: w, H: h, RGB: make([]uint8, 3*w*h), Labels: make([]uint16, w*h)}
	// Land-cover patches on an irregular grid of 400-900 px cells.
	shade := make([]float64, 0)
	patch := make([]int32, w*h)
	var xs, ys []int
	for x := 0; x < w; x += 400 + rng.IntN(500) {
		xs = append(xs, x)
	}
	for y := 0; y < h; y += 400 + rng.IntN(500) {
		ys = append(ys, y)
	}
	xs, ys = append(xs, w), append(ys, h)
	for j := 0; j+1 < len(ys); j++ {
		for i := 0; i+1 < len(xs); i++ {
			id := uint16([]int{Farmland, Farmland, Forest, Meadow}[rng.IntN(4)])
			shade = append(shade, rng.Float64()*30-15)
			fill(s, patch, image.Rect(xs[i], ys[j], xs[i+1], ys[j+1]), id, int32(len(shade)-1))
		}
	}
	area := float64(w) * float64(h)
	// Ponds (water, 20-60 px).
	for range int(area/1.5e6) + 1 {
		d := 20 + rng.IntN(41)
		x, y := rng.IntN(max(1, w-d)), rng.IntN(max(1, h-d))
		shade = append(shade, rng.Float64()*10-5)
		fill(s, patch, image.Rect(x, y, x+d, y+d*2/3), Water, int32(len(shade)-1))
	}
	// Villages: 10-25 buildings of 8-30 px within 300 px.
	for range int(area/2.5e6) + 1 {
		cx, cy := rng.IntN(w), rng.IntN(h)
		for range 10 + rng.IntN(16) {
			bw, bh := 8+rng.IntN(23), 8+rng.IntN(23)
			x := min(max(cx+rng.IntN(300)-150, 0), w-bw)
			y := min(max(cy+rng.IntN(300)-150, 0), h-bh)
			r := image.Rect(x, y, x+bw, y+bh)
			shade = append(shade, rng.Float64()*30-15)
			fill(s, patch, r, BuiltUp, int32(len(shade)-1))
			s.Buildings = append(s.Buildings, r)
		}
	}
	// Roads (built-up, 3-5 px), straight across the scene.
	for range (w+h)/2500 + 1 {
		t := 3 + rng.IntN(3)
		shade = append(shade, -20)
		if rng.IntN(2) == 0 {
			y := rng.IntN(h - t)
			fill(s, patch, image.Rect(0, y, w, y+t), BuiltUp, int32(len(shade)-1))
		} else {
			x := rng.IntN(w - t)
			fill(s, patch, image.Rect(x, 0, x+t, h), BuiltUp, int32(len(shade)-1))
		}
	}
	// Texture: the class colour, the patch's shade and pixel noise.
	for i, id := range s.Labels {
		sh := shade[patch[i]]
		for c := range 3 {
			v := base[id][c] + sh + rng.NormFloat64()*10
			s.RGB[3*i+c] = uint8(min(max(v, 0), 255))
		}
	}
	return s
}

func fill(s *Scene, patch []int32, r image.Rectangle, id uint16, p int32) {
	r = r.Intersect(image.Rect(0, 0, s.W, s.H))
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			s.Labels[y*s.W+x] = id
			patch[y*s.W+x] = p
		}
	}
}

// Image is the scene as an RGBA picture (for the TIFF and PNG encoders).
func (s *Scene) Image() *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, s.W, s.H))
	for i := range s.W * s.H {
		copy(img.Pix[4*i:4*i+3], s.RGB[3*i:3*i+3])
		img.Pix[4*i+3] = 255
	}
	return img
}

// Mask is the labels in GID's palette colours, as the release stores them.
func (s *Scene) Mask() *image.NRGBA {
	pal := map[uint16]color.RGBA{}
	for _, c := range datasets.GIDClasses().Classes {
		pal[c.ID] = c.Color
	}
	img := image.NewNRGBA(image.Rect(0, 0, s.W, s.H))
	for i, id := range s.Labels {
		c := pal[id]
		img.Pix[4*i], img.Pix[4*i+1], img.Pix[4*i+2], img.Pix[4*i+3] = c.R, c.G, c.B, 255
	}
	return img
}
