package render

import (
	"errors"
	"fmt"
	"image"
	"image/color"
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
	}{{"ground-truth labels", len(s.GT)}, {"labels", len(s.Labels)}, {"proposal", len(s.Proposal)}} {
		if p.n != 0 && p.n != n {
			return fmt.Errorf("render: %s have %d pixels, expected %dx%d = %d", p.name, p.n, v.Width, v.Height, n)
		}
	}
	if s.RGB == nil && s.Window.IsAuto() && len(s.Grey) == 0 {
		return errors.New("render: no image data")
	}
	return nil
}

// Compose draws the spec into a frame that fits MaxW x MaxH at the slice's
// physical aspect ratio.
func Compose(spec FrameSpec) (*Frame, error) {
	if err := spec.check(); err != nil {
		return nil, err
	}
	v := spec.View
	region := spec.Region
	if region.empty() {
		region = Rect{0, 0, float64(v.Width), float64(v.Height)}
	}
	w, h := FitSize(region, v.PixelSpacing, spec.MaxW, spec.MaxH, spec.PixelAspect)
	f := &Frame{Map: Mapping{Region: region, W: w, H: h}}
	L := &layers{w: w, h: h, fill: make([]uint8, w*h), solid: make([]uint8, w*h)}
	f.layers = L

	ix := nearestIndex(v.Width, w, region.X0, region.X1)
	iy := nearestIndex(v.Height, h, region.Y0, region.Y1)
	if hasOutside(ix) || hasOutside(iy) {
		L.outside = make([]bool, w*h)
		for y, sy := range iy {
			for x, sx := range ix {
				L.outside[y*w+x] = sx < 0 || sy < 0
			}
		}
	}

	if spec.RGB != nil {
		for c := 0; c < 3; c++ {
			plane := make([]float32, v.Width*v.Height)
			for i := range plane {
				plane[i] = float32(spec.RGB[3*i+c])
			}
			L.rgb[c] = resample(plane, v.Width, v.Height, region, w, h)
		}
	} else {
		f.Window = spec.Window.Resolve(spec.Grey)
		lo, scale := f.Window.bounds()
		scale *= 255
		plane := make([]float32, len(spec.Grey))
		for i, g := range spec.Grey {
			x := (g - lo) * scale
			if x < 0 || x != x {
				x = 0
			} else if x > 255 {
				x = 255
			}
			plane[i] = x
		}
		L.grey = resample(plane, v.Width, v.Height, region, w, h)
	}

	L.alpha = float32(max(0, min(1, spec.FillOpacity)))
	scaled := func(lab []uint16) []uint16 {
		if lab == nil {
			return nil
		}
		return resampleLabels(lab, v.Width, v.Height, region, w, h)
	}
	if lab := scaled(spec.Labels); lab != nil {
		L.drawFill(lab, func(id uint16) color.RGBA { return ClassColor(spec.Classes, id) })
		L.drawOutline(lab, func(id uint16) color.RGBA { return ClassColor(spec.Classes, id) })
	}
	if spec.Proposal != nil {
		mask := make([]uint16, len(spec.Proposal))
		for i, on := range spec.Proposal {
			if on {
				mask[i] = 1
			}
		}
		lab := scaled(mask)
		L.drawFill(lab, func(uint16) color.RGBA { return ColorProposal })
		L.drawOutline(lab, func(uint16) color.RGBA { return ColorProposal })
	}
	if gt := scaled(spec.GT); gt != nil {
		L.drawOutline(gt, func(id uint16) color.RGBA { return ClassColor(spec.Classes, id) })
	}
	L.drawPrompts(&spec, f.Map)

	f.Image = L.paletted(spec.GreyLevels)
	return f, nil
}

