package tui

import (
	"fmt"
	"hash/fnv"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/render"
)

// imageCells is the size of the image area in cells.
func (m *Model) imageCells() (cols, rows int) {
	return m.layout().imageW, m.h - 4
}

// imageOrigin is the image's top-left cell (0-based): the pane's, moved
// right by the columns that centre the current frame.
func (m *Model) imageOrigin() (col, row int) { return m.layout().browserW + m.frame.padCols, 2 }

// View lays out: model bar; browser | image | classes+Dice; status; hints.
func (m *Model) View() string {
	if m.quitting {
		return m.hideImage() // kitty images outlive the text under them
	}
	if m.w == 0 {
		return "starting…"
	}
	if m.w < minW || m.h < minH {
		msg := fmt.Sprintf("segtui needs a terminal of at least %dx%d cells; this one is %dx%d.\nEnlarge the window or use a smaller font.", minW, minH, m.w, m.h)
		return m.st.r.Place(m.w, m.h, lipgloss.Center, lipgloss.Center, m.st.Warn.Render(msg))
	}
	bodyH := m.h - 3
	var middle string
	graphics := false
	var body string
	if m.help {
		body = m.helpView(m.w, bodyH)
	} else {
		lay := m.layout()
		center, g := m.centerView(lay.imageW, bodyH)
		graphics = g
		if !g && m.usesGraphics() {
			center = coverImage(center)
		}
		middle = lipgloss.JoinHorizontal(lipgloss.Top, center, m.rightView(lay.rightW, lay.nameW, bodyH))
		body = lipgloss.JoinHorizontal(lipgloss.Top, m.browserView(lay.browserW, bodyH), middle)
	}
	body = fitBlock(body, m.w, bodyH)
	// Any change to rows that cross the image rewrites them and wipes the
	// pixels there, so the image must be sent again.
	h := fnv.New64a()
	h.Write([]byte(body))
	if sum := h.Sum64(); sum != m.bodyHash {
		m.bodyHash = sum
		m.epoch++
	}
	hints := m.hintsView()
	last := hints
	m.imageOn = graphics && m.frame.payload != ""
	if m.imageOn {
		last += m.overlay()
	} else {
		last += m.hideImage()
	}
	top := m.modelBar() + "\n" + body + "\n" + m.statusView() + "\n"
	m.dumpScreen(top + hints)
	return top + last
}

// overlay positions the graphics payload over the reserved cells; the
// epoch parity makes the line differ whenever the image must be re-sent.
func (m *Model) overlay() string {
	col, row := m.imageOrigin()
	resend := ""
	if m.epoch%2 == 1 {
		resend = "\x1b7\x1b8"
	}
	return render.Place(row+1, col+1, []byte(m.frame.payload), m.cfg.Passthrough) + resend
}

func (m *Model) usesGraphics() bool {
	return m.cfg.Graphics != GraphicsBlocks && m.cfg.Graphics != GraphicsNone
}

// coverImage makes every row of text that replaces the image differ from
// the blank rows reserved under it (a zero-width reset at the end), so the
// renderer rewrites them and the text overwrites the image's pixels.
func coverImage(block string) string {
	return strings.ReplaceAll(block, "\n", "\x1b[0m\n") + "\x1b[0m"
}

