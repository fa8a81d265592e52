package tui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
)

// labelTen labels ten axial slices with a (moving down each time), saves
// and returns the labels accepted.
func labelTen(t *testing.T, m *Model) []uint16 {
	t.Helper()
	for range 10 {
		press(m, "a", ",")
	}
	press(m, "s")
	if !strings.HasPrefix(m.msg, "saved ") {
		t.Fatalf("save: %s", m.msg)
	}
	return slices.Clone(m.sess.Edit.Labels)
}

// labelFiles lists the label files under dir with their labelled axial
// slice counts.
func labelFiles(t *testing.T, dir string) map[string]int {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*_labels.nii.gz"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, p := range names {
		l, err := nifti.ReadLabels(p)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for k := range l.Dim[2] {
			s, _ := l.Slice(datasets.Axial, k)
			if slices.ContainsFunc(s, func(v uint16) bool { return v != 0 }) {
				n++
			}
		}
		out[filepath.Base(p)] = n
	}
	return out
}

// After n to the restore offer, the saved label file is the starting
// point: a save after one more edit holds 11 slices, not 1.
func TestSaveAfterDecliningRestoreKeepsLabels(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	a := startModel(t, cfg)
	labelTen(t, a)
	press(a, "a") // one unsaved edit, so the next start offers a restore

	b := startModel(t, cfg)
	if b.restore == nil {
		t.Fatal("no restore offer")
	}
	press(b, "n")
	if got := b.sess.LabelledCount(); got != 10 {
		t.Fatalf("after n the session has %d labelled slices; want the 10 of the saved file (%s)", got, b.msg)
	}
	press(b, ".", "a", "s")
	if got := labelFiles(t, cfg.OutDir); got["PHANTOM_0001_labels.nii.gz"] != 11 || len(got) != 1 {
		t.Errorf("label files %v; want PHANTOM_0001_labels.nii.gz with 11 slices", got)
	}
}

// Without the journal (deleted), the label file is still loaded at open.
func TestSaveWithoutJournalLoadsLabels(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	a := startModel(t, cfg)
	want := labelTen(t, a)
	a.Close()
	if err := os.RemoveAll(filepath.Join(cfg.OutDir, ".journal")); err != nil {
		t.Fatal(err)
	}
	b := startModel(t, cfg)
	if !slices.Equal(b.sess.Edit.Labels, want) || b.sess.LabelledCount() != 10 || b.sess.Dirty() != 0 {
		t.Fatalf("the saved labels were not loaded at open (%d labelled, %d unsaved): %s", b.sess.LabelledCount(), b.sess.Dirty(), b.msg)
	}
	press(b, ".", "a", "s")
	if got := labelFiles(t, cfg.OutDir); got["PHANTOM_0001_labels.nii.gz"] != 11 {
		t.Errorf("label files %v; want 11 slices in PHANTOM_0001_labels.nii.gz", got)
	}
}

// Case ids that sanitise to one name ("liver 01", "liver_01", and ids
// differing only in control or non-ASCII characters) save to files of
// their own.
func TestSaveNamesUniquePerCase(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	ids := []string{"liver_01", "liver 01", "liver\x0701", "liver\u00e901"}
	cfg.Cases = nil
	for _, id := range ids {
		cfg.Cases = append(cfg.Cases, CaseEntry{ID: id})
	}
	m := startModel(t, cfg)
	for i := range ids {
		drive(m, runCmd(m.openCase(i))...)
		for range i + 1 { // case i gets i+1 slices
			press(m, "a", ",")
		}
		press(m, "s")
	}
	got := labelFiles(t, cfg.OutDir)
	if len(got) != len(ids) {
		t.Fatalf("%d case ids saved %d files: %v", len(ids), len(got), got)
	}
	if got["liver_01_labels.nii.gz"] != 1 {
		t.Errorf("liver_01 keeps its plain name: %v", got)
	}
	counts := slices.Sorted(func(yield func(int) bool) {
		for _, n := range got {
			yield(n)
		}
	})
	if !slices.Equal(counts, []int{1, 2, 3, 4}) {
		t.Errorf("each case's file should hold its own slices: %v", got)
	}
}

// Two datasets with the same case id sharing one --out (the default
// segtui-out) keep their labels apart: the second neither loads nor
// overwrites the first's file.
func TestSaveNamesUniquePerRoot(t *testing.T) {
	cfgA := phantomConfig(t, GraphicsNone)
	cfgA.Root = "/data/a"
	cfgB := cfgA
	cfgB.Root = "/data/b"
	labelTen(t, startModel(t, cfgA))

	b := startModel(t, cfgB)
	if b.sess.LabelledCount() != 0 {
		t.Fatalf("dataset b started from dataset a's labels (%d slices)", b.sess.LabelledCount())
	}
	press(b, "a", "s")
	got := labelFiles(t, cfgA.OutDir)
	if got["PHANTOM_0001_labels.nii.gz"] != 10 || len(got) != 2 {
		t.Fatalf("label files %v; want a's 10 slices kept and b's 1 in a file of its own", got)
	}
	if !strings.Contains(b.msg, "saved ") {
		t.Errorf("b's save: %s", b.msg)
	}
	// Each reopens its own.
	if a2 := startModel(t, cfgA); a2.sess.LabelledCount() != 10 {
		t.Errorf("a reopened with %d labelled slices, want 10", a2.sess.LabelledCount())
	}
	if b2 := startModel(t, cfgB); b2.sess.LabelledCount() != 1 {
		t.Errorf("b reopened with %d labelled slices, want 1", b2.sess.LabelledCount())
	}
}

// A file at the label file's name that this session did not load (put
// there by another program after the case opened) is kept under a new
// name, said on the message line, never overwritten.
func TestSaveKeepsFileItNeverLoaded(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	m := startModel(t, cfg)
	press(m, "a")
	target := filepath.Join(cfg.OutDir, "PHANTOM_0001_labels.nii.gz")
	if err := os.WriteFile(target, []byte("someone else's file"), 0o644); err != nil {
		t.Fatal(err)
	}
	press(m, "s")
	kept, _ := filepath.Glob(target + ".kept-*")
	if len(kept) != 1 {
		t.Fatalf("the file at the save path was not kept aside: %v (message %q)", kept, m.msg)
	}
	if b, _ := os.ReadFile(kept[0]); string(b) != "someone else's file" {
		t.Errorf("kept file changed: %q", b)
	}
	if !strings.Contains(m.msg, filepath.Base(kept[0])) {
		t.Errorf("the message does not name the kept file: %q", m.msg)
	}
}
