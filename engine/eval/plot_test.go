package eval

import (
	"bytes"
	"image/png"
	"math"
	"testing"

	"github.com/segtui/segtui/engine/metrics"
)

func TestPlotBarsHaveTheTablesHeights(t *testing.T) {
	tb := metrics.Table{Columns: []string{"builtin", "medsam"}, Rows: []metrics.TableRow{
		{Name: "liver", Values: []float64{0.5, 1}},
		{Name: "spleen", Values: []float64{0.8, math.NaN()}},
	}}
	var buf bytes.Buffer
	if err := WritePlot(&buf, tb, "Dice"); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	groupW := 2*plotBarW + plotGroupGap
	y0 := plotTop + plotPlotH
	colourAt := func(row, col int, v float64) (uint8, uint8, uint8) {
		x := plotLeft + row*groupW + plotGroupGap/2 + col*plotBarW + plotBarW/2
		r, g, b, _ := img.At(x, y0-int(v*plotPlotH)).RGBA()
		return uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)
	}
	is := func(what string, row, col int, v float64, want [3]uint8) {
		r, g, b := colourAt(row, col, v)
		if [3]uint8{r, g, b} != want {
			t.Errorf("%s at height %.2f: colour %v, want %v", what, v, [3]uint8{r, g, b}, want)
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
	is("spleen/medsam undefined: no bar", 1, 1, 0.1, white)
	if err := WritePlot(&buf, metrics.Table{}, "x"); err == nil {
		t.Error("an empty table was plotted")
	}
}
