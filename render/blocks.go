package render

import (
	"image"
	"strconv"
	"strings"
)

// Blocks renders img as Unicode upper half blocks: each cell shows two
// pixels, the top as foreground and the bottom as background, so a frame
// for cols x rows cells is composed at cols x 2*rows pixels (PixelAspect
// (cellH/2)/cellW). Colours are exact in truecolor and mapped to the xterm
// 256-colour palette otherwise. Lines end with a reset and are joined by
// newlines, ready to sit in a Bubble Tea view.
func Blocks(img *image.Paletted, trueColor bool) string {
	b := img.Bounds()
	codes := make([]string, len(img.Palette))
	for i, c := range img.Palette {
		r, g, bl, _ := c.RGBA()
		r8, g8, b8 := uint8(r>>8), uint8(g>>8), uint8(bl>>8)
		if trueColor {
			codes[i] = "2;" + strconv.Itoa(int(r8)) + ";" + strconv.Itoa(int(g8)) + ";" + strconv.Itoa(int(b8))
		} else {
			codes[i] = "5;" + strconv.Itoa(Xterm256(r8, g8, b8))
		}
	}
	var sb strings.Builder
	sb.Grow(b.Dx() * (b.Dy()/2 + 1) * 12)
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		if y > b.Min.Y {
			sb.WriteByte('\n')
		}
		fg, bg := "", ""
		for x := b.Min.X; x < b.Max.X; x++ {
			top := codes[img.ColorIndexAt(x, y)]
			bot := ""
			if y+1 < b.Max.Y {
				bot = codes[img.ColorIndexAt(x, y+1)]
			}
			if top != fg {
				sb.WriteString("\x1b[38;" + top + "m")
				fg = top
			}
			if bot != bg {
				if bot == "" {
					sb.WriteString("\x1b[49m")
				} else {
					sb.WriteString("\x1b[48;" + bot + "m")
				}
				bg = bot
			}
			sb.WriteString("▀")
		}
		sb.WriteString("\x1b[0m")
	}
	return sb.String()
}

// cubeSteps are the xterm 6x6x6 cube's channel values.
var cubeSteps = [6]int{0, 95, 135, 175, 215, 255}

// Xterm256 returns the xterm 256-colour index nearest to (r, g, b), from
// the colour cube or the grey ramp; saturated colours stay saturated so
// outlines remain distinguishable from the grey image.
func Xterm256(r, g, b uint8) int {
	near := func(v uint8) int {
		best, bd := 0, 1<<30
		for i, s := range cubeSteps {
			if d := (int(v) - s) * (int(v) - s); d < bd {
				best, bd = i, d
			}
		}
		return best
	}
	ri, gi, bi := near(r), near(g), near(b)
	cube := 16 + 36*ri + 6*gi + bi
	cd := dist3(r, g, b, cubeSteps[ri], cubeSteps[gi], cubeSteps[bi])
	avg := (int(r) + int(g) + int(b)) / 3
	gi2 := max(0, min(23, (avg-8+5)/10))
	gv := 8 + 10*gi2
	if gd := dist3(r, g, b, gv, gv, gv); gd < cd {
		return 232 + gi2
	}
	return cube
}

func dist3(r, g, b uint8, R, G, B int) int {
	// Weighted toward green as the eye is; enough to keep greys grey.
	dr, dg, db := int(r)-R, int(g)-G, int(b)-B
	return 2*dr*dr + 4*dg*dg + 3*db*db
}
