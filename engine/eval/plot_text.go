package eval

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// plotFaces are the chart's typefaces: the Go fonts (BSD licence, bundled
// with golang.org/x/image), anti-aliased, sized for print at 1:1.
type plotFaces struct {
	text, title, axis font.Face
}

func newPlotFaces() (plotFaces, error) {
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return plotFaces{}, fmt.Errorf("plot: Go Regular font: %w", err)
	}
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return plotFaces{}, fmt.Errorf("plot: Go Bold font: %w", err)
	}
	face := func(f *opentype.Font, size float64) (font.Face, error) {
		return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	}
	var p plotFaces
	if p.text, err = face(regular, 15); err != nil {
		return p, err
	}
	if p.title, err = face(bold, 19); err != nil {
		return p, err
	}
	if p.axis, err = face(bold, 16); err != nil {
		return p, err
	}
	return p, nil
}

func textWidth(f font.Face, s string) int { return font.MeasureString(f, s).Ceil() }

func lineHeight(f font.Face) int { return f.Metrics().Height.Ceil() }

// drawText draws s with its baseline at y, starting at x.
func drawText(img draw.Image, f font.Face, x, y int, s string, c color.Color) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// drawTextCentred draws s centred on cx with its baseline at y.
func drawTextCentred(img draw.Image, f font.Face, cx, y int, s string, c color.Color) {
	drawText(img, f, cx-textWidth(f, s)/2, y, s, c)
}

// drawTextUp draws s reading bottom to top, centred on (cx, cy): rendered
// flat into a small image, then rotated a quarter turn anticlockwise.
func drawTextUp(img draw.Image, f font.Face, cx, cy int, s string, c color.Color) {
	w, h := textWidth(f, s), lineHeight(f)
	flat := image.NewRGBA(image.Rect(0, 0, w, h))
	drawText(flat, f, 0, f.Metrics().Ascent.Ceil(), s, c)
	up := image.NewRGBA(image.Rect(0, 0, h, w))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			up.SetRGBA(y, w-1-x, flat.RGBAAt(x, y))
		}
	}
	r := image.Rect(cx-h/2, cy-w/2, cx-h/2+h, cy-w/2+w)
	draw.Draw(img, r, up, image.Point{}, draw.Over)
}

// wrapWords breaks s into lines no wider than maxW pixels, at spaces; a
// single word wider than a line is split between characters. At most
// maxLines lines; the last one is cut with an ellipsis if text remains.
func wrapWords(f font.Face, s string, maxW, maxLines int) []string {
	var lines []string
	cur := ""
	flush := func() {
		if cur != "" {
			lines = append(lines, cur)
			cur = ""
		}
	}
	for _, word := range strings.Fields(s) {
		try := strings.TrimSpace(cur + " " + word)
		if textWidth(f, try) <= maxW {
			cur = try
			continue
		}
		flush()
		for textWidth(f, word) > maxW {
			cut := fitPrefix(f, word, maxW)
			lines = append(lines, word[:cut])
			word = word[cut:]
		}
		cur = word
	}
	flush()
	if len(lines) > maxLines {
		last := []rune(lines[maxLines-1])
		for len(last) > 0 && textWidth(f, string(last)+"…") > maxW {
			last = last[:len(last)-1]
		}
		lines = append(lines[:maxLines-1], strings.TrimRight(string(last), " ")+"…")
	}
	return lines
}

// fitPrefix is the byte length of the longest prefix of word (whole runes,
// at least one) no wider than maxW.
func fitPrefix(f font.Face, word string, maxW int) int {
	end := 0
	for i, r := range word {
		next := i + len(string(r))
		if end > 0 && textWidth(f, word[:next]) > maxW {
			break
		}
		end = next
	}
	return end
}
