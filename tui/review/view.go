package review

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/eval"
	"github.com/segtui/segtui/tui/common"
)

// Data is what the root tells the panel before View.
type Data struct {
	OnIt   bool // the view is on the failure (Place, At)
	Stored bool // the eval's mask is the proposal on screen
}

// SetSize sets the panel's size in cells, borders included.
func (rv *Model) SetSize(w, h int) { rv.w, rv.h = w, h }

// SetData sets what the next View shows.
func (rv *Model) SetData(d Data) { rv.data = d }

// View replaces the case browser in review mode: the failure on screen
// (where, which variant, stored and re-prompted Dice, the prompt of every
// round) and the failures around it, worst first.
func (rv *Model) View() string {
	st, classes, km := rv.setup.Styles, rv.setup.Classes, rv.KeyMap
	onIt, stored := rv.data.OnIt, rv.data.Stored
	innerW, innerH := rv.w-2, rv.h-2
	cut := func(s string) string { return ansi.Truncate(s, innerW, "…") }
	var lines []string
	lines = append(lines, cut(st.Title.Render(fmt.Sprintf("Review %d/%d", rv.pos+1, len(rv.order)))+st.Dim.Render(" "+rv.orderNote())))
	if rv.pos >= 0 {
		f := rv.order[rv.pos]
		c := f.Slice.Class
		lines = append(lines,
			st.Swatch(classes, c)+" "+st.Active.Render(cut(rv.className(c))),
			cut(datasets.SanitizeName(f.Res.Case)),
			cut(fmt.Sprintf("%s slice %d", rv.plane, f.Slice.Slice+1)),
			cut("model "+datasets.SanitizeName(f.Res.Variant)))
		if f.HasConf {
			lines = append(lines, "confidence "+st.Score(f.Conf, fmt.Sprintf("%.2f", f.Conf)))
			for _, l := range signalLines(f.Slice) {
				lines = append(lines, st.Dim.Render(cut(l)))
			}
		}
		if f.NoDice {
			lines = append(lines, st.Dim.Render("eval Dice – (no GT)"))
		} else {
			lines = append(lines, "eval Dice "+st.Score(f.Dice, fmt.Sprintf("%.3f", f.Dice)))
		}
		switch {
		case f.NoDice: // nothing to score a re-prompt against
		case rv.now != nil:
			lines = append(lines, "now  Dice "+st.Score(*rv.now, fmt.Sprintf("%.3f", *rv.now)), cut(st.Dim.Render("  by "+datasets.SanitizeName(rv.nowBy))))
		default:
			lines = append(lines, st.Dim.Render("now  Dice –"))
		}
		if !onIt && !rv.pending && !f.NoDice {
			lines = append(lines, st.Warn.Render(cut("(moved off it)")))
		}
		ps := f.Slice.Prompts
		if len(ps) == 0 {
			lines = append(lines, st.Dim.Render(cut(noPromptText(f))))
		} else {
			head := "prompt:"
			if len(ps) > 1 {
				head = fmt.Sprintf("%d rounds:", len(ps))
			}
			lines = append(lines, st.Dim.Render(head))
			for i, p := range ps {
				lines = append(lines, wrapCells(fmt.Sprintf("%d %s", i+1, compactPrompt(p)), innerW, "  ")...)
			}
		}
		if stored {
			lines = append(lines, st.Dim.Render(cut("magenta = eval")))
		}
	}
	lines = append(lines, st.Dim.Render(strings.Repeat("─", innerW)))
	rows := innerH - len(lines) - 1
	if rows > 0 {
		top := max(0, min(rv.pos-rows/3, len(rv.order)-rows))
		for i := top; i < len(rv.order) && i < top+rows; i++ {
			f := rv.order[i]
			// Slice before class: a narrow panel cuts the name, not the number.
			line := fmt.Sprintf("%s %s %*d %s", " ", f.listValue(), rv.digits, f.Slice.Slice+1, rv.className(f.Slice.Class))
			// Which variant, where several failed (and there is room).
			if v := datasets.SanitizeName(f.Res.Variant); rv.several && ansi.StringWidth(line)+3+ansi.StringWidth(v) <= innerW {
				line += "  " + v
			}
			if i == rv.pos {
				line = st.Selected.Render(common.FitBlock("▸"+line[1:], innerW, 1))
			}
			lines = append(lines, cut(line))
		}
	}
	lines = fitLines(lines, innerH-1)
	hint := st.Key.Render(km.Next.Help().Key) + st.Dim.Render(" next ") +
		st.Key.Render(km.Prev.Help().Key) + st.Dim.Render(" prev ") +
		st.Key.Render(km.Toggle.Help().Key) + st.Dim.Render(" hide")
	lines = append(lines, cut(hint))
	return st.FocusPane.Render(common.FitBlock(strings.Join(lines, "\n"), innerW, innerH))
}

// fitLines pads or cuts lines to n.
func fitLines(lines []string, n int) []string {
	if len(lines) > n {
		return lines[:n]
	}
	for len(lines) < n {
		lines = append(lines, "")
	}
	return lines
}

// wrapCells breaks s at spaces into lines of at most w cells, indenting
// continuation lines.
func wrapCells(s string, w int, indent string) []string {
	var out []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= w:
			line += " " + word
		default:
			out = append(out, ansi.Truncate(line, w, "…"))
			line = indent + word
		}
	}
	if line != "" {
		out = append(out, ansi.Truncate(line, w, "…"))
	}
	return out
}

// compactPrompt is a round's prompt in few cells for the narrow panel:
// box x0,y0–x1,y1 +x,y −x,y.
func compactPrompt(p eval.PromptRecord) string {
	var parts []string
	if b := p.Box; b != nil {
		parts = append(parts, "box", fmt.Sprintf("%g,%g–%g,%g", b.X0, b.Y0, b.X1, b.Y1))
	}
	for _, pt := range p.Points {
		sign := "−"
		if pt.Positive {
			sign = "+"
		}
		parts = append(parts, fmt.Sprintf("%s%g,%g", sign, pt.X, pt.Y))
	}
	return strings.Join(parts, " ")
}
