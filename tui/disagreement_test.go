package tui

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/onnx"
)

func samFixtureEntry(t *testing.T) EngineEntry {
	v := fixtureVariant(t, "sam-fixture")
	rt := testRuntime(t)
	return EngineEntry{Name: v.Name, Device: "cpu", Family: v.Family, Open: func() (engine.Engine, error) {
		return onnx.Open(v, rt, onnx.OpenOptions{Device: engine.DeviceCPU})
	}}
}

// One click on the fixture SAM gives four nested discs (radii 40, 24, 64,
// 32 in the 1024 px model frame: 10, 6, 16 and 8 px on the 256 px slice):
// U shades nothing inside 6 px, some (3 or 1 of 4) from 6 to 8 and from 10
// to 16 px, evenly split (2 of 4) from 8 to 10 px, and nothing beyond. U
// again takes it off the frame.
func TestDisagreementOverlayShadesSplitCandidates(t *testing.T) {
	cfg := phantomConfig(t, GraphicsBlocks)
	cfg.Engines = []EngineEntry{samFixtureEntry(t)}
	m := newTestModelCfg(t, cfg)
	cx, cy := m.cx, m.cy
	press(m, " ")
	if m.proposal == nil || len(m.proposal.Candidates) != 4 {
		t.Fatalf("one click: proposal %+v, want four candidates; %s", m.proposal, m.msg)
	}
	press(m, "U")
	lv := m.disagreeLevels()
	if lv == nil || !strings.Contains(m.msg, "4 candidate masks") {
		t.Fatalf("U: no levels (%v); message %q", lv == nil, m.msg)
	}
	w := m.view().Width
	for _, c := range []struct {
		r    float64
		want uint8
	}{{0, 0}, {3, 0}, {7, 1}, {9, 2}, {12, 1}, {14, 1}, {24, 0}, {40, 0}} {
		for _, a := range []float64{0, math.Pi / 2, math.Pi, 3 * math.Pi / 2} {
			x, y := cx+int(math.Round(c.r*math.Cos(a))), cy+int(math.Round(c.r*math.Sin(a)))
			if got := lv[y*w+x]; got != c.want {
				t.Errorf("%g px from the click (%d,%d): level %d, want %d", c.r, x, y, got, c.want)
			}
		}
	}
	press(m, ".") // another slice: the shading is not for it
	if m.disagreeLevels() != nil {
		t.Error("shading computed on one slice is shown on the next")
	}
	press(m, ",", "U")
	if m.disagreeLevels() != nil || !strings.Contains(m.msg, "off") {
		t.Errorf("U again: levels still shown; %q", m.msg)
	}
}

// With the built-in engine active and the fixture SAM loaded, a box is
// shaded evenly split exactly where the two variants' masks differ (the
// fixture fills the box; the built-in engine's logits are ±4, so its
// thresholds never split).
func TestDisagreementOverlayShadesWhereVariantsDiffer(t *testing.T) {
	cfg := phantomConfig(t, GraphicsBlocks)
	cfg.Engines = []EngineEntry{builtinEntry, samFixtureEntry(t)}
	m := newTestModelCfg(t, cfg)
	press(m, "b", "L", "L", "J", "J", "b")
	if m.box == nil || m.proposal == nil {
		t.Fatalf("no box proposal: %s", m.msg)
	}
	mine := m.proposal.Pix
	e, err := cfg.Engines[1].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	emb, err := e.Encode(context.Background(), m.engineImage())
	if err != nil {
		t.Fatal(err)
	}
	fix, err := e.Decode(context.Background(), emb, engine.Prompt{Box: m.box})
	if err != nil {
		t.Fatal(err)
	}
	press(m, "U")
	lv := m.disagreeLevels()
	if lv == nil {
		t.Fatalf("U gave no levels: %s", m.msg)
	}
	differ := 0
	for i := range lv {
		want := uint8(0)
		if mine[i] != fix.Pix[i] {
			want = 2
			differ++
		}
		if lv[i] != want {
			t.Fatalf("pixel %d: level %d, want %d (built-in %v, fixture %v)", i, lv[i], want, mine[i], fix.Pix[i])
		}
	}
	if differ == 0 {
		t.Fatal("the two variants agree everywhere: the test shows nothing")
	}
	if !strings.Contains(m.msg, "2 variants") {
		t.Errorf("message %q should name the variants compared", m.msg)
	}
	// A new prompt recomputes the shading while the overlay is on.
	press(m, "x")
	if m.disagreeLevels() == nil {
		t.Errorf("after a new click the overlay is gone: %s", m.msg)
	}
}
