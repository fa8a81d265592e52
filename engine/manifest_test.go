package engine

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func writeManifest(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "models.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadManifestResolvesPathsAndDefaults(t *testing.T) {
	p := writeManifest(t, `
variants:
  - name: medsam
    family: medsam
    encoder: enc.onnx
    decoder: /abs/dec.onnx
  - name: seg
    family: semantic
    encoder: sub/seg.onnx
    activation: sigmoid
    preprocess: {input_size: 512, aspect: keep, normalize: none, window: {level: 75, width: 400}}
    classes: [{id: 1, name: liver}, {id: 13, name: left kidney}]
`)
	m, err := LoadManifest(p)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(p)
	med, _ := m.Variant("medsam")
	if med.Encoder != filepath.Join(dir, "enc.onnx") || med.Decoder != "/abs/dec.onnx" {
		t.Errorf("paths %q %q", med.Encoder, med.Decoder)
	}
	pp := med.Preprocessing()
	if pp.InputSize != 1024 || pp.Aspect != AspectStretch || pp.Normalize != NormMinMax || pp.Window == nil || *pp.Window != (Window{Level: 40, Width: 400}) {
		t.Errorf("medsam defaults %+v", pp)
	}
	seg, _ := m.Variant("seg")
	pp = seg.Preprocessing()
	if pp.InputSize != 512 || pp.Aspect != AspectKeep || pp.Normalize != NormNone || *pp.Window != (Window{Level: 75, Width: 400}) {
		t.Errorf("overrides %+v", pp)
	}
	if seg.Activation != ActivationSigmoid || len(seg.Classes) != 2 || seg.Classes[1] != (ClassRef{13, "left kidney"}) {
		t.Errorf("semantic %+v", seg)
	}
	if _, err := m.Variant("nope"); err == nil || !strings.Contains(err.Error(), "has no variant \"nope\"; it has medsam, seg") {
		t.Errorf("unknown variant: %v", err)
	}
}

func TestLoadManifestErrors(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{"", "is empty"},
		{"variants: []", "lists no variants"},
		{"variants:\n  - {name: a, family: sam, encoder: e.onnx, decoder: d.onnx, colour: red}", "field colour not found"},
		{"variants:\n  - {name: a, family: yolo, encoder: e.onnx}", `variant 1 ("a"): family "yolo", expected sam, sam2, medsam or semantic`},
		{"variants:\n  - {name: a, family: sam, encoder: e.onnx}", "family sam needs a decoder path"},
		{"variants:\n  - {name: a, family: semantic, encoder: e.onnx}", "need their classes listed"},
		{"variants:\n  - {name: a, family: semantic, encoder: e.onnx, classes: [{id: 0, name: bg}]}", "id 0, which is background"},
		{"variants:\n  - {name: a, family: semantic, encoder: e.onnx, activation: softmax, classes: [{id: 1, name: x}]}", `activation "softmax"`},
		{"variants:\n  - {name: a, family: sam, encoder: e.onnx, decoder: d.onnx, preprocess: {aspect: crop}}", `aspect "crop", expected keep or stretch`},
		{"variants:\n  - {name: a, family: sam, encoder: e.onnx, decoder: d.onnx, preprocess: {normalize: z}}", `normalize "z"`},
		{"variants:\n  - {name: a, family: sam, encoder: e.onnx, decoder: d.onnx, preprocess: {window: {level: 40, width: 0}}}", "window width 0"},
		{"variants:\n  - {name: a, family: sam, encoder: e.onnx, decoder: d.onnx}\n  - {name: a, family: sam, encoder: e.onnx, decoder: d.onnx}", `"a" is used twice`},
		{"variants: {", "yaml"},
	} {
		p := writeManifest(t, c.body)
		_, err := LoadManifest(p)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), p) {
			t.Errorf("manifest %q: error %v, want it to name the file and say %q", c.body, err, c.want)
		}
	}
	if _, err := LoadManifest(filepath.Join(t.TempDir(), "none.yaml")); err == nil || !strings.Contains(err.Error(), "none.yaml") {
		t.Errorf("missing manifest: %v", err)
	}
}

// The committed fixtures are what the committed script generates.
func TestFixturesMatchGenerator(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import onnx, numpy").Run(); err != nil {
		t.Skip("python3 with onnx and numpy (Debian python3-onnx) is not installed; cannot regenerate fixtures")
	}
	out := t.TempDir()
	cmd := exec.Command("/usr/bin/python3", "../scripts/gen_fixtures.py", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen_fixtures.py: %v\n%s", err, b)
	}
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		got, _ := os.ReadFile(p)
		want, err := os.ReadFile(filepath.Join("testdata", "models", rel))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("testdata/models/%s differs from what scripts/gen_fixtures.py generates; rerun it and commit", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
