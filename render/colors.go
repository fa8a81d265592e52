package render

import (
	"image/color"

	"github.com/segtui/segtui/datasets"
)

// Overlay colours for things that are not classes.
var (
	ColorPositive = color.RGBA{0, 220, 0, 255}
	ColorNegative = color.RGBA{235, 30, 30, 255}
	ColorBox      = color.RGBA{0, 200, 255, 255}
	ColorProposal = color.RGBA{255, 215, 0, 255}
	ColorStored   = color.RGBA{255, 0, 255, 255} // a prediction read from evaluation results
	ColorCursor   = color.RGBA{255, 255, 255, 255}
	// The disagreement overlay: where some masks disagree, and where they
	// are evenly split.
	ColorDisagreeSome  = color.RGBA{0, 160, 255, 255}
	ColorDisagreeSplit = color.RGBA{255, 64, 0, 255}
	colorRim           = color.RGBA{0, 0, 0, 255}
)

// fallbackColors colour ids a class table does not name (ITK-SNAP order).
var fallbackColors = [...]color.RGBA{
	{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}, {255, 255, 0, 255},
	{0, 255, 255, 255}, {255, 0, 255, 255}, {255, 239, 213, 255}, {0, 0, 205, 255},
	{205, 133, 63, 255}, {210, 180, 140, 255}, {102, 205, 170, 255}, {0, 0, 128, 255},
	{0, 139, 139, 255}, {46, 139, 87, 255}, {255, 228, 225, 255}, {106, 90, 205, 255},
}

// ClassColor returns the table's colour for id, or a stable fallback.
func ClassColor(t datasets.ClassTable, id uint16) color.RGBA {
	if c, ok := t.ByID(id); ok && c.Color.A != 0 {
		c.Color.A = 255
		return c.Color
	}
	return fallbackColors[(int(id)+len(fallbackColors)-1)%len(fallbackColors)]
}

// snap8 moves a channel value to the nearest value that survives sixel's
// percent colour registers: go-sixel writes v*100/255 truncated, so the
// smallest v of each percent step round-trips to the same percent.
func snap8(v uint8) uint8 {
	p := (int(v)*100 + 127) / 255
	return uint8((p*255 + 99) / 100)
}

func snapColor(c color.RGBA) color.RGBA {
	return color.RGBA{snap8(c.R), snap8(c.G), snap8(c.B), 255}
}

// blend mixes grey g (0..255) toward c by alpha.
func blend(g float32, c color.RGBA, alpha float32) color.RGBA {
	mix := func(ch uint8) uint8 { return clamp8(g*(1-alpha) + float32(ch)*alpha) }
	return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 255}
}

func blendRGB(r, g, b float32, c color.RGBA, alpha float32) (float32, float32, float32) {
	return r*(1-alpha) + float32(c.R)*alpha, g*(1-alpha) + float32(c.G)*alpha, b*(1-alpha) + float32(c.B)*alpha
}

func clamp8(v float32) uint8 {
	if v <= 0 {
		return 0
	}
	if v >= 255 {
		return 255
	}
	return uint8(v + 0.5)
}
