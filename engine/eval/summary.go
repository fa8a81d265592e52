package eval

import (
	"math"

	"github.com/segtui/segtui/engine/metrics"
)

// summarise builds the Dice and NSD tables and the throughput. A class's
// cell is the mean of its per-case scores over the cases where the ground
// truth or the prediction has it (a class absent from both gets FLARE22's
// 1 but would only flatter the mean, so it is left out); background is its
// own row and not in the Average. It also adds the cross-result
// confidence signals and assesses every signal against Dice.
func summarise(res *Results) error {
	if err := crossSignals(res); err != nil {
		return err
	}
	res.Confidence = assessSignals(res)
	res.Dice = tableJSON(buildTable(res, func(c CaseClass) *float64 { return c.Dice }, func(c CaseResult) *float64 { return c.BackgroundDice }))
	res.NSD = tableJSON(buildTable(res, func(c CaseClass) *float64 { return c.NSD }, nil))
	res.SlicesPerSecond = map[string]float64{}
	for _, v := range res.Variants {
		n, sec := 0, 0.0
		for _, c := range res.Cases {
			if c.Variant == v {
				n += c.SlicesDone
				sec += c.Seconds
			}
		}
		if sec > 0 {
			res.SlicesPerSecond[v] = float64(n) / sec
		}
	}
	return nil
}

func buildTable(res *Results, pick func(CaseClass) *float64, bg func(CaseResult) *float64) metrics.Table {
	t := metrics.Table{Corner: "Class", Columns: res.Variants}
	mean := func(variant string, get func(CaseResult) (*float64, bool)) float64 {
		sum, n := 0.0, 0
		for _, c := range res.Cases {
			if c.Variant != variant {
				continue
			}
			if v, ok := get(c); ok && v != nil {
				sum += *v
				n++
			}
		}
		if n == 0 {
			return math.NaN()
		}
		return sum / float64(n)
	}
	row := metrics.TableRow{Name: "background"}
	for _, v := range res.Variants {
		if bg == nil {
			row.Values = append(row.Values, math.NaN())
			continue
		}
		row.Values = append(row.Values, mean(v, func(c CaseResult) (*float64, bool) { return bg(c), true }))
	}
	t.Rows = append(t.Rows, row)
	for _, ci := range res.Classes {
		row := metrics.TableRow{Name: ci.Name}
		for _, v := range res.Variants {
			row.Values = append(row.Values, mean(v, func(c CaseResult) (*float64, bool) {
				for _, cc := range c.Classes {
					if cc.ID == ci.ID {
						return pick(cc), true
					}
				}
				return nil, false
			}))
		}
		t.Rows = append(t.Rows, row)
	}
	t.AddAverage(1)
	return t
}

func tableJSON(t metrics.Table) TableJSON {
	out := TableJSON{Columns: t.Columns}
	for _, r := range t.Rows {
		row := TableRowJS{Name: r.Name}
		for _, v := range r.Values {
			row.Values = append(row.Values, ptr(v))
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// Table turns a stored table back into a metrics.Table for printing.
func (t TableJSON) Table() metrics.Table {
	out := metrics.Table{Corner: "Class", Columns: t.Columns}
	for _, r := range t.Rows {
		row := metrics.TableRow{Name: r.Name}
		for _, v := range r.Values {
			row.Values = append(row.Values, val(v))
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}
