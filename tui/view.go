package tui

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/tui/classpanel"
	"github.com/segtui/segtui/tui/imagepane"
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
		return m.st.Renderer().Place(m.w, m.h, lipgloss.Center, lipgloss.Center, m.st.Warn.Render(msg))
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
			center = imagepane.CoverImage(center)
		}
		middle = lipgloss.JoinHorizontal(lipgloss.Top, center, m.rightView(lay.rightW, lay.nameW, bodyH))
		body = lipgloss.JoinHorizontal(lipgloss.Top, m.browserView(lay.browserW, bodyH), middle)
	}
	body = fitBlock(body, m.w, bodyH)
	// Rows crossing the image that change wipe its sixel pixels there.
	if m.pane.NoteBody(body) {
		m.link.wipe++
	}
	hints := m.hintsView()
	last := hints
	m.pane.SetImageOn(graphics && (m.frame.payload != "" || m.frame.img != nil))
	if m.pane.ImageOn() {
		last += m.overlay()
	} else if h := m.hideImage(); h != "" {
		last += h
		m.link.clear++
	}
	top := m.modelBar() + "\n" + body + "\n" + m.statusView() + "\n"
	m.dumpScreen(top + hints)
	return top + last
}

// overlay positions the graphics payload over the reserved cells; the
// epoch parity makes the line differ whenever the image must be re-sent.
func (m *Model) overlay() string {
	if m.link.w != nil {
		return m.linkOverlay()
	}
	col, row := m.imageOrigin()
	return m.imagePane.overlay(col, row, m.cfg.Passthrough)
}

func (m *Model) usesGraphics() bool {
	return m.cfg.Graphics != GraphicsBlocks && m.cfg.Graphics != GraphicsNone
}

func (m *Model) browserView(w, h int) string {
	if m.review != nil && m.review.Visible() && m.focus != focusBrowser {
		return m.reviewPanel(w, h)
	}
	m.browser.SetSize(w, h)
	m.browser.SetFocused(m.focus == focusBrowser)
	m.browser.SetOpened(m.opened)
	return m.browser.View()
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
		m.compare.SetSize(w, h-1) // under the title
		m.compare.SetClasses(m.cfg.Classes)
		return fitBlock(title+"\n"+m.compare.View(), w, h), false
	}
	m.pane.SetSize(w, h)
	m.pane.SetFrame(m.paneFrame(title))
	return m.pane.View(), m.pane.Overlaid()
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

// rightView is the class and Dice panel (tui/classpanel), filled from the
// session.
func (m *Model) rightView(w, nameW, h int) string {
	d := classpanel.Data{Classes: m.cfg.Classes, Active: m.class, Open: m.sess != nil}
	if m.sess != nil {
		scores := m.sess.Scores(m.key())
		// An unlabelled slice has no prediction to score: dashes, not zeros.
		if d.SliceDone = m.sess.Labelled(m.key()); !d.SliceDone {
			for i := range scores {
				scores[i].SliceOK = false
			}
		}
		d.Scores = make(map[uint16]classpanel.Score, len(scores))
		for _, s := range scores {
			d.Scores[s.Class.ID] = classpanel.Score{Slice: s.Slice, Case: s.Case, SliceOK: s.SliceOK, CaseOK: s.CaseOK, CaseSlices: s.CaseSlices}
		}
		d.HasGT = m.sess.GT != nil
		if d.HasGT {
			d.SliceOrg, d.SliceAll, d.CaseOrg, d.CaseAll, d.SliceMeansOK, d.CaseMeansOK = Means(scores)
			d.LabelledSlices = m.sess.LabelledCount()
			d.PartlyLabelled = m.sess.PartlyLabelled() > 0
		}
	}
	m.classPanel.SetSize(w, h, nameW)
	m.classPanel.SetData(d)
	return m.classPanel.View()
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
