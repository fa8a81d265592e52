package eval

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/metrics"
)

// batchManifest writes a manifest with the dynamic-batch SAM encoder
// fixture (scripts/gen_fixtures.py sam_encoder_batch).
func batchManifest(t *testing.T) string {
	t.Helper()
	abs := func(name string) string {
		p, err := filepath.Abs(filepath.Join("../testdata/models", name))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	path := filepath.Join(t.TempDir(), "models.yaml")
	yaml := "variants:\n  - name: sam-batch\n    family: sam\n    encoder: " + abs("sam_encoder_batch.onnx") +
		"\n    decoder: " + abs("sam_decoder.onnx") + "\n"
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Encoding slices in batches changes nothing but speed: the same prompts,
// masks and scores as one slice per encoder run.
func TestEvalEncoderBatchesGiveTheSameResults(t *testing.T) {
	ds := phantomSet(t)
	v := openFixtureVariant(t, batchManifest(t), "sam-batch")
	if be, ok := v.Engine.(engine.BatchEncoder); !ok || be.MaxBatch() < 3 {
		t.Fatal("the dynamic-batch fixture does not batch")
	}
	p, _ := ParseProtocol("iterative:1")
	run := func(batch int) *Results {
		res, err := Run(context.Background(), Config{
			Dataset: ds, DatasetPath: ds.Root, Protocol: p, JitterPX: 2, Seed: 5, Plane: datasets.Axial,
			Rules: metrics.FLARE22Rules(), OutDir: t.TempDir(), Variants: []Variant{v}, EncodeBatch: batch,
		})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if got := encodeBatch(Config{EncodeBatch: 3}, v); got != 3 {
		t.Fatalf("encodeBatch = %d, want 3", got)
	}
	one, three := run(1), run(3)
	if len(one.Cases) != 2 || len(one.Cases[0].Slices) == 0 {
		t.Fatalf("nothing evaluated: %d cases", len(one.Cases))
	}
	for i := range one.Cases {
		a, b := one.Cases[i], three.Cases[i]
		if !reflect.DeepEqual(a.Slices, b.Slices) || !reflect.DeepEqual(a.Classes, b.Classes) {
			t.Errorf("case %s: results with 3-slice encoder batches differ from one slice per run", a.Case)
		}
	}
	if !reflect.DeepEqual(one.Dice, three.Dice) || !reflect.DeepEqual(one.NSD, three.NSD) {
		t.Error("tables differ between batched and unbatched encoding")
	}
}
