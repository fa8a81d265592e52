package tui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/onnx"
)

// semanticEntry opens the semantic ONNX fixture (a real graph labelling
// liver and spleen by intensity bands) through the real ONNX Runtime.
func semanticEntry(t *testing.T) (EngineEntry, engine.Variant, *onnx.Runtime) {
	t.Helper()
	v := fixtureVariant(t, "semantic-argmax-fixture")
	rt := testRuntime(t)
	return EngineEntry{Name: v.Name, Device: "CPU", Family: v.Family, Open: func() (engine.Engine, error) {
		return onnx.Open(v, rt, onnx.OpenOptions{Device: engine.DeviceCPU})
	}}, v, rt
}

// fixtureVariant is the named variant of the committed fixture manifest.
func fixtureVariant(t *testing.T, name string) engine.Variant {
	t.Helper()
	man, err := engine.LoadManifest("../engine/testdata/models/models.yaml")
	if err != nil {
		t.Fatal(err)
	}
	v, err := man.Variant(name)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// expectSemantic runs the fixture directly on the model's current slice.
func expectSemantic(t *testing.T, m *Model, v engine.Variant, rt *onnx.Runtime) []uint16 {
	t.Helper()
	e, err := onnx.Open(v, rt, onnx.OpenOptions{Device: engine.DeviceCPU})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	emb, err := e.Encode(context.Background(), m.engineImage())
	if err != nil {
		t.Fatal(err)
	}
	lab, err := e.(engine.Semantic).Labels(context.Background(), emb)
	if err != nil {
		t.Fatal(err)
	}
	return lab
}

// With a promptless variant active, m runs it once as a proposal of all
// its classes and enter accepts them all; a runs and accepts at once; point
// and box keys (and clicks) explain that it takes no prompts.
func TestSemanticVariantLabelsAllClasses(t *testing.T) {
	sem, v, rt := semanticEntry(t)
	cfg := phantomConfig(t, GraphicsBlocks)
	cfg.Engines = []EngineEntry{builtinEntry, sem}
	m := newTestModelCfg(t, cfg)

	want := expectSemantic(t, m, v, rt)
	ids := presentIDs(want, []uint16{1, 3})
	if len(ids) == 0 {
		t.Fatal("the fixture labels nothing on the start slice; the test proves nothing")
	}
	press(m, "m")
	if m.semProp == nil {
		t.Fatalf("m to a semantic variant: no proposal (%s)", m.msg)
	}
	if !slices.Equal(m.semProp.labels, want) {
		t.Fatal("proposal differs from the fixture's labels on the same slice")
	}
	if !strings.Contains(m.msg, "accepts all") {
		t.Errorf("message %q does not say enter accepts all classes", m.msg)
	}

	for _, k := range []string{" ", "x", "b"} {
		press(m, k)
		if len(m.points) != 0 || m.corner != nil || m.box != nil {
			t.Fatalf("%q placed a prompt on a promptless model", k)
		}
		if !strings.Contains(m.msg, "takes no prompts") || !m.msgErr {
			t.Errorf("%q: message %q should say the model takes no prompts", k, m.msg)
		}
	}
	if m.semProp == nil {
		t.Fatal("a refused prompt dropped the proposal")
	}

	before, _ := m.sess.Edit.Slice(m.plane, m.n)
	press(m, "enter")
	got, _ := m.sess.Edit.Slice(m.plane, m.n)
	exp := append([]uint16(nil), before...)
	paintLabels(exp, want, []uint16{1, 3})
	if !slices.Equal(got, exp) || !m.sess.Labelled(m.key()) {
		t.Fatal("enter did not write the proposal's classes into the slice")
	}
	for _, id := range ids {
		if !slices.Contains(got, id) {
			t.Errorf("class %d missing from the accepted slice", id)
		}
	}
	// The slice counts as labelled for the model's classes only, so the
	// organs it does not know are not scored as missed.
	if sc := m.sess.Scope(m.key()); !sc.Equal(onlyClasses(v.Classes[0].ID, v.Classes[1].ID)) {
		t.Errorf("scope after a semantic accept: %+v, want the model's classes", sc)
	}

	press(m, ",", "a")
	want = expectSemantic(t, m, v, rt)
	got, _ = m.sess.Edit.Slice(m.plane, m.n)
	exp = make([]uint16, len(want))
	paintLabels(exp, want, []uint16{1, 3})
	if !slices.Equal(got, exp) || !m.sess.Labelled(m.key()) {
		t.Fatalf("a with a semantic variant did not accept its labels: %s", m.msg)
	}
	if !strings.Contains(m.msg, "accepted") {
		t.Errorf("message after a: %q", m.msg)
	}

	press(m, "m") // back to the promptable built-in: prompts work again
	liverCentre(t, m)
	press(m, " ")
	if len(m.points) != 1 || m.proposal == nil {
		t.Errorf("prompt after switching back to builtin: points %d, proposal %v (%s)", len(m.points), m.proposal != nil, m.msg)
	}
}
