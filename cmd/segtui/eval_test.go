package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
	"github.com/segtui/segtui/datasets/phantom"
)

// smallPhantom writes slices 30-32 of the phantom as a one-case FLARE22
// folder, small enough for a quick end-to-end run.
func smallPhantom(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	vol, lab := phantom.New(phantom.DefaultSeed)
	plane := vol.Dim[0] * vol.Dim[1]
	g := vol.Grid
	g.Dim[2] = 3
	for r := 0; r < 3; r++ {
		g.Affine[r][3] += g.Affine[r][2] * 30
	}
	v := &datasets.Volume{Grid: g, Voxels: vol.Voxels[30*plane : 33*plane], DataType: vol.DataType}
	l := &datasets.LabelMap{Grid: g, Labels: lab.Labels[30*plane : 33*plane], DataType: lab.DataType}
	for _, d := range []string{"images", "labels"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := nifti.Write(filepath.Join(dir, "images", "PHANTOM_0001_0000.nii.gz"), v); err != nil {
		t.Fatal(err)
	}
	if err := nifti.WriteLabels(filepath.Join(dir, "labels", "PHANTOM_0001.nii.gz"), l); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestEvalCLIBuiltinAndFixtureModels(t *testing.T) {
	lib := "../../lib/libonnxruntime.so.1"
	if _, err := os.Stat(lib); err != nil {
		t.Skipf("%s is absent: run scripts/fetch-ort.sh first (%v)", lib, err)
	}
	data := smallPhantom(t)
	out := filepath.Join(t.TempDir(), "res")
	plot := filepath.Join(out, "dice.png")
	var stdout, stderr bytes.Buffer
	code := evalMain([]string{"--ort-lib", lib, "--models", "../../engine/testdata/models/models.yaml",
		"--model", "sam-fixture", "--model", "semantic-argmax-fixture", "--prompt", "box+point", "--jitter", "1", "--seed", "4",
		"--out", out, "--plot", plot, data}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	text := stdout.String()
	for _, want := range []string{"| Class", "| builtin | sam-fixture | semantic-argmax-fixture |", "| background", "| liver", "| Average", "slices/s"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	// --device auto with the CPU-only library: the fallback is said, per variant.
	if !strings.Contains(stderr.String(), "segtui eval: sam-fixture: CUDA unavailable, running on CPU") {
		t.Errorf("stderr does not say the fixture fell back to CPU: %q", stderr.String())
	}
	if !strings.Contains(stderr.String(), "slices/s") || !strings.Contains(stderr.String(), "ETA") {
		t.Errorf("no progress bar with rate and ETA on stderr: %q", stderr.String())
	}
	var res struct {
		Variants []string
		Cases    []struct {
			Variant string
			Slices  []struct {
				Prompts []json.RawMessage
			}
		}
	}
	b, err := os.ReadFile(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Cases) != 3 {
		t.Fatalf("%d case results, want one per variant (3)", len(res.Cases))
	}
	for _, c := range res.Cases {
		if len(c.Slices) == 0 {
			t.Errorf("%s: no per-slice results", c.Variant)
		}
		for _, s := range c.Slices {
			semantic := c.Variant == "semantic-argmax-fixture"
			if semantic != (len(s.Prompts) == 0) {
				t.Fatalf("%s: a slice with %d prompts (semantic variants take none, others one)", c.Variant, len(s.Prompts))
			}
		}
	}
	csv, err := os.ReadFile(filepath.Join(out, "results.csv"))
	if err != nil || !strings.HasPrefix(string(csv), "Class,builtin,sam-fixture,semantic-argmax-fixture\nbackground,") {
		t.Errorf("results.csv: %v %q", err, csv)
	}
	f, err := os.Open(plot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Errorf("plot is not a PNG: %v", err)
	}
}

func TestEvalCLIUsage(t *testing.T) {
	var o, e bytes.Buffer
	for _, args := range [][]string{{}, {"--prompt", "lasso", "x"}, {"--plane", "oblique", "x"}, {"--jitter", "-1", "x"}, {"--model", "sam", "x"}} {
		if code := evalMain(args, &o, &e); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code := evalMain([]string{"--help"}, &o, &e); code != exitOK || !strings.Contains(e.String(), "--resume") {
		t.Errorf("--help: exit %d, help %q", code, e.String())
	}
	if code := evalMain([]string{"/nonexistent/data"}, &o, &e); code != exitError {
		t.Errorf("missing dataset: exit %d, want %d", code, exitError)
	}
}
