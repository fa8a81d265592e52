package render

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"slices"
)

// layers is a frame before colour quantisation: the filtered image plus
// what the overlays put on each pixel. Keeping it lets one composition give
// both the paletted frame and an exact true-colour reference.
type layers struct {
	w, h    int
	grey    []float32    // 0..255, nil for RGB images
	rgb     [3][]float32 // 0..255 per channel for RGB images
	fill    []uint8      // fill slot+1 per pixel (0: none)
	fills   []color.RGBA // fill slot colours
	alpha   float32
	solid   []uint8      // solid colour+1 per pixel (0: none); drawn over everything
	solids  []color.RGBA // solid colours, unique
	outside []bool       // pixels beyond the slice (zoomed out): black
}

func (s *FrameSpec) check() error {
	v := s.View
	n := v.Width * v.Height
	if v.Width < 1 || v.Height < 1 {
		return fmt.Errorf("render: slice is %dx%d, expected a positive size", v.Width, v.Height)
	}
	if s.MaxW < 1 || s.MaxH < 1 {
		return fmt.Errorf("render: target box is %dx%d pixels, expected a positive size", s.MaxW, s.MaxH)
	}
	if s.RGB == nil && len(s.Grey) != n {
		return fmt.Errorf("render: grey slice has %d values, expected %dx%d = %d", len(s.Grey), v.Width, v.Height, n)
	}
	if s.RGB != nil && len(s.RGB) != 3*n {
		return fmt.Errorf("render: RGB slice has %d bytes, expected 3x%dx%d = %d", len(s.RGB), v.Width, v.Height, 3*n)
	}
	for _, p := range []struct {
		name string
		n    int
	}{{"ground-truth labels", len(s.GT)}, {"labels", len(s.Labels)}, {"proposal", len(s.Proposal)}, {"disagreement levels", len(s.Disagreement)}} {
		if p.n != 0 && p.n != n {
			return fmt.Errorf("render: %s have %d pixels, expected %dx%d = %d", p.name, p.n, v.Width, v.Height, n)
		}
	}
	if s.RGB == nil && s.Window.IsAuto() && len(s.Grey) == 0 {
		return errors.New("render: no image data")
	}
	return nil
}

// solidIndex returns the solid slot for c, adding it once.
func (L *layers) solidIndex(c color.RGBA) uint8 {
	for i, s := range L.solids {
		if s == c {
			return uint8(i + 1)
		}
	}
	if len(L.solids) >= maxSolids {
		return nearestSlot(L.solids, c) + 1
	}
	L.solids = append(L.solids, c)
	return uint8(len(L.solids))
}

func (L *layers) fillIndex(c color.RGBA) uint8 {
	for i, s := range L.fills {
		if s == c {
			return uint8(i + 1)
		}
	}
	if len(L.fills) >= maxFills {
		return nearestSlot(L.fills, c) + 1
	}
	L.fills = append(L.fills, c)
	return uint8(len(L.fills))
}

func nearestSlot(list []color.RGBA, c color.RGBA) uint8 {
	best, bestD := 0, 1<<30
	for i, s := range list {
		dr, dg, db := int(s.R)-int(c.R), int(s.G)-int(c.G), int(s.B)-int(c.B)
		if d := dr*dr + dg*dg + db*db; d < bestD {
			best, bestD = i, d
		}
	}
	return uint8(best)
}

// Budgets within the 256 sixel colour registers.
const (
	maxSolids    = 40
	maxFills     = 48
	maxFillShade = 32
	minGrey      = 16
	maxGrey      = 101 // sixel registers hold percentages: 101 grey steps at most
	cubeLevels   = 6
)

// paletteCache keeps the last palette so frames that differ only in
// pixels (the usual case while browsing) reuse it instead of boxing up to
// 256 colours again.
type paletteCache struct {
	colors []color.RGBA
	pal    color.Palette
	next   []color.RGBA
}

func (c *paletteCache) add(col color.RGBA) { c.next = append(c.next, col) }

// done returns the palette of the colours added since the last call.
func (c *paletteCache) done() color.Palette {
	if c.pal == nil || !slices.Equal(c.colors, c.next) {
		c.colors = append(c.colors[:0], c.next...)
		c.pal = make(color.Palette, len(c.next))
		for i, col := range c.next {
			c.pal[i] = col
		}
	}
	c.next = c.next[:0]
	return c.pal
}

