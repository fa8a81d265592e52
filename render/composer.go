package render

import (
	"image"
	"image/color"
)

// Composer composes frames, keeping its scratch planes, filter weights
// and palette between calls so a steady stream of frames (browsing,
// dragging a box) allocates almost nothing. Keep one per image pane.
//
// A Composer is not safe for concurrent use, and the Frame it returns
// (image, palette, TrueColor layers) shares its buffers: it is valid until
// the next Compose on the same Composer. Encode it before composing again.
type Composer struct {
	plane  []float32 // windowed (or one RGB channel of the) source
	mid    []float32 // horizontally filtered rows
	tx, ty taps
	nx, ny nearest
	L      layers
	img    image.Paletted
	pal    paletteCache

	// Backing for the layers' planes, kept when a frame does not use them.
	grey    []float32
	rgb     [3][]float32
	fill    []uint8
	solid   []uint8
	outside []bool
}

// NewComposer returns a Composer with no buffers yet; the first frame
// sizes them.
func NewComposer() *Composer { return &Composer{} }

// Compose draws the spec into a frame that fits MaxW x MaxH at the slice's
// physical aspect ratio. Each call starts fresh, so its frame stays valid;
// a Composer reuses buffers instead.
func Compose(spec FrameSpec) (*Frame, error) {
	return NewComposer().Compose(spec)
}

// Compose draws the spec into a frame that fits MaxW x MaxH at the slice's
// physical aspect ratio. The frame is valid until the next call.
func (c *Composer) Compose(spec FrameSpec) (*Frame, error) {
	if err := spec.check(); err != nil {
		return nil, err
	}
	v := spec.View
	region := spec.Region
	if region.empty() {
		region = Rect{0, 0, float64(v.Width), float64(v.Height)}
	}
	w, h := FitSize(region, v.PixelSpacing, spec.MaxW, spec.MaxH, spec.PixelAspect)
	f := &Frame{Map: Mapping{Region: region, W: w, H: h}, Image: &c.img, layers: &c.L}
	L := &c.L
	c.fill, c.solid = grow(c.fill, w*h), grow(c.solid, w*h)
	clear(c.fill)
	clear(c.solid)
	*L = layers{w: w, h: h, fill: c.fill, solid: c.solid, fills: L.fills[:0], solids: L.solids[:0]}

	ax := axis{n: v.Width, out: w, a: region.X0, b: region.X1}
	ay := axis{n: v.Height, out: h, a: region.Y0, b: region.Y1}
	c.nx.make(ax)
	c.ny.make(ay)
	if c.nx.out || c.ny.out {
		c.outside = grow(c.outside, w*h)
		L.outside = c.outside
		for y, sy := range c.ny.idx {
			row := L.outside[y*w : (y+1)*w]
			for x, sx := range c.nx.idx {
				row[x] = sx < 0 || sy < 0
			}
		}
	}

	c.tx.make(ax)
	c.ty.make(ay)
	n := v.Width * v.Height
	c.plane = grow(c.plane, n)
	if spec.RGB != nil {
		for ch := 0; ch < 3; ch++ {
			for i := range c.plane {
				c.plane[i] = float32(spec.RGB[3*i+ch])
			}
			c.rgb[ch] = grow(c.rgb[ch], w*h)
			c.mid = resample(c.rgb[ch], c.plane, v.Width, &c.tx, &c.ty, c.mid)
		}
		L.rgb = c.rgb
	} else {
		f.Window = spec.Window.Resolve(spec.Grey)
		windowPlane(c.plane, spec.Grey, f.Window)
		c.grey = grow(c.grey, w*h)
		c.mid = resample(c.grey, c.plane, v.Width, &c.tx, &c.ty, c.mid)
		L.grey = c.grey
	}

	L.alpha = float32(max(0, min(1, spec.FillOpacity)))
	classColor := func(id uint16) color.RGBA { return ClassColor(spec.Classes, id) }
	if spec.Labels != nil {
		drawLabels(L, &labelPlane[uint16]{spec.Labels, v.Width, v.Height, &c.nx, &c.ny}, true, classColor)
	}
	if spec.Proposal != nil {
		pc := ColorProposal
		if spec.ProposalColor.A != 0 {
			pc = spec.ProposalColor
		}
		drawLabels(L, &labelPlane[bool]{spec.Proposal, v.Width, v.Height, &c.nx, &c.ny}, true,
			func(bool) color.RGBA { return pc })
	}
	if spec.Disagreement != nil {
		drawLabels(L, &labelPlane[uint8]{spec.Disagreement, v.Width, v.Height, &c.nx, &c.ny}, true, disagreeColor)
	}
	if spec.GT != nil {
		drawLabels(L, &labelPlane[uint16]{spec.GT, v.Width, v.Height, &c.nx, &c.ny}, false, classColor)
	}
	L.drawPrompts(&spec, f.Map)

	L.paletted(spec.GreyLevels, &c.img, &c.pal)
	return f, nil
}

func disagreeColor(level uint8) color.RGBA {
	if level >= 2 {
		return ColorDisagreeSplit
	}
	return ColorDisagreeSome
}

// windowPlane maps physical values through the window to 0..255 (NaN: 0).
func windowPlane(dst, src []float32, win Window) {
	lo, scale := win.bounds()
	scale *= 255
	dst = dst[:len(src)]
	for i, g := range src {
		x := (g - lo) * scale
		if x < 0 || x != x {
			x = 0
		} else if x > 255 {
			x = 255
		}
		dst[i] = x
	}
}