// fitBlock pads or cuts every line to w cells and the block to h lines.
func fitBlock(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lw := ansi.StringWidth(l)
		if lw > w {
			l = ansi.Truncate(l, w, "")
		} else if lw < w {
			l += strings.Repeat(" ", w-lw)
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

func (m *Model) modelBar() string {
	var parts []string
	parts = append(parts, m.st.Title.Render("segtui"))
	if len(m.slots) == 0 {
		parts = append(parts, m.st.Dim.Render("no model"))
	} else {
		var names []string
		for i, s := range m.slots {
			n := datasets.SanitizeName(s.entry.Name)
			if i == m.engine {
				n = m.st.Active.Render("‹" + n + "›")
			} else {
				n = m.st.Dim.Render(n)
			}
			names = append(names, n)
		}
		dev, fellBack := m.slots[m.engine].device()
		if dev == "" {
			dev = "CPU"
		}
		if fellBack {
			dev += m.st.Warn.Render(" (no CUDA)")
		}
		parts = append(parts, "model "+strings.Join(names, " "), "device "+dev)
	}
	onOff := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	parts = append(parts, "img "+m.graphicsWord())
	parts = append(parts, fmt.Sprintf("GT %s · pred %s · opacity %d%%", onOff(m.showGT), onOff(m.showPred), int(opacities[m.opacity]*100)))
	return fitBlock(" "+strings.Join(parts, m.st.Dim.Render(" │ ")), m.w, 1)
}

func (m *Model) browserView(w, h int) string {
	if m.review != nil && m.review.show && m.focus != focusBrowser {
		return m.reviewPanel(w, h)
	}
	style := m.st.Pane
	if m.focus == focusBrowser {
		style = m.st.FocusPane
	}
	innerW, innerH := w-2, h-2
	var lines []string
	title := m.st.Title.Render("Cases")
	if m.filtering || m.filter.Value() != "" {
		lines = append(lines, ansi.Truncate(m.filter.View(), innerW, "…"))
	} else {
		lines = append(lines, title+m.st.Dim.Render(fmt.Sprintf(" %d", len(m.cfg.Cases))))
	}
	vis := m.visibleCases()
	rows := innerH - 1
	top := 0
	if m.bcursor >= rows {
		top = m.bcursor - rows + 1
	}
	for i := top; i < len(vis) && i < top+rows; i++ {
		idx := vis[i]
		mark := "  "
		if idx == m.opened {
			mark = "▶ "
		}
		name := ansi.Truncate(datasets.SanitizeName(m.cfg.Cases[idx].ID), innerW-2, "…")
		line := mark + name
		if i == m.bcursor && m.focus == focusBrowser {
			line = m.st.Selected.Render(fitBlock(line, innerW, 1))
		} else if idx == m.opened {
			line = m.st.Active.Render(line)
		}
		lines = append(lines, line)
	}
	if len(vis) == 0 {
		lines = append(lines, m.st.Dim.Render("no match"))
	}
	return style.Render(fitBlock(strings.Join(lines, "\n"), innerW, innerH))
}

// centerView is the image pane (or what covers it); it reports whether the
// graphics overlay belongs on screen.
func (m *Model) centerView(w, h int) (string, bool) {
	title := m.paneTitle()
	switch {
	case m.sess == nil:
		msg := "loading…"
		if m.loading == "" && m.msgErr {
			msg = m.st.Err.Render(m.msg)
		} else if m.loading != "" {
			msg = "loading " + datasets.SanitizeName(m.loading) + "…"
		}
		return fitBlock(title+"\n\n  "+msg, w, h), false
	case m.restore != nil:
		return fitBlock(title+"\n"+m.restoreView(w-4), w, h), false
	case m.quitAsk:
		return fitBlock(title+"\n"+m.quitView(), w, h), false
	case m.compare != nil:
		return fitBlock(title+"\n"+m.compareView(w-2), w, h), false
	}
	cols, rows := m.imageCells()
	switch {
	case m.frame.err != nil:
		return fitBlock(title+"\n\n  "+m.st.Err.Render(datasets.SanitizeName(m.frame.err.Error())), w, h), false
	case m.cfg.Graphics == GraphicsNone:
		v := m.view()
		return fitBlock(title+"\n"+m.st.Dim.Render(fmt.Sprintf("  [image %dx%d, %.2fx%.2f mm; no graphics]", v.Width, v.Height, v.PixelSpacing[0], v.PixelSpacing[1])), w, h), false
	case m.cfg.Graphics == GraphicsBlocks:
		lines := m.frame.lines
		if m.frame.cols != cols || m.frame.rows != rows {
			lines = nil // made for another size; the new one is on its way
		}
		pad := m.frame.padCols
		var b strings.Builder
		b.WriteString(title)
		for _, l := range lines {
			b.WriteString("\n" + strings.Repeat(" ", max(0, pad)) + l)
		}
		return fitBlock(b.String(), w, h), false
	}
	// Graphics: blank cells the payload is drawn over. After the image's
	// footprint changed they are written in the other of two forms, so the
	// renderer rewrites them and the text wipes what the old image left
	// outside the new one (sixel and iTerm2 pixels go only when overwritten).
	blank := fitBlock(title, w, h)
	if m.wipes%2 == 1 {
		blank = coverImage(blank)
	}
	return blank, true
}

func (m *Model) paneTitle() string {
	if m.sess == nil {
		return m.st.Title.Render(" Image")
	}
	c, _ := m.activeClass()
	lab := ""
	if m.sess.Labelled(m.key()) {
		lab = m.st.Good.Render(" ✓ labelled")
	}
	return " " + m.st.Title.Render(m.sess.CaseID) + m.st.Dim.Render(fmt.Sprintf(" · %s %d/%d", m.plane, m.n+1, m.view().Depth)) +
		" · class " + m.st.Swatch(m.cfg.Classes, c.ID) + " " + m.st.Active.Render(datasets.SanitizeName(c.Name)) + lab
}

func (m *Model) restoreView(w int) string {
	pj := m.restore
	var b strings.Builder
	fmt.Fprintf(&b, "\n  %s\n\n", m.st.Warn.Render("Journaled edits found for this case"))
	fmt.Fprintf(&b, "  %d edits, %d not saved to a label file; last at %s\n", len(pj.Records), pj.Unsaved, datasets.SanitizeName(pj.Last))
	fmt.Fprintf(&b, "  %s\n", ansi.Truncate(datasets.SanitizeName(pj.Path), w, "…"))
	if pj.Warning != "" {
		fmt.Fprintf(&b, "  %s\n", m.st.Warn.Render(pj.Warning))
	}
	start := "start empty"
	if m.labels.loaded {
		fmt.Fprintf(&b, "  %s\n", ansi.Truncate("the saved labels in "+datasets.SanitizeName(filepath.Base(m.labels.path))+" are loaded; these edits came after them", w, "…"))
		start = "keep only the saved labels"
	}
	fmt.Fprintf(&b, "\n  %s restore them   %s %s (the journal is kept aside)", m.st.Key.Render("y"), m.st.Key.Render("n"), start)
	return b.String()
}

func (m *Model) quitView() string {
	quit := "quit (edits stay in the journal)"
	if !m.jh.journaled() {
		quit = fmt.Sprintf("quit and lose the edits of %d slices: they are not in the journal (%s)", len(m.jh.pending), m.jh.cause())
	}
	return fmt.Sprintf("\n  %s\n\n  %s save and quit   %s %s   any other key: stay",
		m.st.Warn.Render(fmt.Sprintf("%d unsaved edits", m.sess.Dirty())), m.st.Key.Render("s"), m.st.Key.Render("y"), quit)
}

func (m *Model) compareView(w int) string {
	t := m.compare
	var b strings.Builder
	fmt.Fprintf(&b, "\n  %s on %s slice %d (%s)\n\n", m.st.Title.Render("Model comparison"), t.key.Plane, t.key.N+1, t.prompt)
	nameW := 14
	fmt.Fprintf(&b, "  %-*s", nameW, "class")
	for _, n := range t.models {
		fmt.Fprintf(&b, " %9s", ansi.Truncate(datasets.SanitizeName(n), 9, "…"))
	}
	b.WriteString("\n")
	for ci, id := range t.classes {
		c, _ := m.cfg.Classes.ByID(id)
		fmt.Fprintf(&b, "  %s %-*s", m.st.Swatch(m.cfg.Classes, c.ID), nameW-2, ansi.Truncate(datasets.SanitizeName(c.Name), nameW-2, "…"))
		for mi := range t.models {
			if t.errs[mi] != "" || !t.ok[mi][ci] {
				fmt.Fprintf(&b, " %9s", "–")
				continue
			}
			d := t.dice[mi][ci]
			b.WriteString(" " + m.st.Score(d, fmt.Sprintf("%9.3f", d)))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "  %-*s", nameW, "mean")
	for mi := range t.models {
		var s []float64
		for ci := range t.classes {
			if t.errs[mi] == "" && t.ok[mi][ci] {
				s = append(s, t.dice[mi][ci])
			}
		}
		if len(s) == 0 {
			fmt.Fprintf(&b, " %9s", "–")
		} else {
			fmt.Fprintf(&b, " %9.3f", mean(s))
		}
	}
	fmt.Fprintf(&b, "\n  %-*s", nameW, "time")
	for mi := range t.models {
		fmt.Fprintf(&b, " %7dms", t.times[mi].Milliseconds())
	}
	for mi, e := range t.errs {
		if e != "" {
			fmt.Fprintf(&b, "\n  %s", m.st.Err.Render(ansi.Truncate(datasets.SanitizeName(t.models[mi]+": "+e), w, "…")))
		}
	}
	b.WriteString("\n\n  " + m.st.Dim.Render("any key closes"))
	return b.String()
}

// rightView is the class list with per-class Dice (slice and case).
func (m *Model) rightView(w, nameW, h int) string {
	innerW, innerH := w-2, h-2
	var lines []string
	// Column headers right-aligned over the slice and case values.
	const title = "Classes · Dice"
	head := fmt.Sprintf("%*s%12s", nameW+9-ansi.StringWidth(title), "slice", "case")
	lines = append(lines, m.st.Title.Render(title)+m.st.Dim.Render(head))
	var scores []ClassScore
	sliceDone := false
	if m.sess != nil {
		scores = m.sess.Scores(m.key())
		// An unlabelled slice has no prediction to score: dashes, not zeros.
		if sliceDone = m.sess.Labelled(m.key()); !sliceDone {
			for i := range scores {
				scores[i].SliceOK = false
			}
		}
	}
	byID := map[uint16]ClassScore{}
	for _, s := range scores {
		byID[s.Class.ID] = s
	}
	row := func(sel bool, sw, name string, sc ClassScore, have bool) string {
		mark := " "
		if sel {
			mark = m.st.Active.Render("▸")
		}
		name = padRight(ansi.Truncate(name, nameW, "…"), nameW)
		line := mark + sw + " " + name
		if !have {
			return line
		}
		if sc.SliceOK {
			line += " " + m.st.Score(sc.Slice, fmt.Sprintf("%.3f", sc.Slice)) + " " + bar(sc.Slice, 5)
		} else {
			line += "     –      "
		}
		if sc.CaseOK {
			line += " " + m.st.Score(sc.Case, fmt.Sprintf("%.3f", sc.Case))
		} else {
			line += "     –"
		}
		if sel {
			return m.st.Active.Render(line)
		}
		return line
	}
	have := m.sess != nil && m.sess.GT != nil
	bg := byID[0]
	lines = append(lines, row(false, " ", "background", bg, have))
	var rows []string
	for i, c := range m.cfg.Classes.Classes {
		rows = append(rows, row(i == m.class, m.st.Swatch(m.cfg.Classes, c.ID), classLabel(c), byID[c.ID], have))
	}
	rowsAt := len(lines)
	lines = append(lines, "")
	switch {
	case m.sess == nil:
	case m.sess.GT == nil:
		lines = append(lines, m.st.Dim.Render("no ground truth: Dice unavailable"))
	default:
		so, sa, co, ca, okS, okC := Means(scores)
		num := func(v float64, ok bool) string {
			if !ok {
				return "    –"
			}
			return m.st.Score(v, fmt.Sprintf("%.3f", v))
		}
		label := func(s string) string { return padRight("  "+s, nameW+4) }
		lines = append(lines,
			label("mean organs")+num(so, okS)+"       "+num(co, okC),
			label("mean with bg")+num(sa, okS)+"       "+num(ca, okC),
			m.st.Dim.Render(fmt.Sprintf("  case: %d labelled slices", m.sess.LabelledCount())))
		if c, ok := m.activeClass(); ok && m.sess.PartlyLabelled() > 0 {
			// Classes count different slices once some were labelled for
			// a few classes; the row has no room for a count, so the
			// active class's is shown here (1-9 to see another's).
			tail := fmt.Sprintf(" scored on %d", byID[c.ID].CaseSlices)
			name := ansi.Truncate(datasets.SanitizeName(c.Name), max(1, innerW-2-len(tail)), "…")
			lines = append(lines, m.st.Dim.Render("  "+name+tail))
		}
		if !sliceDone {
			lines = append(lines, m.st.Dim.Render("  this slice is not labelled yet"))
		}
	}
	// Many classes scroll around the active one; the means stay in view.
	rows = scrollRows(rows, m.class, innerH-len(lines), m.st.Dim.Render)
	lines = append(lines[:rowsAt], append(rows, lines[rowsAt:]...)...)
	return m.st.Pane.Render(fitBlock(strings.Join(lines, "\n"), innerW, innerH))
}

// padRight pads s with spaces to w cells.
func padRight(s string, w int) string {
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
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

func ms(d interface{ Milliseconds() int64 }) string {
	if d.Milliseconds() == 0 {
		return "–"
	}
	return fmt.Sprintf("%dms", d.Milliseconds())
}

func countPoints(ps []engine.Point, positive bool) int {
	n := 0
	for _, p := range ps {
		if p.Positive == positive {
			n++
		}
	}
	return n
}

func (m *Model) hintsView() string {
	if m.msg != "" {
		style := m.st.Dim
		if m.msgErr {
			style = m.st.Err
		}
		return fitBlock(" "+style.Render(m.msg), m.w, 1)
	}
	h := []string{}
	for _, b := range m.hintBindings() {
		h = append(h, m.st.Key.Render(b.Help().Key)+" "+m.st.Dim.Render(b.Help().Desc))
	}
	return fitBlock(" "+strings.Join(h, "  "), m.w, 1)
}
