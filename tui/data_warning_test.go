package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets/phantom"
)

// A warning from discovery (here a label file with no image beside it) is
// shown on the message line when the app opens, with how many more there
// are, not only by segtui info.
func TestDataWarningsShownAtStart(t *testing.T) {
	dir := t.TempDir()
	img, lab, err := phantom.Write(t.TempDir(), phantom.DefaultSeed)
	if err != nil {
		t.Fatal(err)
	}
	link := func(src, name string) {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link(img, "ct_1.nii.gz")
	link(lab, "ct_1_seg.nii.gz")
	link(lab, "gone\x1b[31m_seg.nii.gz") // names no image: a warning, with an escape to strip
	link(lab, "lost_mask.nii.gz")

	cfg := phantomConfig(t, GraphicsBlocks)
	cfg.Cases, cfg.Load = nil, nil
	if err := openDataset(&cfg, Options{Path: dir}); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Warnings) != 2 {
		t.Fatalf("discovery gave %d warnings, want 2: %q", len(cfg.Warnings), cfg.Warnings)
	}
	m := newTestModelCfg(t, cfg)
	if m.sess == nil {
		t.Fatalf("case did not open: %s", m.msg)
	}
	if !strings.HasPrefix(m.msg, "data: label ") || !strings.Contains(m.msg, "has no image") ||
		!strings.Contains(m.msg, "(and 1 more: segtui info lists them)") || !strings.Contains(m.msg, "opened ct_1") {
		t.Errorf("message line %q should start with the first data warning, count the rest, then say the case opened", m.msg)
	}
	if strings.ContainsRune(m.msg, '\x1b') {
		t.Errorf("message line carries an escape from a file name: %q", m.msg)
	}
	press(m, " ") // a point: its proposal message replaces the line
	if m.proposal == nil || strings.Contains(m.msg, "data:") {
		t.Errorf("the warning should be shown once: %q", m.msg)
	}
}
