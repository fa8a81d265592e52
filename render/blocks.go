package render

import (
	"image"
	"strconv"
)

// Blocks renders img as Unicode upper half blocks: each cell shows two
// pixels, the top as foreground and the bottom as background, so a frame
// for cols x rows cells is composed at cols x 2*rows pixels (PixelAspect
// (cellH/2)/cellW). Colours are exact in truecolor and mapped to the xterm
// 256-colour palette otherwise. Lines end with a reset and are joined by
// newlines, ready to sit in a Bubble Tea view.
func Blocks(img *image.Paletted, trueColor bool) string {
	b := img.Bounds()
	// Per palette index, its SGR colour code (codes[at[i]:at[i+1]]) and
	// an id equal for equal codes (the 256-colour mapping merges some), so
	// a colour is only re-sent when it changes.
	n := len(img.Palette)
	codes := make([]byte, 0, n*12)
	at := make([]int, n+1)
	ids := make([]int, n)
	for i, c := range img.Palette {
		r, g, bl, _ := c.RGBA()
		r8, g8, b8 := uint8(r>>8), uint8(g>>8), uint8(bl>>8)
		if trueColor {
			ids[i] = int(r8)<<16 | int(g8)<<8 | int(b8)
			codes = append(codes, "2;"...)
			codes = strconv.AppendInt(codes, int64(r8), 10)
			codes = append(codes, ';')
			codes = strconv.AppendInt(codes, int64(g8), 10)
			codes = append(codes, ';')
			codes = strconv.AppendInt(codes, int64(b8), 10)
		} else {
			ids[i] = Xterm256(r8, g8, b8)
			codes = append(codes, "5;"...)
			codes = strconv.AppendInt(codes, int64(ids[i]), 10)
		}
		at[i+1] = len(codes)
	}
	sgr := func(out []byte, layer string, i uint8) []byte {
		out = append(out, layer...)
		out = append(out, codes[at[i]:at[i+1]]...)
		return append(out, 'm')
	}
	const none = -1 // no colour sent yet on this line
	out := make([]byte, 0, b.Dx()*(b.Dy()/2+1)*12)
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		if y > b.Min.Y {
			out = append(out, '\n')
		}
		off := img.PixOffset(b.Min.X, y)
		top := img.Pix[off : off+b.Dx()]
		var bot []uint8
		if y+1 < b.Max.Y {
			off = img.PixOffset(b.Min.X, y+1)
			bot = img.Pix[off : off+b.Dx()]
		}
		fg, bg := none, none
		for x, t := range top {
			if id := ids[t]; id != fg {
				out = sgr(out, "\x1b[38;", t)
				fg = id
			}
			// An odd last line has no bottom pixels: its background stays
			// the terminal's (nothing was set on this line yet).
			if bot != nil {
				if id := ids[bot[x]]; id != bg {
					out = sgr(out, "\x1b[48;", bot[x])
					bg = id
				}
			}
			out = append(out, "▀"...)
		}
		out = append(out, "\x1b[0m"...)
	}
	return string(out)
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
