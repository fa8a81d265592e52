package tui

// messageLine is the bottom line's state: the last message (or error) and
// a notice queued for the next one; tui/statusbar draws it (hintsView in
// status.go), and with no message the line shows the focused pane's key
// hints. It is embedded in Model so m.msg reads as before; the root sets
// messages (setMsg, setErr in model.go), since they carry the journal's
// health.
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
