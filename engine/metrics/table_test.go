package metrics

import (
	"math"
	"testing"
)

func TestTableLayout(t *testing.T) {
	tb := Table{Corner: "Class", Columns: []string{"builtin", "sam, vit-b"}, Rows: []TableRow{
		{Name: "background", Values: []float64{0.99, 0.98765}},
		{Name: "liver", Values: []float64{0.9, 0.5}},
		{Name: "spleen", Values: []float64{0.7, math.NaN()}},
	}}
	tb.AddAverage(1)
	wantMD := "" +
		"| Class      | builtin | sam, vit-b |\n" +
		"| ---------- | ------: | ---------: |\n" +
		"| background |  0.9900 |     0.9877 |\n" +
		"| liver      |  0.9000 |     0.5000 |\n" +
		"| spleen     |  0.7000 |          - |\n" +
		"| Average    |  0.8000 |     0.5000 |\n"
	if got := tb.Markdown(); got != wantMD {
		t.Errorf("Markdown:\n%s\nwant:\n%s", got, wantMD)
	}
	wantCSV := "Class,builtin,\"sam, vit-b\"\nbackground,0.9900,0.9877\nliver,0.9000,0.5000\nspleen,0.7000,\nAverage,0.8000,0.5000\n"
	if got := tb.CSV(); got != wantCSV {
		t.Errorf("CSV:\n%s\nwant:\n%s", got, wantCSV)
	}
}

func TestMean(t *testing.T) {
	if got := Mean(nil); got != 0 {
		t.Errorf("Mean(nil) = %v, want 0", got)
	}
	if got := Mean([]float64{0.5, 1, 0}); got != 0.5 {
		t.Errorf("Mean(0.5, 1, 0) = %v, want 0.5", got)
	}
}
