package datasets

import (
	"image/color"
	"math"
)

// colorLevels are the saturation, value and hue offset of each block of 12
// generated colours: block 0 is vivid, later blocks darker or paler and
// shifted in hue so they fall between earlier ones.
var colorLevels = [4][3]float64{{0.9, 1.0, 0}, {0.95, 0.7, 15}, {0.55, 1.0, 7.5}, {0.8, 0.85, 22.5}}

// ExtraColor returns the n-th generated class colour, deterministic in n.
// Within a block, hues step by 150 degrees so consecutive classes contrast
// strongly; the first 36 colours are pairwise at least 50 apart in RGB and
// all are saturated enough to stand out on grey images.
func ExtraColor(n int) color.RGBA {
	n = max(n, 0)
	l := colorLevels[(n/12)%len(colorLevels)]
	h := math.Mod(float64((n%12)*5%12)*30+l[2]+float64(n/48)*3.75, 360)
	return hsv(h, l[0], l[1])
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

// nextColor picks the first generated colour, from index len(classes) on,
// that is not too close to any colour already in the table, so extended
// tables (FLARE22 plus AMOS extras) stay distinct.
func nextColor(classes []Class) color.RGBA {
	start := len(classes)
	for n := start; n < start+48; n++ {
		c, ok := ExtraColor(n), true
		for _, o := range classes {
			dr, dg, db := int(c.R)-int(o.Color.R), int(c.G)-int(o.Color.G), int(c.B)-int(o.Color.B)
			if dr*dr+dg*dg+db*db < 60*60 {
				ok = false
				break
			}
		}
		if ok {
			return c
		}
	}
	return ExtraColor(start)
}
