// Package compare is the model comparison table (M): per-class Dice on one
// slice for each model variant, drawn in the image pane's place until a
// key closes it. It scores and draws; running the variants needs the
// session and the engines, so the root does that and fills a Table.
package compare

import (
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/metrics"
	"github.com/segtui/segtui/tui/common"
)

// Table is per-class Dice on one slice for each model variant, one row
// per variant in the order Score was called.
type Table struct {
	Plane   datasets.Plane
	N       int    // the slice, 0-based
	Prompt  string // what the variants were given
	Models  []string
	Classes []uint16
	Dice    [][]float64 // [model][class], NaN when not scored
	OK      [][]bool
	Times   []time.Duration
	Errs    []string
}

// Score adds the next variant's row: labels scored against gt for each of
// t.Classes, or, when err is set, a row of dashes with the error. The time
// shown runs from start to the end of the scoring.
func (t *Table) Score(gt, labels []uint16, err error, start time.Time) {
	row, ok := make([]float64, len(t.Classes)), make([]bool, len(t.Classes))
	msg := ""
	if err != nil {
		msg = err.Error()
	} else {
		counts, _ := metrics.ClassDice(gt, labels, t.Classes)
		for i, id := range t.Classes {
			row[i], ok[i] = counts[id].Dice()
		}
	}
	t.Dice, t.OK = append(t.Dice, row), append(t.OK, ok)
	t.Times, t.Errs = append(t.Times, time.Since(start)), append(t.Errs, msg)
}

// Model is the open table. Its Table is embedded so the root reads what it
// compared (t.Models) without a getter.
type Model struct {
	*Table
	st      common.Styles
	classes datasets.ClassTable
	w, h    int
}

// New shows t.
func New(t *Table, st common.Styles) Model { return Model{Table: t, st: st} }

// SetSize sets the area the table is drawn in, in cells.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// SetClasses names the classes the next View shows: the open case's table
// at the time it is drawn.
func (m *Model) SetClasses(classes datasets.ClassTable) { m.classes = classes }

// Update takes a key while the table is open: any key closes it, and
// closed tells the root to drop it (and send the image again).
func (m Model) Update(msg tea.KeyMsg) (_ Model, closed bool) { return m, true }

// View draws the table w x h.
func (m Model) View() string {
	t, st := m.Table, m.st
	var b strings.Builder
	fmt.Fprintf(&b, "\n  %s on %s slice %d (%s)\n\n", st.Title.Render("Model comparison"), t.Plane, t.N+1, t.Prompt)
	nameW := 14
	fmt.Fprintf(&b, "  %-*s", nameW, "class")
	for _, n := range t.Models {
		fmt.Fprintf(&b, " %9s", ansi.Truncate(datasets.SanitizeName(n), 9, "…"))
	}
	b.WriteString("\n")
	for ci, id := range t.Classes {
		c, _ := m.classes.ByID(id)
		fmt.Fprintf(&b, "  %s %-*s", st.Swatch(m.classes, c.ID), nameW-2, ansi.Truncate(datasets.SanitizeName(c.Name), nameW-2, "…"))
		for mi := range t.Models {
			if t.Errs[mi] != "" || !t.OK[mi][ci] {
				fmt.Fprintf(&b, " %9s", "–")
				continue
			}
			d := t.Dice[mi][ci]
			b.WriteString(" " + st.Score(d, fmt.Sprintf("%9.3f", d)))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "  %-*s", nameW, "mean")
	for mi := range t.Models {
		var s []float64
		for ci := range t.Classes {
			if t.Errs[mi] == "" && t.OK[mi][ci] {
				s = append(s, t.Dice[mi][ci])
			}
		}
		if len(s) == 0 {
			fmt.Fprintf(&b, " %9s", "–")
		} else {
			fmt.Fprintf(&b, " %9.3f", metrics.Mean(s))
		}
	}
	fmt.Fprintf(&b, "\n  %-*s", nameW, "time")
	for mi := range t.Models {
		fmt.Fprintf(&b, " %7dms", t.Times[mi].Milliseconds())
	}
	for mi, e := range t.Errs {
		if e != "" {
			// Two cells of indent: the error fills the rest of the width.
			fmt.Fprintf(&b, "\n  %s", st.Err.Render(ansi.Truncate(datasets.SanitizeName(t.Models[mi]+": "+e), m.w-2, "…")))
		}
	}
	b.WriteString("\n\n  " + st.Dim.Render("any key closes"))
	return common.FitBlock(b.String(), m.w, m.h)
}
