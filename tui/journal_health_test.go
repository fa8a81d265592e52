package tui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// statusLine is the view's status line (the one before the message line).
func statusLine(m *Model) string {
	lines := strings.Split(stripANSI(m.View()), "\n")
	return lines[len(lines)-2]
}

// fillJournal points the journal at /dev/full, where every write fails
// with "no space left on device" (the kernel's own disk-full error), until
// the returned function frees the space again.
func fillJournal(t *testing.T, j *Journal) (free func()) {
	t.Helper()
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full to inject a disk-full error: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	disk := j.f
	j.f = f
	return func() { j.f = disk }
}

// restoreAll starts a fresh model on cfg, answers y and returns its labels.
func restoreAll(t *testing.T, cfg Config) []uint16 {
	t.Helper()
	m := startModel(t, cfg)
	if m.restore == nil {
		t.Fatalf("no restore offer: %s", m.msg)
	}
	press(m, "y")
	return slices.Clone(m.sess.Edit.Labels)
}

// A journal write that fails (disk full) is said on the status line until
// the journal works again, whatever message comes after it; once it works,
// the slices it missed are written, so a restart restores every edit.
func TestJournalWriteFailureStaysVisible(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	m := startModel(t, cfg)
	press(m, "a")
	free := fillJournal(t, m.journal)
	press(m, ".", "a")
	for _, step := range [][]string{nil, {".", "a"}, {"u"}, {"ctrl+r"}} {
		press(m, step...)
		st, msg := statusLine(m), stripANSI(lastLine(m))
		if !strings.Contains(st, "not journaled") || !strings.Contains(st, "no space left on device") {
			t.Fatalf("after %v the status line does not say edits are not journaled:\n%s", step, st)
		}
		if !strings.Contains(msg, "not journaled") {
			t.Fatalf("after %v the message line reads as a plain success: %q", step, msg)
		}
	}
	free()
	press(m, ".", "a")
	if st := statusLine(m); strings.Contains(st, "not journaled") {
		t.Errorf("the warning outlived the failure:\n%s", st)
	}
	want := slices.Clone(m.sess.Edit.Labels)
	if got := restoreAll(t, cfg); !slices.Equal(got, want) {
		t.Error("the restored labels miss edits made while the disk was full")
	}
}

// A journal that cannot be opened is retried at every edit and said on the
// status line meanwhile; when the folder is fixed, every edit made before
// is written.
func TestJournalOpenFailureRetried(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	block := filepath.Join(cfg.OutDir, ".journal")
	if err := os.WriteFile(block, []byte("in the way"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := startModel(t, cfg)
	press(m, "a", ".", "a")
	if st := statusLine(m); !strings.Contains(st, "not journaled") {
		t.Fatalf("status line does not say edits are not journaled:\n%s", st)
	}
	if err := os.Remove(block); err != nil {
		t.Fatal(err)
	}
	press(m, ".", "a")
	if st := statusLine(m); strings.Contains(st, "not journaled") {
		t.Errorf("the warning outlived the failure:\n%s", st)
	}
	want := slices.Clone(m.sess.Edit.Labels)
	if got := restoreAll(t, cfg); !slices.Equal(got, want) {
		t.Error("the restored labels miss the edits made before the journal could be opened")
	}
}

// The quit prompt promises a journal only when every unsaved edit is in
// it; otherwise it says the edits would be lost (item 3).
func TestQuitPromptWithoutJournal(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	if err := os.WriteFile(filepath.Join(cfg.OutDir, ".journal"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	m := startModel(t, cfg)
	press(m, "a", "q")
	v := stripANSI(m.View())
	if strings.Contains(v, "stay in the journal") {
		t.Fatalf("the quit prompt promises a journal that does not exist:\n%s", v)
	}
	if !strings.Contains(v, "lose") {
		t.Errorf("the quit prompt does not say the edit would be lost:\n%s", v)
	}

	ok := startModel(t, phantomConfig(t, GraphicsNone))
	press(ok, "a", "q")
	if v := stripANSI(ok.View()); !strings.Contains(v, "stay in the journal") {
		t.Errorf("with a working journal the prompt should say the edits stay in it:\n%s", v)
	}
}

// A save while the journal cannot be written leaves the journal's records
// older than the label file: the next start must not replay them over it
// (slice edited before and during the failure keeps its newer labels).
func TestSaveWhileJournalFailsIsNotUndoneByRestore(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	m := startModel(t, cfg)
	press(m, "a") // journaled
	fillJournal(t, m.journal)
	press(m, "esc", " ", "enter") // the same slice again, only in memory
	press(m, "s")
	if !strings.HasPrefix(m.msg, "saved ") {
		t.Fatalf("save: %s", m.msg)
	}
	want := slices.Clone(m.sess.Edit.Labels)
	m.Close()
	b := startModel(t, cfg)
	if b.restore != nil {
		press(b, "y")
	}
	if !slices.Equal(b.sess.Edit.Labels, want) {
		t.Error("the next start reverted labels that were saved while the journal failed")
	}
}

// The --out folder removed mid-session (rm -rf): appends would go on into
// the unlinked file and reach no disk. The journal is opened anew and every
// slice this session edited or holds is written again, so a restart
// restores them all.
func TestJournalRemovedMidSession(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	m := startModel(t, cfg)
	press(m, "a", ",", "a", "s", ",", "a", "u")
	if err := os.RemoveAll(cfg.OutDir); err != nil {
		t.Fatal(err)
	}
	press(m, ",", "a")
	want := slices.Clone(m.sess.Edit.Labels)
	if got := restoreAll(t, cfg); !slices.Equal(got, want) {
		t.Error("edits made before the --out folder was removed were not restored")
	}
}

// Opening another case replaces the session: with edits that are only in
// memory (the journal failing), it is refused until they are saved.
func TestOpenAnotherCaseKeepsUnjournaledEdits(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	m := startModel(t, cfg)
	fillJournal(t, m.journal)
	press(m, "a")
	want := slices.Clone(m.sess.Edit.Labels)
	drive(m, runCmd(m.openCase(1))...)
	if m.opened != 0 || !slices.Equal(m.sess.Edit.Labels, want) {
		t.Fatal("opening another case dropped edits that were not journaled")
	}
	if !strings.Contains(m.msg, "not journaled") {
		t.Errorf("the message does not say why the case stays open: %q", m.msg)
	}
	press(m, "s")
	drive(m, runCmd(m.openCase(1))...)
	if m.opened != 1 {
		t.Errorf("after a save the other case should open: %s", m.msg)
	}
}
