package tui

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// asyncLoop runs a model the way Bubble Tea does: every command on its own
// goroutine, every message through Update on the test's goroutine. Unlike
// drive, a command that blocks (an encoder held up on purpose) does not
// stop the others.
type asyncLoop struct {
	m    *Model
	msgs chan tea.Msg
}

func newAsyncLoop(m *Model) *asyncLoop {
	return &asyncLoop{m: m, msgs: make(chan tea.Msg, 256)}
}

func (a *asyncLoop) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		switch msg := cmd().(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range msg {
				a.run(c)
			}
		default:
			a.msgs <- msg
		}
	}()
}

// send delivers msg now and starts what it causes.
func (a *asyncLoop) send(msg tea.Msg) {
	_, cmd := a.m.Update(msg)
	a.run(cmd)
}

// until handles messages until cond holds; it fails the test after limit
// (a hang, not a speed check: the limit is far above the expected time).
func (a *asyncLoop) until(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.After(limit)
	for !cond() {
		select {
		case msg := <-a.msgs:
			a.send(msg)
		case <-time.After(10 * time.Millisecond): // cond may change off the loop (an encoder)
		case <-deadline:
			t.Fatalf("gave up waiting for %s after %s; status: %s; message: %s", what, limit, stripANSI(a.m.statusView()), a.m.msg)
		}
	}
}
