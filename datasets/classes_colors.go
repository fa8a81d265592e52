package datasets

import (
	"image/color"
	"math"
)

// ExtraColor returns the n-th generated class colour: hues step by the
// golden angle so neighbours differ strongly, with saturation and value
// kept high enough to stand out on grey images. Deterministic in n.
func ExtraColor(n int) color.RGBA {
	h := math.Mod(float64(n)*137.50776405+15, 360)
	s := 0.75 + 0.2*float64(n%2)
	v := 1.0 - 0.15*float64((n/2)%2)
	return hsv(h, s, v)
}

func hsv(h, s, v float64) color.RGBA {
	c := v * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := v - c
	var r, g, b float64
	switch {
	case h < 60:
		r, g = c, x
	case h < 120:
		r, g = x, c
	case h < 180:
		g, b = c, x
	case h < 240:
		g, b = x, c
	case h < 300:
		r, b = x, c
	default:
		r, b = c, x
	}
	to8 := func(f float64) uint8 { return uint8(math.Round((f + m) * 255)) }
	return color.RGBA{to8(r), to8(g), to8(b), 255}
}
