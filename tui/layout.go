package tui

import (
	"github.com/charmbracelet/x/ansi"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/tui/classpanel"
)

// Pane widths in cells, borders included. The browser needs only the case
// ids and the class pane only the class names; the image takes the rest,
// and names are shortened only when the image would get narrower than
// minImageW.
const (
	minBrowserW = 18
	maxBrowserW = 32
	minNameW    = 12 // "right kidney" still fits
	maxNameW    = 28
	minImageW   = 44
	// reviewW is what the review panel wants in place of the browser: its
	// failure details and "0.889 left kidney 37" rows unshortened. Every
	// terminal from 140 columns gets it (class names shrink first).
	reviewW = 34
	// classRowW is a class row without its name (tui/classpanel).
	classRowW = classpanel.RowW
)

// layoutNeeds is what the text panes would like, measured once per
// program from the case and class names.
type layoutNeeds struct {
	browserW int // cells for the longest case id
	nameW    int // cells for the longest "id name" class label
}

func measureLayout(cfg Config) layoutNeeds {
	caseW := 0
	for _, c := range cfg.Cases {
		caseW = max(caseW, ansi.StringWidth(datasets.SanitizeName(c.ID)))
	}
	nameW := len("background")
	for _, c := range cfg.Classes.Classes {
		nameW = max(nameW, ansi.StringWidth(classLabel(c)))
	}
	return layoutNeeds{
		browserW: max(minBrowserW, min(maxBrowserW, caseW+4)), // borders and "▶ "
		nameW:    max(minNameW, min(maxNameW, nameW)),
	}
}

// classLabel is a class as the class pane lists it.
func classLabel(c datasets.Class) string { return classpanel.Label(c) }

// paneLayout is the body split for one terminal width.
type paneLayout struct {
	browserW, imageW, rightW int
	nameW                    int // class name column inside the right pane
}

// layout splits the width: the browser as wide as its ids need, the class
// pane as wide as its names need, unless that leaves the image narrower
// than minImageW; then names shrink (to minNameW) and, last, the browser.
func (m *Model) layout() paneLayout {
	l := paneLayout{browserW: m.needs.browserW, nameW: m.needs.nameW}
	if m.reviewShown() {
		// Whatever has focus: tab to the browser must not resize the image.
		l.browserW = max(l.browserW, reviewW)
	}
	over := func() int { return l.browserW + l.nameW + classRowW + 2 + minImageW - m.w }
	if d := over(); d > 0 {
		l.nameW = max(minNameW, l.nameW-d)
	}
	if d := over(); d > 0 {
		l.browserW = max(minBrowserW, l.browserW-d)
	}
	l.rightW = l.nameW + classRowW + 2
	l.imageW = max(0, m.w-l.browserW-l.rightW)
	return l
}

// reviewShown reports whether review mode's panel owns the left column.
func (m *Model) reviewShown() bool { return m.review != nil && m.review.Visible() }
