package metrics

import (
	"fmt"
	"math"
	"strings"
)

// Table is a results table in the seed papers' layout: one row per class
// (background first, then the organs, then Average) and one column per
// variant or metric. NaN cells are shown as "-" (not defined).
type Table struct {
	Corner  string // header of the row-name column, e.g. "Class"
	Columns []string
	Rows    []TableRow
}

// TableRow is one class (or the Average) across the columns.
type TableRow struct {
	Name   string
	Values []float64
}

// AddAverage appends an "Average" row: for each column the mean of the
// rows' defined values, leaving out the first skip rows (background is not
// averaged, as in the seed's tables).
func (t *Table) AddAverage(skip int) {
	avg := TableRow{Name: "Average", Values: make([]float64, len(t.Columns))}
	for c := range t.Columns {
		sum, n := 0.0, 0
		for _, r := range t.Rows[min(skip, len(t.Rows)):] {
			if v := r.Values[c]; !math.IsNaN(v) {
				sum += v
				n++
			}
		}
		avg.Values[c] = math.NaN()
		if n > 0 {
			avg.Values[c] = sum / float64(n)
		}
	}
	t.Rows = append(t.Rows, avg)
}

// Markdown renders the table with four decimals, columns padded to line up.
func (t Table) Markdown() string {
	cells := t.cells(func(v float64) string { return cell(v, "-") })
	width := make([]int, len(cells[0]))
	for _, row := range cells {
		for c, s := range row {
			width[c] = max(width[c], len([]rune(s)), 3)
		}
	}
	var b strings.Builder
	line := func(row []string) {
		b.WriteString("|")
		for c, s := range row {
			pad := width[c] - len([]rune(s))
			if c == 0 {
				fmt.Fprintf(&b, " %s%s |", s, strings.Repeat(" ", pad))
			} else {
				fmt.Fprintf(&b, " %s%s |", strings.Repeat(" ", pad), s)
			}
		}
		b.WriteString("\n")
	}
	line(cells[0])
	b.WriteString("|")
	for c := range width {
		if c == 0 {
			b.WriteString(" " + strings.Repeat("-", width[c]) + " |")
		} else {
			b.WriteString(" " + strings.Repeat("-", width[c]-1) + ": |")
		}
	}
	b.WriteString("\n")
	for _, row := range cells[1:] {
		line(row)
	}
	return b.String()
}

// CSV renders the same cells as comma-separated values (empty cells where
// the Markdown shows "-"); names are quoted when they need it.
func (t Table) CSV() string {
	var b strings.Builder
	for _, row := range t.cells(func(v float64) string { return cell(v, "") }) {
		for c, s := range row {
			if c > 0 {
				b.WriteByte(',')
			}
			b.WriteString(CSVField(s))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func (t Table) cells(format func(float64) string) [][]string {
	out := [][]string{append([]string{t.Corner}, t.Columns...)}
	for _, r := range t.Rows {
		row := []string{r.Name}
		for _, v := range r.Values {
			row = append(row, format(v))
		}
		out = append(out, row)
	}
	return out
}

func cell(v float64, missing string) string {
	if math.IsNaN(v) {
		return missing
	}
	return fmt.Sprintf("%.4f", v)
}

// CSVField quotes a CSV field that holds a comma, quote or line break.
func CSVField(s string) string {
	if strings.ContainsAny(s, ",\"\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// Mean is the arithmetic mean of v, 0 for none.
func Mean(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	t := 0.0
	for _, x := range v {
		t += x
	}
	return t / float64(len(v))
}
