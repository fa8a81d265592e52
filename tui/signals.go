package tui

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"golang.org/x/sys/unix"
)

// TerminatedError is what Run returns when a signal (SIGTERM, SIGHUP, or
// SIGINT without a terminal) ended the program: the signal, and what
// became of the unsaved edits, for the shell the user returns to.
type TerminatedError struct {
	Signal syscall.Signal
	Edits  string
}

func (e *TerminatedError) Error() string {
	return fmt.Sprintf("ended by %s; %s", unix.SignalName(e.Signal), e.Edits)
}

// ExitCode is the shell's convention for a signal: 128 + its number.
func (e *TerminatedError) ExitCode() int { return 128 + int(e.Signal) }

// terminatedMsg tells the model a signal asked the program to end.
type terminatedMsg struct{ sig syscall.Signal }

// graceAfterSignal is how long a program busy elsewhere may take to quit
// after a signal before it is ended at once (every edit is already in the
// journal, fsynced, so ending hard loses nothing the journal has).
const graceAfterSignal = 5 * time.Second

// watchSignals turns SIGTERM, SIGHUP and SIGINT into a terminatedMsg, so
// the program quits through the model and can say where the edits are; a
// second signal, or no quit within the grace period, exits at once.
func watchSignals(p *tea.Program) (stop func()) {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT)
	done := make(chan struct{})
	go func() {
		var sig syscall.Signal
		select {
		case s := <-ch:
			sig = s.(syscall.Signal)
		case <-done:
			return
		}
		p.Send(terminatedMsg{sig})
		select {
		case <-ch:
		case <-time.After(graceAfterSignal):
		case <-done:
			return
		}
		os.Exit(128 + int(sig))
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}

// onTerminated quits, remembering the signal for Run's report.
func (m *Model) onTerminated(msg terminatedMsg) tea.Cmd {
	m.terminated = msg.sig
	return m.quit()
}

// editsOnExit says what became of the unsaved edits when the program ends
// without the user's say: in the journal (and how to get them back), or
// lost because the journal could not be written.
func (m *Model) editsOnExit() string {
	if m.sess == nil || m.sess.Dirty() == 0 {
		return "no unsaved edits"
	}
	if !m.jh.journaled() {
		return fmt.Sprintf("%d unsaved edits; those of %d slices could not be journaled (%s) and are lost", m.sess.Dirty(), len(m.jh.pending), m.jh.cause())
	}
	return fmt.Sprintf("%d unsaved edits are in the journal %s: start segtui on the same data to restore them",
		m.sess.Dirty(), journalPath(m.cfg.OutDir, m.cfg.Root, m.cfg.Cases[m.opened].ID))
}
