package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/eval"
	"github.com/segtui/segtui/keymap"
)

// reviewPanel replaces the case browser in review mode: the failure on
// screen (where, which variant, stored and re-prompted Dice, the prompt of
// every round) and the failures around it, worst first.
func (m *Model) reviewPanel(w, h int) string {
	_, onIt := m.onFailure()
	return m.review.view(m.st, m.cfg.Classes, &m.km, onIt, m.storedShown(), w, h)
}

// view draws the panel w x h; onIt says whether the screen is on the
// failure, stored whether the eval's mask shows.
func (rv *reviewState) view(st Styles, classes datasets.ClassTable, km *keymap.KeyMap, onIt, stored bool, w, h int) string {
	innerW, innerH := w-2, h-2
	cut := func(s string) string { return ansi.Truncate(s, innerW, "…") }
	var lines []string
	lines = append(lines, cut(st.Title.Render(fmt.Sprintf("Review %d/%d", rv.pos+1, len(rv.order)))+st.Dim.Render(" "+rv.orderNote())))
	if rv.pos >= 0 {
		f := rv.order[rv.pos]
		c := f.slice.Class
		lines = append(lines,
			st.Swatch(classes, c)+" "+st.Active.Render(cut(rv.className(c, classes))),
			cut(datasets.SanitizeName(f.res.Case)),
			cut(fmt.Sprintf("%s slice %d", rv.plane, f.slice.Slice+1)),
			cut("model "+datasets.SanitizeName(f.res.Variant)))
		if f.hasConf {
			lines = append(lines, "confidence "+st.Score(f.conf, fmt.Sprintf("%.2f", f.conf)))
			for _, l := range signalLines(f.slice) {
				lines = append(lines, st.Dim.Render(cut(l)))
			}
		}
		if f.noDice {
			lines = append(lines, st.Dim.Render("eval Dice – (no GT)"))
		} else {
			lines = append(lines, "eval Dice "+st.Score(f.dice, fmt.Sprintf("%.3f", f.dice)))
		}
		switch {
		case f.noDice: // nothing to score a re-prompt against
		case rv.now != nil:
			lines = append(lines, "now  Dice "+st.Score(*rv.now, fmt.Sprintf("%.3f", *rv.now)), cut(st.Dim.Render("  by "+datasets.SanitizeName(rv.nowBy))))
		default:
			lines = append(lines, st.Dim.Render("now  Dice –"))
		}
		if !onIt && !rv.pending && !f.noDice {
			lines = append(lines, st.Warn.Render(cut("(moved off it)")))
		}
		ps := f.slice.Prompts
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
			line := fmt.Sprintf("%s %s %*d %s", " ", f.listValue(), rv.digits, f.slice.Slice+1, rv.className(f.slice.Class, classes))
			// Which variant, where several failed (and there is room).
			if v := datasets.SanitizeName(f.res.Variant); rv.several && ansi.StringWidth(line)+3+ansi.StringWidth(v) <= innerW {
				line += "  " + v
			}
			if i == rv.pos {
				line = st.Selected.Render(fitBlock("▸"+line[1:], innerW, 1))
			}
			lines = append(lines, cut(line))
		}
	}
	lines = fitLines(lines, innerH-1)
	hint := st.Key.Render(km.NextFailure.Help().Key) + st.Dim.Render(" next ") +
		st.Key.Render(km.PrevFailure.Help().Key) + st.Dim.Render(" prev ") +
		st.Key.Render(km.Review.Help().Key) + st.Dim.Render(" hide")
	lines = append(lines, cut(hint))
	return st.FocusPane.Render(fitBlock(strings.Join(lines, "\n"), innerW, innerH))
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
