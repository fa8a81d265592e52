package eval

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/metrics"
)

// Plot geometry in pixels. The chart grows sideways with classes x variants
// so bars keep a legible width; groups never get narrower than a wrapped
// class name needs.
const (
	plotBarW      = 14  // one variant's bar
	plotGroupGap  = 26  // space between class groups
	plotMinGroupW = 96  // room for "right adrenal" on one line
	plotPlotH     = 340 // height of the 0-1 value range
	plotMarginR   = 24
	plotLabelLine = 3 // most lines a class name wraps to
)

// Tableau 10 then its light partners: 20 distinguishable variant colours.
var plotColours = []color.RGBA{
	{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255}, {214, 39, 40, 255},
	{148, 103, 189, 255}, {140, 86, 75, 255}, {227, 119, 194, 255}, {127, 127, 127, 255},
	{188, 189, 34, 255}, {23, 190, 207, 255},
	{174, 199, 232, 255}, {255, 187, 120, 255}, {152, 223, 138, 255}, {255, 152, 150, 255},
	{197, 176, 213, 255}, {196, 156, 148, 255}, {247, 182, 210, 255}, {199, 199, 199, 255},
	{219, 219, 141, 255}, {158, 218, 229, 255},
}

var (
	plotInk     = color.RGBA{33, 33, 33, 255}
	plotGrid    = color.RGBA{222, 222, 222, 255}
	plotMinor   = color.RGBA{241, 241, 241, 255}
	plotShade   = color.RGBA{246, 246, 250, 255}
	plotMissing = color.RGBA{150, 150, 150, 255}
)

// plotLayout places every part of the chart; drawing and tests share it.
type plotLayout struct {
	width, height int
	titleY        int // baseline of the title
	legend        []image.Point
	legendRowH    int
	plotX, plotY  int // top-left of the value area
	groupW        int
	groups        int
	barW, bars    int
	labels        [][]string // wrapped row names
	labelY        int        // baseline of the first label line
}

func newPlotLayout(t metrics.Table, faces plotFaces) plotLayout {
	l := plotLayout{groups: len(t.Rows), bars: len(t.Columns), barW: plotBarW}
	l.groupW = max(l.bars*l.barW+plotGroupGap, plotMinGroupW)
	tickW := textWidth(faces.text, "0.0")
	l.plotX = 12 + lineHeight(faces.axis) + 10 + tickW + 8
	plotW := l.groups * l.groupW
	l.width = l.plotX + plotW + plotMarginR

	// Legend: swatch and name per variant, in rows as wide as the chart.
	textH := lineHeight(faces.text)
	l.titleY = 12 + faces.title.Metrics().Ascent.Ceil()
	top := 12 + lineHeight(faces.title) + 10
	l.legendRowH = textH + 6
	x, y := l.plotX, top
	for _, name := range t.Columns {
		w := 14 + 6 + textWidth(faces.text, datasets.SanitizeName(name)) + 22
		if x > l.plotX && x+w > l.plotX+plotW {
			x, y = l.plotX, y+l.legendRowH
		}
		l.legend = append(l.legend, image.Pt(x, y))
		x += w
	}
	l.plotY = y + l.legendRowH + 16

	for _, row := range t.Rows {
		l.labels = append(l.labels, wrapWords(faces.text, datasets.SanitizeName(row.Name), l.groupW-8, plotLabelLine))
	}
	l.labelY = l.plotY + plotPlotH + 8 + faces.text.Metrics().Ascent.Ceil()
	l.height = l.labelY + (plotLabelLine-1)*textH + 16
	return l
}

// baseY is the pixel row of value 0; valueY the row of value v.
func (l plotLayout) baseY() int { return l.plotY + plotPlotH }

func (l plotLayout) valueY(v float64) int {
	return l.baseY() - int(math.Round(math.Max(0, math.Min(1, v))*plotPlotH))
}

