package tui

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// kill -9 during s leaves the writer's temporary files; the next save of
// the case removes those no process has touched for a while, and leaves a
// fresh one (another process's save in progress) and other cases' alone.
func TestSaveCleansStaleTemporaryFiles(t *testing.T) {
	cfg := phantomConfig(t, GraphicsNone)
	stale := []string{
		"..PHANTOM_0001_labels.nii.gz.partial.nii.gz.tmp-2955468408",
		".PHANTOM_0001_labels.nii.gz.partial.nii.gz",
		".PHANTOM_0001_labels.nii.gz.tmp-123",
	}
	kept := []string{
		"..PHANTOM_0001_labels.nii.gz.partial.nii.gz.tmp-1", // fresh
		"..OTHER_labels.nii.gz.partial.nii.gz.tmp-7",        // another case
	}
	old := time.Now().Add(-10 * time.Minute)
	for i, n := range append(stale, kept...) {
		p := filepath.Join(cfg.OutDir, n)
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
		if i < len(stale) || n == kept[1] {
			os.Chtimes(p, old, old)
		}
	}
	m := startModel(t, cfg)
	press(m, "a", "s")
	for _, n := range stale {
		if _, err := os.Stat(filepath.Join(cfg.OutDir, n)); err == nil {
			t.Errorf("stale %s survived the save", n)
		}
	}
	for _, n := range kept {
		if _, err := os.Stat(filepath.Join(cfg.OutDir, n)); err != nil {
			t.Errorf("%s was removed: %v", n, err)
		}
	}
}
