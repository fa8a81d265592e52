package eval

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/metrics"
)

// Plot geometry in pixels.
const (
	plotBarW     = 10
	plotGroupGap = 16
	plotLeft     = 48
	plotTop      = 28
	plotPlotH    = 260
	plotBottom   = 90 // room for class names wrapped under their group
)

var plotColours = []color.RGBA{
	{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255}, {214, 39, 40, 255},
	{148, 103, 189, 255}, {140, 86, 75, 255}, {227, 119, 194, 255}, {127, 127, 127, 255},
}

// WritePlot draws a grouped bar chart of a table: one group per row (class,
// then Average), one bar per column (variant), values on a 0-1 axis with
// gridlines every 0.2, a legend on the right and the title on top.
// Undefined cells leave a gap.
func WritePlot(w io.Writer, t metrics.Table, title string) error {
	if len(t.Columns) == 0 || len(t.Rows) == 0 {
		return fmt.Errorf("plot: the table is empty")
	}
	groupW := len(t.Columns)*plotBarW + plotGroupGap
	longest := 0
	for _, c := range t.Columns {
		longest = max(longest, len(datasets.SanitizeName(c)))
	}
	width := plotLeft + len(t.Rows)*groupW + 40 + 7*longest
	height := plotTop + plotPlotH + plotBottom
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	grey := color.RGBA{200, 200, 200, 255}
	black := color.RGBA{0, 0, 0, 255}
	y0 := plotTop + plotPlotH // the axis line (value 0)
	for i := 0; i <= 5; i++ {
		y := y0 - i*plotPlotH/5
		hline(img, plotLeft, plotLeft+len(t.Rows)*groupW, y, grey)
		label(img, 8, y+4, fmt.Sprintf("%.1f", float64(i)/5), black)
	}
	hline(img, plotLeft, plotLeft+len(t.Rows)*groupW, y0, black)
	for r, row := range t.Rows {
		gx := plotLeft + r*groupW + plotGroupGap/2
		for c, v := range row.Values {
			if math.IsNaN(v) {
				continue
			}
			h := int(math.Round(math.Max(0, math.Min(1, v)) * plotPlotH))
			rect := image.Rect(gx+c*plotBarW, y0-h, gx+(c+1)*plotBarW-1, y0)
			draw.Draw(img, rect, image.NewUniform(plotColours[c%len(plotColours)]), image.Point{}, draw.Src)
		}
		// Class names run down under their group, wrapped to its width.
		for line, text := range wrapLabel(datasets.SanitizeName(row.Name), max(1, (groupW-2)/7)) {
			label(img, gx-plotGroupGap/2+2, y0+16+line*13, text, black)
		}
	}
	lx := plotLeft + len(t.Rows)*groupW + 12
	for c, name := range t.Columns {
		y := plotTop + c*18
		draw.Draw(img, image.Rect(lx, y, lx+12, y+12), image.NewUniform(plotColours[c%len(plotColours)]), image.Point{}, draw.Src)
		label(img, lx+18, y+11, datasets.SanitizeName(name), black)
	}
	label(img, plotLeft, 18, title, black)
	return png.Encode(w, img)
}

// wrapLabel breaks a name into lines of at most per characters, at spaces
// where it can, at most five lines.
func wrapLabel(name string, per int) []string {
	var lines []string
	for len(name) > 0 && len(lines) < 5 {
		if len(name) <= per {
			lines = append(lines, name)
			break
		}
		cut := strings.LastIndexByte(name[:per+1], ' ')
		if cut <= 0 {
			cut = per
		}
		lines = append(lines, strings.TrimSpace(name[:cut]))
		name = strings.TrimSpace(name[cut:])
	}
	return lines
}

func hline(img *image.RGBA, x0, x1, y int, c color.RGBA) {
	for x := x0; x < x1; x++ {
		img.SetRGBA(x, y, c)
	}
}

func label(img *image.RGBA, x, y int, s string, c color.RGBA) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}