// groupX is the left edge of a class group; barX of one variant's bar.
func (l plotLayout) groupX(row int) int { return l.plotX + row*l.groupW }

func (l plotLayout) barX(row, col int) int {
	return l.groupX(row) + (l.groupW-l.bars*l.barW)/2 + col*l.barW
}

// WritePlot draws a grouped bar chart of a table: one group per row (class,
// then Average, set on a shaded band), one bar per column (variant) in a
// colour keyed by the legend under the title, values on a 0-1 axis named
// valueName with gridlines every 0.1. Undefined cells get a grey dash on
// the axis; a zero is a hairline in the variant's colour.
func WritePlot(w io.Writer, t metrics.Table, title, valueName string) error {
	if len(t.Columns) == 0 || len(t.Rows) == 0 {
		return fmt.Errorf("plot: the table is empty")
	}
	faces, err := newPlotFaces()
	if err != nil {
		return err
	}
	l := newPlotLayout(t, faces)
	title = datasets.SanitizeName(title)
	l.width = max(l.width, l.plotX+textWidth(faces.title, title)+plotMarginR)
	img := image.NewRGBA(image.Rect(0, 0, l.width, l.height))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	plotR := l.groupX(l.groups)

	if last := t.Rows[len(t.Rows)-1].Name; last == "Average" {
		fill(img, image.Rect(l.groupX(l.groups-1), l.plotY, plotR, l.baseY()), plotShade)
	}
	if t.Rows[0].Name == "background" && l.groups > 1 {
		// Background is reported apart and not averaged: set it off.
		for y := l.plotY; y < l.baseY(); y += 6 {
			fill(img, image.Rect(l.groupX(1), y, l.groupX(1)+1, y+3), plotMissing)
		}
	}
	for i := 0; i <= 10; i++ {
		y := l.valueY(float64(i) / 10)
		c := plotMinor
		if i%2 == 0 {
			c = plotGrid
			s := fmt.Sprintf("%.1f", float64(i)/10)
			drawText(img, faces.text, l.plotX-8-textWidth(faces.text, s), y+5, s, plotInk)
		}
		fill(img, image.Rect(l.plotX, y, plotR, y+1), c)
	}
	drawTextUp(img, faces.axis, 12+lineHeight(faces.axis)/2, l.plotY+plotPlotH/2, datasets.SanitizeName(valueName), plotInk)

	for r, row := range t.Rows {
		for c, v := range row.Values {
			x := l.barX(r, c)
			if math.IsNaN(v) {
				fill(img, image.Rect(x+2, l.baseY()-2, x+l.barW-3, l.baseY()), plotMissing)
				continue
			}
			top := min(l.valueY(v), l.baseY()-1)
			fill(img, image.Rect(x, top, x+l.barW-1, l.baseY()), plotColours[c%len(plotColours)])
		}
		cx := l.groupX(r) + l.groupW/2
		for i, line := range l.labels[r] {
			drawTextCentred(img, faces.text, cx, l.labelY+i*lineHeight(faces.text), line, plotInk)
		}
		fill(img, image.Rect(l.groupX(r), l.baseY(), l.groupX(r)+1, l.baseY()+6), plotInk)
	}
	fill(img, image.Rect(plotR, l.baseY(), plotR+1, l.baseY()+6), plotInk)
	fill(img, image.Rect(l.plotX, l.baseY(), plotR+1, l.baseY()+1), plotInk)
	fill(img, image.Rect(l.plotX, l.plotY, l.plotX+1, l.baseY()+1), plotInk)

	for c, name := range t.Columns {
		p := l.legend[c]
		fill(img, image.Rect(p.X, p.Y+2, p.X+14, p.Y+16), plotColours[c%len(plotColours)])
		drawText(img, faces.text, p.X+20, p.Y+14, datasets.SanitizeName(name), plotInk)
	}
	drawText(img, faces.title, l.plotX, l.titleY, title, plotInk)
	return png.Encode(w, img)
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
}
