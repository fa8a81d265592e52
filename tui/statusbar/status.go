package statusbar

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/render"
	"github.com/segtui/segtui/tui/common"
)

// Status is what the status line shows of the open case.
type Status struct {
	Open    bool     // a case is open; the rest is unset otherwise
	Journal []string // the warning while edits are not journaled, ever shorter; nil: none

	Plane        datasets.Plane
	Slice, Depth int      // Slice 0-based
	Zoom         []string // the zoom and the region the model sees, ever shorter; nil at 1x
	Window       render.Window

	CursorX, CursorY int
	Voxel            [3]int  // under the cursor
	Value            float32 // the voxel's value
	CT               bool    // Value is in HU

	// Stable hides timings and cache counts (golden tests): Enc, Link and
	// the precompute forms are not shown.
	Stable                      bool
	Enc, Dec                    time.Duration // the last encoder and decoder runs; 0: none yet
	Link                        string        // the link's note, appended to the latencies
	Precompute, PrecomputeShort string        // "" drops the field

	Positive, Negative int  // prompt points
	Box, Corner        bool // a box is placed; its first corner is
	Busy               string
	Propagating        string // the busy field when Busy is empty
}

// Field is one part of the status line in ever shorter forms; an empty
// form drops the field.
type Field struct {
	Forms []string
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

// StatusView is the status line, shortened to fit the width.
func (m Model) StatusView() string {
	if !m.status.Open {
		return m.st.StatusLine.Render(common.FitBlock(" no case open", m.w, 1))
	}
	return m.st.StatusLine.Render(common.FitBlock(" "+fitStatus(Fields(m.status), m.w-1), m.w, 1))
}

// Fields builds every field of s in all its forms.
func Fields(s Status) []Field {
	f := make([]Field, stCount)
	set := func(i int, forms ...string) { f[i].Forms = forms }
	set(stJournal, s.Journal...)
	set(stSlice, fmt.Sprintf("%s %d/%d", s.Plane, s.Slice+1, s.Depth))
	set(stZoom, s.Zoom...)

	short := s.Window
	short.Name = ""
	set(stWindow, s.Window.String(), short.String())

	unit := ""
	if s.CT {
		unit = " HU"
	}
	vox := fmt.Sprintf("(%d,%d,%d) %.0f%s", s.Voxel[0], s.Voxel[1], s.Voxel[2], s.Value, unit)
	set(stCursor, fmt.Sprintf("cursor (%d,%d) voxel %s", s.CursorX, s.CursorY, vox), "voxel "+vox, vox)

	switch {
	case s.Stable:
		set(stLatency, "enc – dec –")
	default:
		set(stLatency, fmt.Sprintf("enc %s dec %s", ms(s.Enc), ms(s.Dec))+s.Link)
		if s.Precompute != "" {
			set(stPrecompute, s.Precompute, s.PrecomputeShort, "")
		}
	}

	p := fmt.Sprintf("%d+ %d−", s.Positive, s.Negative)
	if s.Box {
		p += " box"
	} else if s.Corner {
		p += " box…"
	}
	shortP := p
	if s.Positive+s.Negative == 0 && !s.Box && !s.Corner {
		shortP = "" // nothing placed: nothing to say when room is short
	}
	set(stPrompts, "prompts "+p, shortP, "")

	if s.Busy != "" {
		set(stBusy, "⟳ "+s.Busy, "⟳")
	} else if s.Propagating != "" {
		set(stBusy, "⟳ "+s.Propagating, "⟳")
	}
	return f
}

// fitStatus joins the fields, shortening them in statusDegrade order until
// the line fits w cells; if it still does not, it ends at the last whole
// field that fits, never in the middle of one.
func fitStatus(f []Field, w int) string {
	line := func() string {
		var parts []string
		for _, x := range f {
			if len(x.Forms) > 0 && x.Forms[x.at] != "" {
				parts = append(parts, x.Forms[x.at])
			}
		}
		return strings.Join(parts, statusSep)
	}
	s := line()
	for _, i := range statusDegrade {
		if ansi.StringWidth(s) <= w {
			return s
		}
		if f[i].at+1 < len(f[i].Forms) {
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

func ms(d time.Duration) string {
	if d.Milliseconds() == 0 {
		return "–"
	}
	return fmt.Sprintf("%dms", d.Milliseconds())
}