func hasOutside(idx []int32) bool {
	for _, i := range idx {
		if i < 0 {
			return true
		}
	}
	return false
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

// drawFill marks labelled pixels with their class's fill slot.
func (L *layers) drawFill(lab []uint16, colorOf func(uint16) color.RGBA) {
	if L.alpha == 0 {
		return
	}
	var last uint16
	var slot uint8
	for i, id := range lab {
		if id == 0 {
			continue
		}
		if id != last || slot == 0 {
			last, slot = id, L.fillIndex(colorOf(id))
		}
		L.fill[i] = slot
	}
}

// drawOutline marks the pixels of each region that touch a different
// label (4-neighbourhood) or the frame edge: a 1-px inner outline.
func (L *layers) drawOutline(lab []uint16, colorOf func(uint16) color.RGBA) {
	w, h := L.w, L.h
	var last uint16
	var slot uint8
	for y := 0; y < h; y++ {
		row := lab[y*w : (y+1)*w]
		for x, id := range row {
			if id == 0 {
				continue
			}
			edge := x == 0 || x == w-1 || y == 0 || y == h-1 ||
				row[x-1] != id || row[x+1] != id || lab[(y-1)*w+x] != id || lab[(y+1)*w+x] != id
			if !edge {
				continue
			}
			if id != last || slot == 0 {
				last, slot = id, L.solidIndex(colorOf(id))
			}
			L.solid[y*w+x] = slot
		}
	}
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

// paletted quantises the layers into a frame whose palette is: grey levels
// (or a colour cube for RGB images), the solid overlay colours, then each
// fill colour blended over a few grey shades.
func (L *layers) paletted(greyLevels int) *image.Paletted {
	if greyLevels <= 0 {
		greyLevels = DefaultGreyLevels
	}
	greyLevels = max(2, min(maxGrey, greyLevels))
	if L.grey == nil {
		return L.palettedRGB()
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
	pal := make(color.Palette, 0, greyLevels+nSolid+nFill*shades)
	for i := 0; i < greyLevels; i++ {
		g := snap8(uint8((i*255 + (greyLevels-1)/2) / (greyLevels - 1)))
		pal = append(pal, color.RGBA{g, g, g, 255})
	}
	solidBase := len(pal)
	for _, c := range L.solids {
		pal = append(pal, snapColor(c))
	}
	fillBase := len(pal)
	for _, c := range L.fills {
		for s := 0; s < shades; s++ {
			g := float32(s) * 255 / float32(max(1, shades-1))
			pal = append(pal, snapColor(blend(g, c, L.alpha)))
		}
	}
	img := image.NewPaletted(image.Rect(0, 0, L.w, L.h), pal)
	gScale := float32(greyLevels-1) / 255
	sScale := float32(shades-1) / 255
	for i, g := range L.grey {
		g = max(0, min(255, g))
		var idx int
		switch {
		case L.solid[i] != 0:
			idx = solidBase + int(L.solid[i]) - 1
		case L.outside != nil && L.outside[i]:
			idx = 0
		case L.fill[i] != 0:
			idx = fillBase + (int(L.fill[i])-1)*shades + int(g*sScale+0.5)
		default:
			idx = int(g*gScale + 0.5)
		}
		img.Pix[i] = uint8(idx)
	}
	return img
}

// bayer4 is a 4x4 ordered-dither matrix; ordered dither keeps sixel runs
// regular where error diffusion would scatter them.
var bayer4 = [16]float32{0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5}

// palettedRGB maps colour images onto a 6x6x6 cube, fills blended in true
// colour first, solids exact after it.
func (L *layers) palettedRGB() *image.Paletted {
	pal := make(color.Palette, 0, cubeLevels*cubeLevels*cubeLevels+len(L.solids))
	for r := 0; r < cubeLevels; r++ {
		for g := 0; g < cubeLevels; g++ {
			for b := 0; b < cubeLevels; b++ {
				v := func(i int) uint8 { return snap8(uint8(i * 255 / (cubeLevels - 1))) }
				pal = append(pal, color.RGBA{v(r), v(g), v(b), 255})
			}
		}
	}
	solidBase := len(pal)
	for _, c := range L.solids {
		pal = append(pal, snapColor(c))
	}
	img := image.NewPaletted(image.Rect(0, 0, L.w, L.h), pal)
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
	return img
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
