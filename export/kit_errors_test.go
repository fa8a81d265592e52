package export_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/onnx"
)

// runKit runs export/segtui-export with the official segment_anything on
// PYTHONPATH, as a user with it installed would.
func runKit(t *testing.T, args ...string) (int, string) {
	t.Helper()
	py, _ := python()
	abs, err := filepath.Abs(filepath.Join(shared, "thirdparty", "segment-anything"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, append([]string{"segtui-export"}, args...)...)
	cmd.Env = append(os.Environ(), "PYTHONPATH="+abs, "OMP_NUM_THREADS=2")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String()
}

// dirState is every file in dir with its size and time, so a refused
// command can be shown to have written nothing.
func dirState(t *testing.T, dir string) map[string]string {
	t.Helper()
	state := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		state[e.Name()] = fmt.Sprintf("%s %d", info.ModTime().Format(time.RFC3339Nano), info.Size())
		if e.Name() == "models.yaml" {
			b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
			state[e.Name()] += string(b)
		}
	}
	return state
}

// Every kind of bad input gets exit 1 and a message naming the problem,
// and leaves the output folder and manifest exactly as they were.
func TestKitRefusesBadInputAndWritesNothing(t *testing.T) {
	doc := reference(t, "fixtures")
	d := func(name string) string { return filepath.Join(doc.Dir, name) }
	out := d("models")
	manifest := filepath.Join(out, "models.yaml")
	if code, msg := runKit(t, "sam", "--checkpoint", d("sam_tiny.pth"), "--models", manifest, "--name", "sam"); code != 0 {
		t.Fatalf("a good export failed (%d):\n%s", code, msg)
	}
	before := dirState(t, out)
	samed := filepath.Join(shared, "thirdparty", "SAMed")
	lora := func(extra ...string) []string {
		return append([]string{"lora", "--base", d("sam_tiny.pth"), "--lora", d("lora_r4.pth"), "--repo", samed, "--models", manifest}, extra...)
	}
	custom := func(builder string, extra ...string) []string {
		return append([]string{"custom", "--builder", builder, "--builder-path", "parity", "--prompted", "--models", manifest}, extra...)
	}
	for _, c := range []struct {
		name string
		args []string
		want []string
	}{
		{"missing checkpoint", []string{"sam", "--checkpoint", d("none.pth"), "--models", manifest}, []string{"none.pth does not exist"}},
		{"not a checkpoint", []string{"sam", "--checkpoint", d("notes.pth"), "--models", manifest}, []string{"notes.pth is not a readable PyTorch checkpoint"}},
		{"another size", []string{"sam", "--type", "vit_b", "--checkpoint", d("sam_tiny.pth"), "--models", manifest},
			[]string{"does not fit SAM vit_b", "missing keys (image_encoder.blocks.3.", "tensors of another size (image_encoder.pos_embed: (1, 64, 64, 768) expected, (1, 64, 64, 64) found", "looks like a SAM-style image encoder with 3 blocks of width 64"}},
		{"a LoRA file as a checkpoint", []string{"sam", "--checkpoint", d("lora_r4.pth"), "--models", manifest}, []string{"SAMed LoRA tensors", "--base"}},
		{"SAM 2", []string{"medsam", "--checkpoint", d("sam2_like.pth"), "--models", manifest}, []string{"SAM 2 checkpoint"}},
		{"name taken", []string{"sam", "--checkpoint", d("sam_tiny.pth"), "--models", manifest, "--name", "sam"}, []string{"already has a variant named 'sam'; give --force"}},
		{"missing repo", []string{"sam", "--checkpoint", d("sam_tiny.pth"), "--repo", d("nope"), "--models", manifest}, []string{"nope: no such folder"}},
		{"LoRA rank", lora("--rank", "8"), []string{"has rank 4, but --rank says 8"}},
		{"LoRA classes", lora("--classes", "liver,spleen"), []string{"--classes names 2 classes but the model predicts 8"}},
		{"LoRA on another base", append(lora(), "--base", d("sam_shallow.pth")), []string{"6 w_a/w_b pairs, expected 2 per image-encoder block (4 for the base's 2 blocks)"}},
		{"LoRA and base swapped", []string{"lora", "--base", d("lora_r4.pth"), "--lora", d("sam_tiny.pth"), "--repo", samed, "--models", manifest},
			[]string{"sam_tiny.pth has no w_a_NNN/w_b_NNN tensors", "SAM-style image encoder"}},
		{"builder not importable", custom("nosuch:build"), []string{"cannot import nosuch"}},
		{"builder raises", custom("bad_builders:raises"), []string{"builder bad_builders:raises() failed: RuntimeError: weights file is corrupt"}},
		{"builder returns no module", custom("bad_builders:not_a_module"), []string{"returned a dict, expected a torch.nn.Module"}},
		{"builder returns another structure", custom("bad_builders:wrong_structure"), []string{"returned a Linear without SAM's structure: no image_encoder module"}},
		{"export fails after the encoder", custom("bad_builders:broken_decoder", "--checkpoint", d("adapter.pth")),
			[]string{"torch.onnx.export of broken_decoder_decoder.onnx failed", "decoder cannot be traced"}},
	} {
		code, msg := runKit(t, c.args...)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1\n%s", c.name, code, msg)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: message lacks %q:\n%s", c.name, w, msg)
			}
		}
		if strings.Contains(msg, "Traceback") {
			t.Errorf("%s: a traceback instead of a message:\n%s", c.name, msg)
		}
		if after := dirState(t, out); !equalState(before, after) {
			t.Errorf("%s: the output folder changed: %v -> %v", c.name, keys(before), keys(after))
		}
	}

	// Weights in one external-data file beside the graph, as ViT-H needs:
	// segtui finds and loads them.
	if code, msg := runKit(t, "sam", "--checkpoint", d("sam_tiny.pth"), "--models", manifest, "--name", "ext", "--external-data", "yes"); code != 0 {
		t.Fatalf("--external-data yes failed:\n%s", msg)
	}
	if _, err := os.Stat(filepath.Join(out, "ext_encoder_data.bin")); err != nil {
		t.Errorf("no external data file: %v", err)
	}
	m, err := engine.LoadManifest(manifest)
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.Variant("ext")
	if err != nil {
		t.Fatal(err)
	}
	if err := onnx.CheckVariant(v, runtime(t)); err != nil {
		t.Errorf("segtui cannot load the external-data export: %v", err)
	}

	// --force replaces the entry and its files; other entries stay.
	if code, msg := runKit(t, "medsam", "--checkpoint", d("sam_tiny.pth"), "--models", manifest, "--name", "med"); code != 0 {
		t.Fatalf("medsam export failed:\n%s", msg)
	}
	if code, msg := runKit(t, "sam", "--checkpoint", d("sam_shallow.pth"), "--models", manifest, "--name", "sam", "--force"); code != 0 {
		t.Fatalf("--force failed:\n%s", msg)
	}
	b, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if strings.Count(text, `name: "sam"`) != 1 || !strings.Contains(text, `name: "med"`) || !strings.Contains(text, "sam_shallow.pth") {
		t.Errorf("after --force the manifest should hold one sam (from sam_shallow.pth) and med:\n%s", text)
	}
	after := dirState(t, out)
	if after["sam_encoder.onnx"] == before["sam_encoder.onnx"] {
		t.Errorf("--force left the old sam_encoder.onnx in place")
	}
}

func equalState(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func keys(m map[string]string) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	return k
}
