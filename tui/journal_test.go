package tui

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets/phantom"
)

// A session killed without saving leaves a journal; the next start on the
// same data offers it and y restores every edit, undo included.
func TestJournalRestoreAfterKill(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	a := New(context.Background(), cfg, asciiRenderer())
	drive(a, sizeMsg(120, 40))
	drive(a, runCmd(a.Init())...)
	press(a, "a", ".", ".", "a", "u", ".", "a")
	want := append([]uint16(nil), a.sess.Edit.Labels...)
	labelled := a.sess.LabelledCount()
	if labelled != 2 {
		t.Fatalf("setup: %d labelled slices, want 2", labelled)
	}
	// No save, no Close: as if the process were killed.

	b := New(context.Background(), cfg, asciiRenderer())
	t.Cleanup(b.Close)
	drive(b, sizeMsg(120, 40))
	drive(b, runCmd(b.Init())...)
	if b.restore == nil {
		t.Fatal("no restore offer on the second start")
	}
	v := b.View()
	if !strings.Contains(v, "Journaled edits found") || !strings.Contains(v, "4 edits, 4 not saved") {
		t.Fatalf("restore prompt:\n%s", v)
	}
	press(b, "y")
	if b.sess.LabelledCount() != labelled || b.sess.Dirty() == 0 {
		t.Fatalf("restored %d labelled slices (dirty %d), want %d", b.sess.LabelledCount(), b.sess.Dirty(), labelled)
	}
	for i := range want {
		if b.sess.Edit.Labels[i] != want[i] {
			t.Fatalf("voxel %d: restored %d, want %d", i, b.sess.Edit.Labels[i], want[i])
		}
	}
	// Further edits append to the same journal.
	press(b, "a")
	if pj, err := readJournal(cfg.OutDir, cfg.Root, phantom.CaseID, b.sess.Image.Dim); err != nil || len(pj.Records) != 5 {
		t.Fatalf("journal after restore: %v, %+v", err, pj)
	}
}

func TestJournalDeclineKeepsFileAside(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	a := newTestModelCfg(t, cfg)
	press(a, "a")
	b := New(context.Background(), cfg, asciiRenderer())
	t.Cleanup(b.Close)
	drive(b, sizeMsg(120, 40))
	drive(b, runCmd(b.Init())...)
	press(b, "n")
	if b.restore != nil || b.sess.LabelledCount() != 0 {
		t.Fatal("n should start empty")
	}
	ents, _ := os.ReadDir(cfg.OutDir + "/.journal")
	aside := 0
	for _, e := range ents {
		if strings.Contains(e.Name(), ".discarded-") {
			aside++
		}
	}
	if aside != 1 {
		t.Errorf("declined journal not kept aside: %v", ents)
	}
}

func TestJournalTornLastLineAndMismatch(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	a := newTestModelCfg(t, cfg)
	press(a, "a", ".", "a")
	path := a.journal.Path()
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"op":"accept","plane":0,"n":3,"labelled":true,"rle":[0,12`)
	f.Close()
	pj, err := readJournal(cfg.OutDir, cfg.Root, phantom.CaseID, a.sess.Image.Dim)
	if err != nil || len(pj.Records) != 2 || !strings.Contains(pj.Warning, "incomplete last record") {
		t.Fatalf("torn line: err %v, %+v", err, pj)
	}
	_, err = readJournal(cfg.OutDir, cfg.Root, phantom.CaseID, [3]int{10, 10, 10})
	if err == nil || !strings.Contains(err.Error(), "is [10 10 10]") {
		t.Errorf("shape mismatch error: %v", err)
	}
	// A bad record in the middle is an error, not a silent skip.
	data, _ := os.ReadFile(path)
	lines := strings.Split(string(data), "\n")
	lines[1] = "garbage"
	os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644)
	if _, err := readJournal(cfg.OutDir, cfg.Root, phantom.CaseID, a.sess.Image.Dim); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("corrupt middle record: %v", err)
	}
}

func TestRLE(t *testing.T) {
	in := []uint16{0, 0, 0, 5, 5, 1, 0}
	out, err := decodeRLE(encodeRLE(in), len(in))
	if err != nil || len(out) != len(in) {
		t.Fatal(err)
	}
	for i := range in {
		if in[i] != out[i] {
			t.Fatalf("round trip %v -> %v", in, out)
		}
	}
	for _, bad := range [][]uint32{{0, 3}, {0, 9}, {0}, {70000, 7}, {0, 1 << 31}} {
		if _, err := decodeRLE(bad, 7); err == nil {
			t.Errorf("decodeRLE(%v) accepted bad runs", bad)
		}
	}
}

func TestSafeFileName(t *testing.T) {
	for in, want := range map[string]string{"../../etc/passwd": ".._.._etc_passwd", "..": "case", "a b\x1b[31m": "a_b", "FLARE22_Tr_0001": "FLARE22_Tr_0001"} {
		if got := safeFileName(in); got != want {
			t.Errorf("safeFileName(%q) = %q, want %q", in, got, want)
		}
	}
}
