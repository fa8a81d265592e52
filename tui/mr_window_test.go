package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The real MONAI MR (values -610..30393) opens in the auto window with no
// "HU" in the status line and no CT preprocessing for the engines; the old
// min/max rule took it for CT and showed it all white in the abdomen window.
func TestRealMRIsNotTakenForCT(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "realdata", "monai-bigendian")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real data not present (%v); CI has ../shared/realdata", err)
	}
	cfg := phantomConfig(t, GraphicsBlocks)
	cfg.Cases, cfg.Load = nil, nil
	if err := openDataset(&cfg, Options{Path: dir}); err != nil {
		t.Fatal(err)
	}
	m := newTestModelCfg(t, cfg)
	if m.sess == nil {
		t.Fatalf("case did not open: %s", m.msg)
	}
	if m.sess.CT {
		t.Error("the MR is taken for CT")
	}
	if w := m.pane.Window(); !strings.HasPrefix(w.Name, "auto") {
		t.Errorf("window %q, want auto", w.Name)
	}
	if line := stripANSI(m.statusView()); strings.Contains(line, "HU") {
		t.Errorf("status line calls MR values HU: %q", line)
	}
	if img := m.engineImage(); img.CT {
		t.Error("engines are told the MR slice is CT")
	}
}
