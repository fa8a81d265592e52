// Package classpanel is the right-hand pane of the TUI: the class list with
// each class's Dice on the slice and over the case, and the means. The root
// fills it from the session (Data) on every frame, since the scores change
// with every edit; its keys (KeyMap, Update) ask for another active class,
// which the root sets.
package classpanel

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/tui/common"
)

// RowW is a class row without its name: marker, swatch, spaces, slice
// Dice, bar, case Dice and a blank before the border.
const RowW = 1 + 1 + 1 + 1 + 5 + 1 + 5 + 1 + 5 + 1

// Score is one class's Dice as the panel shows it.
type Score struct {
	Slice, Case     float64
	SliceOK, CaseOK bool // a dash when false
	CaseSlices      int  // labelled slices whose scope has the class
}

// Data is what the panel shows of the open case.
type Data struct {
	Classes datasets.ClassTable
	Active  int              // index into Classes.Classes
	Open    bool             // a case is open
	HasGT   bool             // the case has ground truth: Dice columns
	Scores  map[uint16]Score // by class id, 0 the background

	SliceDone                            bool // the slice is labelled
	SliceOrg, SliceAll, CaseOrg, CaseAll float64
	SliceMeansOK, CaseMeansOK            bool
	LabelledSlices                       int
	PartlyLabelled                       bool // some slices were labelled for some classes only
}

// Model is the class and Dice pane.
type Model struct {
	KeyMap KeyMap // empty unless set: the panel then takes no keys
	st     common.Styles
	w, h   int
	nameW  int // the class name column
	data   Data
}

// New draws with st.
func New(st common.Styles) Model { return Model{st: st} }

// SetSize sets the pane's size in cells, borders included, and the width
// of its name column.
func (p *Model) SetSize(w, h, nameW int) { p.w, p.h, p.nameW = w, h, nameW }

// SetData sets what the next View shows.
func (p *Model) SetData(d Data) { p.data = d }

// Label is a class as the panel lists it.
func Label(c datasets.Class) string {
	return fmt.Sprintf("%d %s", c.ID, datasets.SanitizeName(c.Name))
}

// View draws the class list with per-class Dice (slice and case).
func (p Model) View() string {
	st, d, nameW := p.st, p.data, p.nameW
	innerW, innerH := p.w-2, p.h-2
	var lines []string
	// Column headers right-aligned over the slice and case values.
	const title = "Classes · Dice"
	head := fmt.Sprintf("%*s%12s", nameW+9-ansi.StringWidth(title), "slice", "case")
	lines = append(lines, st.Title.Render(title)+st.Dim.Render(head))
	row := func(sel bool, sw, name string, sc Score, have bool) string {
		mark := " "
		if sel {
			mark = st.Active.Render("▸")
		}
		name = common.PadRight(ansi.Truncate(name, nameW, "…"), nameW)
		line := mark + sw + " " + name
		if !have {
			return line
		}
		if sc.SliceOK {
			line += " " + st.Score(sc.Slice, fmt.Sprintf("%.3f", sc.Slice)) + " " + bar(sc.Slice, 5)
		} else {
			line += "     –      "
		}
		if sc.CaseOK {
			line += " " + st.Score(sc.Case, fmt.Sprintf("%.3f", sc.Case))
		} else {
			line += "     –"
		}
		if sel {
			return st.Active.Render(line)
		}
		return line
	}
	have := d.Open && d.HasGT
	lines = append(lines, row(false, " ", "background", d.Scores[0], have))
	var rows []string
	for i, c := range d.Classes.Classes {
		rows = append(rows, row(i == d.Active, st.Swatch(d.Classes, c.ID), Label(c), d.Scores[c.ID], have))
	}
	rowsAt := len(lines)
	lines = append(lines, "")
	switch {
	case !d.Open:
	case !d.HasGT:
		lines = append(lines, st.Dim.Render("no ground truth: Dice unavailable"))
	default:
		num := func(v float64, ok bool) string {
			if !ok {
				return "    –"
			}
			return st.Score(v, fmt.Sprintf("%.3f", v))
		}
		label := func(s string) string { return common.PadRight("  "+s, nameW+4) }
		lines = append(lines,
			label("mean organs")+num(d.SliceOrg, d.SliceMeansOK)+"       "+num(d.CaseOrg, d.CaseMeansOK),
			label("mean with bg")+num(d.SliceAll, d.SliceMeansOK)+"       "+num(d.CaseAll, d.CaseMeansOK),
			st.Dim.Render(fmt.Sprintf("  case: %d labelled slices", d.LabelledSlices)))
		if d.Active >= 0 && d.Active < len(d.Classes.Classes) && d.PartlyLabelled {
			// Classes count different slices once some were labelled for
			// a few classes; the row has no room for a count, so the
			// active class's is shown here (1-9 to see another's).
			c := d.Classes.Classes[d.Active]
			tail := fmt.Sprintf(" scored on %d", d.Scores[c.ID].CaseSlices)
			name := ansi.Truncate(datasets.SanitizeName(c.Name), max(1, innerW-2-len(tail)), "…")
			lines = append(lines, st.Dim.Render("  "+name+tail))
		}
		if !d.SliceDone {
			lines = append(lines, st.Dim.Render("  this slice is not labelled yet"))
		}
	}
	// Many classes scroll around the active one; the means stay in view.
	rows = common.ScrollRows(rows, d.Active, innerH-len(lines), st.Dim.Render)
	lines = append(lines[:rowsAt], append(rows, lines[rowsAt:]...)...)
	return st.Pane.Render(common.FitBlock(strings.Join(lines, "\n"), innerW, innerH))
}

// bar draws v in 0..1 as n cells of eighth blocks.
func bar(v float64, n int) string {
	eighths := int(v*float64(n*8) + 0.5)
	var b strings.Builder
	for i := 0; i < n; i++ {
		e := min(8, max(0, eighths-8*i))
		b.WriteString([]string{" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"}[e])
	}
	return b.String()
}
