package tui

import (
	"cmp"

	"github.com/segtui/segtui/tui/help"
	"github.com/segtui/segtui/tui/statusbar"
)

// The model bar, status line and message line are drawn by tui/statusbar
// from snapshots filled here: their fields are the session's, the
// engines', the journal's and the image pane's.

func (m *Model) modelBar() string {
	d := statusbar.Bar{
		Graphics: cmp.Or(string(m.cfg.Graphics), string(GraphicsNone)),
		ViaTmux:  m.cfg.Passthrough && m.usesGraphics(),
		GT:       m.pane.ShowGT(), Pred: m.pane.ShowPred(), Opacity: m.pane.Opacity(),
	}
	if len(m.slots) > 0 {
		for _, s := range m.slots {
			d.Models = append(d.Models, s.entry.Name)
		}
		d.Active = m.engine
		d.Device, d.NoCUDA = m.slots[m.engine].device()
	}
	b := statusbar.New(m.st)
	b.SetSize(m.w)
	b.SetBar(d)
	return b.BarView()
}

func (m *Model) statusView() string {
	b := statusbar.New(m.st)
	b.SetSize(m.w)
	b.SetStatus(m.statusData())
	return b.StatusView()
}

// statusFields is the status line's fields in all their forms.
func (m *Model) statusFields() []statusbar.Field { return statusbar.Fields(m.statusData()) }

// statusData is the status line's snapshot of the open case.
func (m *Model) statusData() statusbar.Status {
	if m.sess == nil {
		return statusbar.Status{}
	}
	win := m.window()
	if m.frame.window.Width > 0 && win.IsAuto() {
		win = m.frame.window // what auto resolved to on this slice
	}
	ijk, val := m.hu()
	d := statusbar.Status{
		Open: true, Journal: m.journalStatus(),
		Plane: m.plane, Slice: m.n, Depth: m.view().Depth,
		Zoom: m.zoomForms(), Window: win,
		CursorX: m.cx, CursorY: m.cy, Voxel: ijk, Value: val, CT: m.sess.CT,
		Stable: m.stableStatus, Dec: m.decDur,
		Positive: countPoints(m.points, true), Negative: countPoints(m.points, false),
		Box: m.box != nil, Corner: m.corner != nil,
		Busy: m.busy, Propagating: m.propStatus(),
	}
	if !m.stableStatus {
		d.Enc, d.Link = m.encLatency(), m.linkStatus()
		d.Precompute, d.PrecomputeShort = m.precomputeStatus()
	}
	return d
}

// hintsView is the message line: the message (tui/statusbar), else the
// focused pane's key hints (tui/help).
func (m *Model) hintsView() string {
	if m.msg == "" {
		return help.ShortView(m.st, m.hintBindings(), m.w)
	}
	b := statusbar.New(m.st)
	b.SetSize(m.w)
	b.SetMessage(statusbar.Message{Text: m.msg, Err: m.msgErr})
	return b.MessageView()
}
