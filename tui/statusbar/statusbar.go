// Package statusbar draws the TUI's one-line bars: the model bar at the
// top (variants, device, image protocol, overlays), the status line under
// the panes (slice, zoom, window, cursor value, latencies, precompute,
// prompts, busy, journal warning) and the message line at the bottom (the
// last message or error; with none, the root shows tui/help's key hints
// there). It owns their formatting and how the status line gives up room;
// the root fills plain snapshots (Bar, Status, Message) from the session,
// engines and journal before each View.
package statusbar

import "github.com/segtui/segtui/tui/common"

// Model draws the three bars w cells wide from the last snapshots set.
type Model struct {
	st     common.Styles
	w      int
	bar    Bar
	status Status
	msg    Message
}

// New draws with st.
func New(st common.Styles) Model { return Model{st: st} }

// SetSize sets the bars' width in cells.
func (m *Model) SetSize(w int) { m.w = w }

// SetBar sets what the next BarView shows.
func (m *Model) SetBar(b Bar) { m.bar = b }

// SetStatus sets what the next StatusView shows.
func (m *Model) SetStatus(s Status) { m.status = s }

// SetMessage sets what the next MessageView shows.
func (m *Model) SetMessage(msg Message) { m.msg = msg }
