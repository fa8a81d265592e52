package tui

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets/phantom"
)

// startModel opens cfg's first case as a fresh process would.
func startModel(t *testing.T, cfg Config) *Model {
	t.Helper()
	m := New(context.Background(), cfg, asciiRenderer())
	t.Cleanup(m.Close)
	drive(m, sizeMsg(120, 40))
	drive(m, runCmd(m.Init())...)
	if m.sess == nil {
		t.Fatalf("case did not open: %s", m.msg)
	}
	return m
}

// The repro: 3 edits, kill -9, the journal's last 200 bytes torn
// off, restart and y, 2 more edits, kill -9, restart: the 4 edits whose
// records are whole must all come back. Appending glued the next record
// onto the torn one, and the journal was then refused as a whole.
func TestJournalAppendAfterTornTail(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	a := startModel(t, cfg)
	press(a, "a", ".", "a", ".", "a")
	path := a.journal.Path()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, st.Size()-200); err != nil { // a torn last record
		t.Fatal(err)
	}

	b := startModel(t, cfg)
	if b.restore == nil {
		t.Fatalf("no restore offer after a torn last record: %s", b.msg)
	}
	press(b, "y")
	if got := b.sess.LabelledCount(); got != 2 {
		t.Fatalf("restored %d labelled slices, want the 2 whole records", got)
	}
	press(b, ".", "a", ".", "a")
	want := slices.Clone(b.sess.Edit.Labels)

	c := startModel(t, cfg)
	if c.restore == nil {
		t.Fatalf("no restore offer on the third start: %s", c.msg)
	}
	if got := len(c.restore.Records); got != 4 {
		t.Fatalf("third start offers %d records, want 4 (%s)", got, c.restore.Warning)
	}
	press(c, "y")
	if !slices.Equal(c.sess.Edit.Labels, want) {
		t.Fatal("restored labels differ from those the second session had accepted")
	}
}

// A damaged line in the middle of a journal (a torn record that an older
// version glued the next one onto) costs that line, not the journal: the
// records around it are restored and the prompt names the line.
func TestJournalRestoreSkipsDamagedLine(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	a := startModel(t, cfg)
	press(a, "a", ".", "a", ".", "a", ".", "a")
	path := a.journal.Path()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	lines[2] = lines[2][:len(lines[2])/2] + lines[3] // line 3 torn, line 4 glued on
	lines = slices.Delete(lines, 3, 4)
	if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	pj, err := readJournal(cfg.OutDir, cfg.Root, phantom.CaseID, a.sess.Image.Dim)
	if err != nil {
		t.Fatalf("a damaged middle line refused the whole journal: %v", err)
	}
	if len(pj.Records) != 2 || !strings.Contains(pj.Warning, "line 3") {
		t.Fatalf("%d records, warning %q; want the 2 whole records and a warning naming line 3", len(pj.Records), pj.Warning)
	}
	b := startModel(t, cfg)
	if v := stripANSI(b.View()); !strings.Contains(v, "line 3") {
		t.Errorf("the restore prompt does not name the damaged line:\n%s", v)
	}
}
