package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// statusField is one part of the status line in ever shorter forms; an
// empty form drops the field.
type statusField struct {
	forms []string
	at    int // the form shown
}

// Status fields, in screen order.
const (
	stJournal = iota // first, so it is the last to be cut
	stSlice
	stZoom
	stWindow
	stCursor
	stLatency
	stPrecompute
	stPrompts
	stBusy
	stCount
)

// statusDegrade is the order in which fields give up room when the line is
// too long: the least needed first, so slice, plane, window, cursor HU and
// latency survive the longest.
var statusDegrade = []int{
	stZoom, stPrecompute, stPrompts, stCursor, stWindow, // shorter labels
	stPrecompute, stPrompts, stZoom, stZoom, // dropped (zoom: its region first)
	stCursor, stBusy, // just the voxel and its value; the busy mark alone
	stJournal, stJournal, // the journal warning shortens last
}

const statusSep = " │ "

func (m *Model) statusView() string {
	if m.sess == nil {
		return m.st.StatusLine.Render(fitBlock(" no case open", m.w, 1))
	}
	return m.st.StatusLine.Render(fitBlock(" "+fitStatus(m.statusFields(), m.w-1), m.w, 1))
}

// statusFields builds every field in all its forms.
func (m *Model) statusFields() []statusField {
	f := make([]statusField, stCount)
	set := func(i int, forms ...string) { f[i].forms = forms }
	set(stJournal, m.journalStatus()...)
	set(stSlice, fmt.Sprintf("%s %d/%d", m.plane, m.n+1, m.view().Depth))
	set(stZoom, m.zoomForms()...) // with the region the model sees

	win := m.window()
	if m.frame.window.Width > 0 && win.IsAuto() {
		win = m.frame.window
	}
	short := win
	short.Name = ""
	set(stWindow, win.String(), short.String())

	ijk, val := m.hu()
	unit := ""
	if m.sess.CT {
		unit = " HU"
	}
	vox := fmt.Sprintf("(%d,%d,%d) %.0f%s", ijk[0], ijk[1], ijk[2], val, unit)
	set(stCursor, fmt.Sprintf("cursor (%d,%d) voxel %s", m.cx, m.cy, vox), "voxel "+vox, vox)

	switch {
	case m.stableStatus:
		set(stLatency, "enc – dec –")
	default:
		set(stLatency, fmt.Sprintf("enc %s dec %s", ms(m.encLatency()), ms(m.decDur))+m.linkStatus())
		if long, short := m.precomputeStatus(); long != "" {
			set(stPrecompute, long, short, "")
		}
	}

	p := fmt.Sprintf("%d+ %d−", countPoints(m.points, true), countPoints(m.points, false))
	if m.box != nil {
		p += " box"
	} else if m.corner != nil {
		p += " box…"
	}
	shortP := p
	if len(m.points) == 0 && m.box == nil && m.corner == nil {
		shortP = "" // nothing placed: nothing to say when room is short
	}
	set(stPrompts, "prompts "+p, shortP, "")

	if m.busy != "" {
		set(stBusy, "⟳ "+m.busy, "⟳")
	} else if p := m.propStatus(); p != "" {
		set(stBusy, "⟳ "+p, "⟳")
	}
	return f
}

// fitStatus joins the fields, shortening them in statusDegrade order until
// the line fits w cells; if it still does not, it ends at the last whole
// field that fits, never in the middle of one.
func fitStatus(f []statusField, w int) string {
	line := func() string {
		var parts []string
		for _, x := range f {
			if len(x.forms) > 0 && x.forms[x.at] != "" {
				parts = append(parts, x.forms[x.at])
			}
		}
		return strings.Join(parts, statusSep)
	}
	s := line()
	for _, i := range statusDegrade {
		if ansi.StringWidth(s) <= w {
			return s
		}
		if f[i].at+1 < len(f[i].forms) {
			f[i].at++
			s = line()
		}
	}
	for ansi.StringWidth(s) > w {
		i := strings.LastIndex(s, statusSep)
		if i < 0 {
			return ansi.Truncate(s, w, "…")
		}
		s = s[:i]
	}
	return s
}
