package tui

import (
	"strings"
	"testing"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/onnx"
)

// With --device auto on a machine without CUDA, the model bar names the
// device really in use (auto resolves when the variant opens) and that CUDA
// is missing; the first result's message says so once, ahead of its own
// text.
func TestDeviceAutoFallbackIsVisible(t *testing.T) {
	v := fixtureVariant(t, "sam-fixture")
	_, _, rt := semanticEntry(t) // the process's one runtime (skips without ORT)
	if rt.CUDAError() == nil {
		t.Skip("CUDA works on this machine; the fallback cannot be exercised")
	}
	cfg := phantomConfig(t, GraphicsBlocks)
	cfg.Engines = []EngineEntry{{Name: v.Name, Device: "auto", Family: v.Family, Open: func() (engine.Engine, error) {
		return onnx.Open(v, rt, onnx.OpenOptions{Device: engine.DeviceAuto})
	}}, builtinEntry}
	m := newTestModelCfg(t, cfg)

	press(m, " ")
	if m.proposal == nil {
		t.Fatalf("no proposal from the fixture: %s", m.msg)
	}
	if bar := stripANSI(m.modelBar()); !strings.Contains(bar, "device CPU (no CUDA)") {
		t.Errorf("after opening, the bar should name CPU and the missing CUDA: %q", bar)
	}
	if !strings.HasPrefix(m.msg, "sam-fixture: CUDA unavailable, running on CPU") || !strings.Contains(m.msg, "proposal") {
		t.Errorf("first message should carry the notice and then the proposal: %q", m.msg)
	}

	press(m, "x")
	if strings.Contains(m.msg, "CUDA unavailable") {
		t.Errorf("the notice should be shown once, not on every prompt: %q", m.msg)
	}
	if bar := stripANSI(m.modelBar()); !strings.Contains(bar, "(no CUDA)") {
		t.Errorf("the bar should keep saying so: %q", bar)
	}
}