// paletted quantises the layers into img (reusing its pixels) with the
// palette: grey levels (or a colour cube for RGB images), the solid
// overlay colours, then each fill colour blended over a few grey shades.
func (L *layers) paletted(greyLevels int, img *image.Paletted, pc *paletteCache) {
	img.Rect, img.Stride = image.Rect(0, 0, L.w, L.h), L.w
	img.Pix = grow(img.Pix, L.w*L.h)
	if greyLevels <= 0 {
		greyLevels = DefaultGreyLevels
	}
	greyLevels = max(2, min(maxGrey, greyLevels))
	if L.grey == nil {
		L.palettedRGB(img, pc)
		return
	}
	nSolid, nFill := len(L.solids), len(L.fills)
	shades := 0
	if nFill > 0 {
		shades = min(maxFillShade, (256-greyLevels-nSolid)/nFill)
		if shades < 2 {
			// Many classes at once: give fills 2 shades and greys the rest.
			shades = 2
			greyLevels = max(minGrey, 256-nSolid-2*nFill)
		}
	}
	for i := 0; i < greyLevels; i++ {
		g := snap8(uint8((i*255 + (greyLevels-1)/2) / (greyLevels - 1)))
		pc.add(color.RGBA{g, g, g, 255})
	}
	solidBase := greyLevels - 1 // solid slots count from 1
	for _, c := range L.solids {
		pc.add(snapColor(c))
	}
	fillBase := greyLevels + nSolid - shades // fill slots count from 1
	for _, c := range L.fills {
		for s := 0; s < shades; s++ {
			g := float32(s) * 255 / float32(max(1, shades-1))
			pc.add(snapColor(blend(g, c, L.alpha)))
		}
	}
	img.Palette = pc.done()
	// Clamping the level index is the same as clamping grey to 0..255
	// first (the mapping is monotonic), and integer min/max are branchless.
	gScale, sScale := float32(greyLevels-1)/255, float32(shades-1)/255
	gMax, sMax := int(255*gScale+0.5), int(255*sScale+0.5)
	pix := img.Pix[:len(L.grey)]
	solid, fill := L.solid[:len(pix)], L.fill[:len(pix)]
	for i, g := range L.grey {
		if s := solid[i]; s != 0 {
			pix[i] = uint8(solidBase + int(s))
		} else if f := fill[i]; f != 0 {
			pix[i] = uint8(fillBase + int(f)*shades + max(0, min(sMax, int(g*sScale+0.5))))
		} else {
			pix[i] = uint8(max(0, min(gMax, int(g*gScale+0.5))))
		}
	}
	// Beyond the slice is black, under the overlays only.
	for i, out := range L.outside {
		if out && solid[i] == 0 {
			pix[i] = 0
		}
	}
}

// bayer4 is a 4x4 ordered-dither matrix; ordered dither keeps sixel runs
// regular where error diffusion would scatter them.
var bayer4 = [16]float32{0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5}

// palettedRGB maps colour images onto a 6x6x6 cube, fills blended in true
// colour first, solids exact after it.
func (L *layers) palettedRGB(img *image.Paletted, pc *paletteCache) {
	for r := 0; r < cubeLevels; r++ {
		for g := 0; g < cubeLevels; g++ {
			for b := 0; b < cubeLevels; b++ {
				v := func(i int) uint8 { return snap8(uint8(i * 255 / (cubeLevels - 1))) }
				pc.add(color.RGBA{v(r), v(g), v(b), 255})
			}
		}
	}
	solidBase := cubeLevels * cubeLevels * cubeLevels
	for _, c := range L.solids {
		pc.add(snapColor(c))
	}
	img.Palette = pc.done()
	step := float32(255) / (cubeLevels - 1)
	q := func(v, d float32) int {
		i := int(v/step + d)
		return max(0, min(cubeLevels-1, i))
	}
	for y := 0; y < L.h; y++ {
		for x := 0; x < L.w; x++ {
			i := y*L.w + x
			switch {
			case L.solid[i] != 0:
				img.Pix[i] = uint8(solidBase + int(L.solid[i]) - 1)
				continue
			case L.outside != nil && L.outside[i]:
				img.Pix[i] = 0
				continue
			}
			r, g, b := L.rgb[0][i], L.rgb[1][i], L.rgb[2][i]
			if L.fill[i] != 0 {
				r, g, b = blendRGB(r, g, b, L.fills[L.fill[i]-1], L.alpha)
			}
			d := (bayer4[(y&3)*4+(x&3)] + 0.5) / 16
			img.Pix[i] = uint8(q(r, d)*36 + q(g, d)*6 + q(b, d))
		}
	}
}

// TrueColor renders the frame without palette limits: exact blends over
// the full-precision filtered image. It is the reference encoders and
// tests compare against, and what PNG snapshots contain.
func (f *Frame) TrueColor() *image.RGBA {
	L := f.layers
	img := image.NewRGBA(image.Rect(0, 0, L.w, L.h))
	for i := 0; i < L.w*L.h; i++ {
		var r, g, b float32
		if L.grey != nil {
			r = max(0, min(255, L.grey[i]))
			g, b = r, r
		} else {
			r, g, b = L.rgb[0][i], L.rgb[1][i], L.rgb[2][i]
		}
		var c color.RGBA
		switch {
		case L.solid[i] != 0:
			c = L.solids[L.solid[i]-1]
		case L.outside != nil && L.outside[i]:
			c = color.RGBA{0, 0, 0, 255}
		case L.fill[i] != 0:
			rr, gg, bb := blendRGB(r, g, b, L.fills[L.fill[i]-1], L.alpha)
			c = color.RGBA{clamp8(rr), clamp8(gg), clamp8(bb), 255}
		default:
			c = color.RGBA{clamp8(r), clamp8(g), clamp8(b), 255}
		}
		copy(img.Pix[4*i:], []uint8{c.R, c.G, c.B, 255})
	}
	return img
}
