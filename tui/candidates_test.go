package tui

import (
	"strings"
	"testing"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/metrics"
	"github.com/segtui/segtui/engine/onnx"
)

// One click on the fixture SAM (a cone per token, radii 40, 24, 64, 32;
// IoU 0.95, 0.6, 0.9, 0.7) proposes token 2; c shows tokens 0, 1 and 3 in
// turn with their predicted IoU, then token 2 again; enter accepts the one
// shown.
func TestCandidateKeyCyclesTheDecodersMasks(t *testing.T) {
	v := fixtureVariant(t, "sam-fixture")
	_, _, rt := semanticEntry(t) // the process's one runtime (skips without ORT)
	cfg := phantomConfig(t, GraphicsBlocks)
	cfg.Engines = []EngineEntry{{Name: v.Name, Device: "cpu", Family: v.Family, Open: func() (engine.Engine, error) {
		return onnx.Open(v, rt, onnx.OpenOptions{Device: engine.DeviceCPU})
	}}, builtinEntry}
	m := newTestModelCfg(t, cfg)
	press(m, " ")
	if m.proposal == nil || m.proposal.Token != 2 {
		t.Fatalf("one click: proposal %+v, want token 2; %s", m.proposal, m.msg)
	}
	if !strings.Contains(m.msg, "c shows the other 3 masks") {
		t.Errorf("the proposal message should point at the candidates: %q", m.msg)
	}
	first := metrics.Area(m.proposal.Pix)
	for _, want := range []struct {
		token int
		iou   string
	}{{0, "0.950"}, {1, "0.600"}, {3, "0.700"}, {2, "0.900"}} {
		press(m, "c")
		if m.proposal.Token != want.token || !strings.Contains(m.msg, "predicted IoU "+want.iou) {
			t.Fatalf("after c: token %d, message %q; want token %d with IoU %s", m.proposal.Token, m.msg, want.token, want.iou)
		}
	}
	if metrics.Area(m.proposal.Pix) != first {
		t.Errorf("back at the rule's choice the mask has %d px, first time %d", metrics.Area(m.proposal.Pix), first)
	}
	press(m, "c") // token 0: the smaller single-mask cone
	small := metrics.Area(m.proposal.Pix)
	if small >= first {
		t.Fatalf("token 0 (radius 40) has %d px, token 2 (radius 64) %d", small, first)
	}
	press(m, "enter")
	labels, _ := m.sess.Edit.Slice(m.plane, m.n)
	c, _ := m.activeClass()
	got := 0
	for _, l := range labels {
		if l == c.ID {
			got++
		}
	}
	if got != small {
		t.Errorf("enter accepted %d px of %s, want the %d px of the candidate shown", got, c.Name, small)
	}
}
