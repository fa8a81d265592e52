package eval

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/builtin"
	"github.com/segtui/segtui/engine/metrics"
	"github.com/segtui/segtui/engine/onnx"
)

// One ONNX Runtime per test binary (onnxruntime_go allows one per process).
var evalRT struct {
	once sync.Once
	rt   *onnx.Runtime
	err  error
}

// openFixtureVariant opens a variant of a manifest with the real ONNX
// Runtime library.
func openFixtureVariant(t *testing.T, manifest, name string) Variant {
	t.Helper()
	evalRT.once.Do(func() { evalRT.rt, evalRT.err = onnx.NewRuntime(onnx.RuntimeOptions{Device: engine.DeviceCPU}) })
	if evalRT.err != nil {
		t.Fatalf("this test needs the real ONNX Runtime library (make lib): %v", evalRT.err)
	}
	m, err := engine.LoadManifest(manifest)
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.Variant(name)
	if err != nil {
		t.Fatal(err)
	}
	e, err := onnx.Open(v, evalRT.rt, onnx.OpenOptions{Device: engine.DeviceCPU, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return Variant{Name: name, Engine: e, Workers: 1}
}

const fixtureModels = "../testdata/models/models.yaml"

// A semantic model is scored on the classes it has channels for (the
// fixture: liver 1 and spleen 3); the others stay undefined for it while
// the promptable built-in engine is scored on every class.
func TestSemanticVariantIsScoredOnItsOwnClasses(t *testing.T) {
	ds := phantomSet(t)
	sem := openFixtureVariant(t, fixtureModels, "semantic-argmax-fixture")
	p, _ := ParseProtocol("box")
	res, err := Run(context.Background(), Config{
		Dataset: ds, DatasetPath: ds.Root, Protocol: p, Plane: datasets.Axial, Rules: metrics.FLARE22Rules(), OutDir: t.TempDir(),
		Variants: []Variant{{Name: "builtin", Engine: builtin.New(), Workers: 2}, sem},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Cases {
		ids := map[uint16]bool{}
		for _, cc := range c.Classes {
			ids[cc.ID] = true
		}
		for _, s := range c.Slices {
			ids[s.Class] = true
		}
		if c.Variant == sem.Name {
			if len(ids) != 2 || !ids[1] || !ids[3] {
				t.Errorf("%s %s scored classes %v, want just 1 and 3", c.Case, c.Variant, ids)
			}
		} else if len(ids) < 5 {
			t.Errorf("%s builtin scored only classes %v", c.Case, ids)
		}
	}
	if got := res.VariantClasses[sem.Name]; len(got) != 2 || got[0] != 1 || got[1] != 3 || len(res.VariantClasses) != 1 {
		t.Errorf("variant classes %v, want semantic-argmax-fixture: [1 3] only", res.VariantClasses)
	}
	if md := res.Markdown(); !strings.Contains(md, "semantic-argmax-fixture is scored on its own classes only (1, 3)") {
		t.Errorf("the report does not say which classes the semantic variant is scored on:\n%s", md)
	}
	tb := res.Dice.Table()
	for _, row := range tb.Rows {
		v := row.Values[1]
		switch row.Name {
		case "liver", "spleen", "background", "Average":
			if math.IsNaN(v) {
				t.Errorf("%s: semantic cell undefined", row.Name)
			}
		default:
			if !math.IsNaN(v) {
				t.Errorf("%s: semantic cell %.4f, want undefined (no channel for it)", row.Name, v)
			}
			if math.IsNaN(row.Values[0]) {
				t.Errorf("%s: builtin cell undefined", row.Name)
			}
		}
	}
}

func TestSemanticClassWarningsNameMismatchedIDs(t *testing.T) {
	flare := datasets.FLARE22Classes()
	ok := openFixtureVariant(t, fixtureModels, "semantic-argmax-fixture")
	if w := SemanticClassWarnings(ok, flare); len(w) != 0 {
		t.Errorf("fixture manifest (liver 1, spleen 3) against FLARE22: warnings %q", w)
	}
	if w := SemanticClassWarnings(Variant{Name: "builtin", Engine: builtin.New()}, flare); len(w) != 0 {
		t.Errorf("promptable engine: warnings %q", w)
	}
	// The same model with Synapse-style ids: spleen 1, liver 6.
	dir := t.TempDir()
	abs, err := filepath.Abs("../testdata/models/semantic_argmax.onnx")
	if err != nil {
		t.Fatal(err)
	}
	manifest := "variants:\n  - name: swapped\n    family: semantic\n    encoder: " + abs +
		"\n    activation: argmax\n    preprocess: {normalize: minmax}\n    classes:\n      - {id: 1, name: spleen}\n      - {id: 6, name: liver}\n"
	path := filepath.Join(dir, "m.yaml")
	if err := os.WriteFile(path, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	w := SemanticClassWarnings(openFixtureVariant(t, path, "swapped"), flare)
	if len(w) != 2 {
		t.Fatalf("warnings %q, want one per mismatched class", w)
	}
	for i, want := range [][]string{{`class 1 "spleen"`, `"liver"`, "id 3", "set id: 3"}, {`class 6 "liver"`, `"inferior vena cava"`, "id 1", "set id: 1"}} {
		for _, s := range want {
			if !strings.Contains(w[i], s) {
				t.Errorf("warning %q does not mention %q", w[i], s)
			}
		}
	}
}
