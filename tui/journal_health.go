package tui

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/segtui/segtui/datasets"
)

// journalHealth tracks whether edits reach the journal. While writing (or
// opening) fails, the slices whose state is only in memory are remembered;
// the next write that works writes their current state first, so the
// journal catches up once space is freed or the folder is fixed, and until
// then the status line says edits are not journaled.
type journalHealth struct {
	err     error             // the latest failure; nil while the journal works
	pending map[sliceKey]bool // slices edited since their state last reached the journal
	touched map[sliceKey]bool // slices journaled this session (rewritten if the journal vanishes)
	// blocked: the case's journal file exists but is not readable as this
	// case's journal and could not be set aside, so nothing is appended
	// to it (that would mix two journals).
	blocked bool
}

// journaled reports whether every edit of the session is in the journal.
func (h *journalHealth) journaled() bool { return len(h.pending) == 0 }

// reset forgets a closed case's state.
func (h *journalHealth) reset() { *h = journalHealth{} }

// failed records a failure with the slices now missing from the journal.
func (h *journalHealth) failed(err error) { h.err = err }

// cause is the failure's reason in a few words: the system's (no space
// left on device, read-only file system) when there is one.
func (h *journalHealth) cause() string {
	var errno syscall.Errno
	if errors.As(h.err, &errno) {
		return errno.Error()
	}
	return datasets.SanitizeText(h.err.Error())
}

// journalAppend records a slice's new state (labels and scope, the
// session's current ones) in the journal, first writing any slice an
// earlier failure left out; a failure keeps the slice pending.
func (m *Model) journalAppend(op string, k sliceKey, labels []uint16, scope classScope) {
	if m.jh.pending == nil {
		m.jh.pending, m.jh.touched = map[sliceKey]bool{}, map[sliceKey]bool{}
	}
	m.jh.pending[k] = true
	m.jh.touched[k] = true
	if m.jh.blocked {
		return
	}
	if m.journal != nil && !m.journal.onDisk() {
		m.journalVanished()
	}
	if m.journal == nil {
		if m.jh.err == nil {
			// A restore offer is open, or the case has not opened: the
			// journal opens after them and catches up.
			return
		}
		m.openJournal()
		if m.journal == nil {
			return
		}
	}
	caught := 0
	keys := slices.SortedFunc(maps.Keys(m.jh.pending), func(a, b sliceKey) int {
		return cmp.Or(cmp.Compare(a.Plane, b.Plane), cmp.Compare(a.N, b.N))
	})
	for _, pk := range keys {
		var err error
		if pk == k {
			err = m.journal.Append(op, k, labels, scope)
		} else {
			pl, _ := m.sess.Edit.Slice(pk.Plane, pk.N)
			err = m.journal.Append("sync", pk, pl, m.sess.Scope(pk))
			caught++
		}
		if err != nil {
			m.jh.failed(err)
			return
		}
		delete(m.jh.pending, pk)
	}
	if m.jh.err != nil {
		m.jh.err = nil
		m.addNotice(fmt.Sprintf("the journal is written again (%d slices caught up)", caught+1))
	}
}

// journalVanished handles a journal file that is no longer where it was
// (its folder removed): writing on would reach no disk. A new journal gets
// every slice this session edited and every labelled slice (those loaded
// from a label file that may have gone with the folder).
func (m *Model) journalVanished() {
	gone := m.journal.Path()
	m.journal.Close()
	m.journal = nil
	for k := range m.jh.touched {
		m.jh.pending[k] = true
	}
	for k := range m.sess.labelled {
		m.jh.pending[k] = true
	}
	m.jh.failed(fmt.Errorf("journal %s was removed", gone))
	m.addNotice(fmt.Sprintf("the journal %s was removed: writing the %d slices of this session to a new one", filepath.Base(gone), len(m.jh.pending)))
	m.labels.seen = nil // the label file may be gone or replaced too
	m.openJournal()
}

// journalSaved records a save: the label file holds every edit, so none
// is only in memory any more. A journal that cannot record the save is
// set aside: its records are all in the file, and a restart must not
// replay them over the newer labels there.
func (m *Model) journalSaved(path string) {
	clear(m.jh.pending)
	if m.journal == nil {
		return
	}
	err := m.journal.Saved(path)
	if err == nil {
		return
	}
	m.journal.Close()
	jp := m.journal.Path()
	m.journal = nil
	m.jh.failed(err)
	if rerr := os.Rename(jp, jp+".superseded-"+time.Now().UTC().Format("20060102T150405")); rerr != nil && !os.IsNotExist(rerr) {
		m.jh.failed(fmt.Errorf("%w; setting the journal aside: %w", err, rerr))
	}
}

// journalStatus is the status line's warning while edits are not
// journaled, in ever shorter forms; none when all is well.
func (m *Model) journalStatus() []string {
	if m.jh.err == nil && !m.jh.blocked {
		return nil
	}
	n := len(m.jh.pending)
	cause := m.jh.cause()
	return []string{
		fmt.Sprintf("⚠ edits not journaled (%d slices only in memory): %s", n, cause),
		fmt.Sprintf("⚠ not journaled (%d): %s", n, cause),
		"⚠ not journaled",
	}
}

// journalWarning is appended to messages while edits are not journaled,
// so a success message cannot hide it.
func (m *Model) journalWarning() string {
	if m.jh.err == nil && !m.jh.blocked {
		return ""
	}
	return "edits not journaled: " + m.jh.cause() + " (s saves them to a label file)"
}

// setJournalAside handles a journal that exists but cannot be read as this
// case's: it is renamed aside (never deleted) and a new one started; when
// even that fails, nothing is appended to it and the status line says so.
func (m *Model) setJournalAside(readErr error) {
	p := journalPath(m.cfg.OutDir, m.cfg.Root, m.cfg.Cases[m.opened].ID)
	if _, err := os.Lstat(p); err != nil {
		m.jh.failed(readErr) // nothing there to set aside: opening is retried
		m.openJournal()
		return
	}
	aside := p + ".unreadable-" + time.Now().UTC().Format("20060102T150405")
	if err := os.Rename(p, aside); err != nil {
		m.jh.failed(fmt.Errorf("%w; setting it aside: %w", readErr, err))
		m.jh.blocked = true
		m.setErr(m.jh.err)
		return
	}
	m.addNotice(fmt.Sprintf("%s; kept it as %s and started a new journal", datasets.SanitizeText(readErr.Error()), filepath.Base(aside)))
	m.openJournal()
	m.setMsg("opened %s", m.sess.CaseID)
}
