package tui

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/segtui/segtui/tui/help"
)

// messageLine is the bottom line's state: the last message (or error) and
// a notice queued for the next one; with no message the line shows the
// focused pane's key hints. It is embedded in Model so m.msg reads as
// before; the root sets messages (setMsg, setErr in model.go), since they
// carry the journal's health.
type messageLine struct {
	msg    string
	msgErr bool
	notice string // shown once, ahead of the next message
}

// addNotice queues a line to show once, ahead of the next message.
func (l *messageLine) addNotice(s string) {
	if l.notice != "" {
		s = l.notice + " · " + s
	}
	l.notice = s
}

// view draws the line w cells wide: the message, or the hints.
func (l *messageLine) view(st Styles, hints func() []key.Binding, w int) string {
	if l.msg != "" {
		style := st.Dim
		if l.msgErr {
			style = st.Err
		}
		return fitBlock(" "+style.Render(l.msg), w, 1)
	}
	return help.ShortView(st, hints(), w)
}
