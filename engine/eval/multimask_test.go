package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/metrics"
)

// --box-margin grows the box as MedSAM's SAM baseline does (bbox_shift):
// x_min = max(0, x_min - m), x_max = min(W, x_max + m), before any jitter.
func TestBoxMarginGrowsTheBoxClippedToTheImage(t *testing.T) {
	const w, h = 100, 80
	gt := make([]bool, w*h)
	for y := 30; y <= 50; y++ {
		for x := 5; x <= 90; x++ {
			gt[y*w+x] = true
		}
	}
	b, ok := BoxPrompt(gt, w, h, 20, 0, nil)
	if !ok || b != (engine.Box{X0: 0, Y0: 10, X1: 100, Y1: 70}) {
		t.Errorf("margin 20: box %+v, want {0 10 100 70} (clipped as MedSAM clips, to 0 and W)", b)
	}
	rng := promptRNG(1, "c", 0, 1)
	j, _ := BoxPrompt(gt, w, h, 20, 3, rng)
	if j.Y0 < 7 || j.Y0 > 13 || j.Y1 < 67 || j.Y1 > 73 || j.X1 > w-1 {
		t.Errorf("margin 20 with jitter 3: box %+v, want y0 in 7..13, y1 in 67..73, inside the image", j)
	}
}

// The multimask rule reaches the decoder and is recorded: on point prompts
// the fixture's token 0 (radius 40) and best multimask token (radius 64)
// differ, so single and best score differently; results.json and the
// protocol line say which ran, and a manifest's own rule is listed.
func TestEvalMultimaskIsAppliedAndRecorded(t *testing.T) {
	ds := phantomSet(t)
	sam := openFixtureVariant(t, fixtureModels, "sam-fixture")
	models, err := filepath.Abs("../testdata/models")
	if err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(t.TempDir(), "models.yaml")
	body := "variants:\n  - {name: sam-fixed-best, family: sam, multimask: best, encoder: " + models + "/sam_encoder.onnx, decoder: " + models + "/sam_decoder.onnx}\n"
	if err := os.WriteFile(manifest, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	fixed := openFixtureVariant(t, manifest, "sam-fixed-best")
	fixed.Multimask = engine.MultimaskBest // as segtui eval copies it from the manifest
	p, _ := ParseProtocol("point")
	run := func(m engine.Multimask, margin float64) (*Results, string) {
		out := t.TempDir()
		res, err := Run(context.Background(), Config{
			Dataset: ds, DatasetPath: ds.Root, Protocol: p, Plane: datasets.Axial, Rules: metrics.FLARE22Rules(), OutDir: out,
			Variants: []Variant{sam, fixed}, Multimask: m, BoxMarginPX: margin,
		})
		if err != nil {
			t.Fatal(err)
		}
		return res, out
	}
	single, out := run(engine.MultimaskSingle, 20)
	best, _ := run(engine.MultimaskBest, 0)
	ds0, db := cell(single.Dice, "liver", "sam-fixture"), cell(best.Dice, "liver", "sam-fixture")
	if ds0 == db {
		t.Errorf("liver Dice %s with single and %s with best: the rule did not reach the decoder", ds0, db)
	}
	if a, b := cell(single.Dice, "liver", "sam-fixed-best"), cell(best.Dice, "liver", "sam-fixed-best"); a != b {
		t.Errorf("a variant whose manifest fixes best scored %s and %s under --multimask single and best", a, b)
	}
	raw, err := os.ReadFile(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Multimask        string            `json:"multimask"`
		BoxMarginPX      float64           `json:"box_margin_px"`
		VariantMultimask map[string]string `json:"variant_multimask"`
	}
	if err := json.Unmarshal(raw, &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Multimask != "single" || rec.BoxMarginPX != 20 || rec.VariantMultimask["sam-fixed-best"] != "best" {
		t.Errorf("results.json records multimask %q, box margin %g, per variant %v", rec.Multimask, rec.BoxMarginPX, rec.VariantMultimask)
	}
	md, err := os.ReadFile(filepath.Join(out, "results.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "box margin 20 px, multimask single (manifest: sam-fixed-best best)") {
		t.Errorf("results.md's protocol line: %s", strings.SplitN(string(md), "\n", 2)[0])
	}
	// A run under another rule is not resumed into this one.
	_, err = Run(context.Background(), Config{
		Dataset: ds, DatasetPath: ds.Root, Protocol: p, Plane: datasets.Axial, Rules: metrics.FLARE22Rules(), OutDir: out,
		Variants: []Variant{sam, fixed}, Multimask: engine.MultimaskBest, BoxMarginPX: 20, Resume: true,
	})
	if err == nil || !strings.Contains(err.Error(), "multimask single") {
		t.Errorf("resuming a multimask single run with best: %v, want a different-setup error", err)
	}
}

// cell is a summary table's value as text ("-" when undefined).
func cell(t TableJSON, row, col string) string {
	for _, r := range t.Rows {
		if r.Name != row {
			continue
		}
		for i, c := range t.Columns {
			if c == col && r.Values[i] != nil {
				return fmt.Sprintf("%.6f", *r.Values[i])
			}
		}
	}
	return "-"
}
