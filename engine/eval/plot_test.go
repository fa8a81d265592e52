package eval

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"strings"
	"testing"

	"github.com/segtui/segtui/engine/metrics"
)

func decodePlot(t *testing.T, tb metrics.Table) image.Image {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePlot(&buf, tb, "Per-class Dice, box prompts", "Dice"); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func rgb(img image.Image, x, y int) [3]uint8 {
	r, g, b, _ := img.At(x, y).RGBA()
	return [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}
}

func TestPlotBarsHaveTheTablesHeights(t *testing.T) {
	tb := metrics.Table{Columns: []string{"builtin", "medsam"}, Rows: []metrics.TableRow{
		{Name: "liver", Values: []float64{0.5, 1}},
		{Name: "spleen", Values: []float64{0.8, math.NaN()}},
	}}
	img := decodePlot(t, tb)
	faces, err := newPlotFaces()
	if err != nil {
		t.Fatal(err)
	}
	l := newPlotLayout(tb, faces)
	is := func(what string, row, col int, v float64, want [3]uint8) {
		t.Helper()
		got := rgb(img, l.barX(row, col)+plotBarW/2, l.valueY(v))
		if got != want {
			t.Errorf("%s at height %.2f: colour %v, want %v", what, v, got, want)
		}
	}
	c0 := [3]uint8{plotColours[0].R, plotColours[0].G, plotColours[0].B}
	c1 := [3]uint8{plotColours[1].R, plotColours[1].G, plotColours[1].B}
	white := [3]uint8{255, 255, 255}
	is("liver/builtin inside its 0.5 bar", 0, 0, 0.45, c0)
	is("liver/builtin above its 0.5 bar", 0, 0, 0.55, white)
	is("liver/medsam inside its 1.0 bar", 0, 1, 0.99, c1)
	is("spleen/builtin inside its 0.8 bar", 1, 0, 0.75, c0)
	is("spleen/builtin above its 0.8 bar", 1, 0, 0.85, white)
	is("spleen/medsam undefined: no bar", 1, 1, 0.25, white)
	missing := [3]uint8{plotMissing.R, plotMissing.G, plotMissing.B}
	if got := rgb(img, l.barX(1, 1)+plotBarW/2, l.baseY()-1); got != missing {
		t.Errorf("undefined cell: colour %v on the axis, want the grey dash %v", got, missing)
	}
	var buf bytes.Buffer
	if err := WritePlot(&buf, metrics.Table{}, "x", "Dice"); err == nil {
		t.Error("an empty table was plotted")
	}
}

// The value axis is named: dark pixels of the rotated "Dice" lie in the
// strip left of the tick labels, beside the value range.
func TestPlotNamesTheValueAxis(t *testing.T) {
	tb := metrics.Table{Columns: []string{"a"}, Rows: []metrics.TableRow{{Name: "liver", Values: []float64{0.3}}}}
	img := decodePlot(t, tb)
	faces, _ := newPlotFaces()
	l := newPlotLayout(tb, faces)
	dark := 0
	for y := l.plotY; y < l.baseY(); y++ {
		for x := 0; x < l.plotX-8-textWidth(faces.text, "0.0")-2; x++ {
			if c := rgb(img, x, y); c[0] < 100 {
				dark++
			}
		}
	}
	if dark < 30 {
		t.Errorf("%d dark pixels where the rotated axis name should be", dark)
	}
}

func TestPlotGrowsWithClassesAndVariants(t *testing.T) {
	table := func(classes, variants int) metrics.Table {
		tb := metrics.Table{}
		for v := range variants {
			tb.Columns = append(tb.Columns, strings.Repeat("v", v+1))
		}
		for c := range classes {
			tb.Rows = append(tb.Rows, metrics.TableRow{Name: strings.Repeat("c", c+1), Values: make([]float64, variants)})
		}
		return tb
	}
	width := func(classes, variants int) int { return decodePlot(t, table(classes, variants)).Bounds().Dx() }
	w14x6, w14x3, w7x6 := width(14, 6), width(14, 3), width(7, 6)
	if !(w14x6 > w14x3 && w14x6 > w7x6) {
		t.Errorf("widths 14x6 %d, 14x3 %d, 7x6 %d: more classes or variants should widen the chart", w14x6, w14x3, w7x6)
	}
	faces, _ := newPlotFaces()
	l := newPlotLayout(table(14, 6), faces)
	if l.groupW < 6*plotBarW+plotGroupGap {
		t.Errorf("group %d px wide cannot hold 6 bars of %d px and a gap", l.groupW, plotBarW)
	}
}

func TestWrapWordsBreaksAtSpacesWithinTheWidth(t *testing.T) {
	faces, err := newPlotFaces()
	if err != nil {
		t.Fatal(err)
	}
	f := faces.text
	maxW := textWidth(f, "right adrenal")
	got := wrapWords(f, "right adrenal gland", maxW, 3)
	if strings.Join(got, "|") != "right adrenal|gland" {
		t.Errorf("wrapped %q", got)
	}
	got = wrapWords(f, "inferior vena cava", textWidth(f, "inferior"), 3)
	if strings.Join(got, "|") != "inferior|vena|cava" {
		t.Errorf("wrapped %q", got)
	}
	long := "supercalifragilisticexpialidocious"
	for _, line := range wrapWords(f, long, 60, 10) {
		if textWidth(f, line) > 60 {
			t.Errorf("line %q is %d px, over 60", line, textWidth(f, line))
		}
	}
	got = wrapWords(f, "a b c d e f", textWidth(f, "a"), 2)
	if len(got) != 2 || !strings.HasSuffix(got[1], "…") {
		t.Errorf("over-long name not cut to 2 lines with an ellipsis: %q", got)
	}
}
