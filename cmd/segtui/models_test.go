package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fixtureModels = "../../engine/testdata/models/models.yaml"

func TestModelsChecksEveryVariant(t *testing.T) {
	var out, errb bytes.Buffer
	if code := models([]string{"--models", fixtureModels}, &out, &errb); code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errb.String())
	}
	for _, v := range []string{"sam-fixture", "sam2-fixture", "medsam-fixture", "semantic-argmax-fixture"} {
		line := lineWith(out.String(), v+" ")
		if !strings.Contains(line, " ok ") {
			t.Errorf("variant %s: line %q, want status ok", v, line)
		}
	}
}

func TestModelsReportsBrokenVariantAndExits1(t *testing.T) {
	dir := t.TempDir()
	abs, _ := filepath.Abs("../../engine/testdata/models")
	manifest := "variants:\n" +
		"  - {name: good, family: sam2, encoder: " + abs + "/sam2_encoder.onnx, decoder: " + abs + "/sam2_decoder.onnx}\n" +
		"  - {name: broken, family: sam, encoder: " + abs + "/bad/encoder_512.onnx, decoder: " + abs + "/sam_decoder.onnx}\n"
	p := filepath.Join(dir, "m.yaml")
	if err := os.WriteFile(p, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := models([]string{"--models", p}, &out, &errb)
	if code != exitError {
		t.Fatalf("exit %d, want 1\n%s%s", code, out.String(), errb.String())
	}
	if l := lineWith(out.String(), "good "); !strings.Contains(l, " ok ") {
		t.Errorf("good variant: %q", l)
	}
	if l := lineWith(out.String(), "broken "); !strings.Contains(l, "FAILED") || !strings.Contains(l, "[1,3,512,512]") {
		t.Errorf("broken variant: %q", l)
	}
	if !strings.Contains(errb.String(), "1 of 2 variants failed") {
		t.Errorf("stderr %q", errb.String())
	}
}

func TestModelsUsageAndMissingLibrary(t *testing.T) {
	var out, errb bytes.Buffer
	if code := models([]string{"--help"}, &out, &errb); code != exitOK || !strings.Contains(errb.String(), "--models") {
		t.Errorf("--help: exit %d, %q", code, errb.String())
	}
	if code := models([]string{"--bogus"}, &out, &errb); code != exitUsage {
		t.Errorf("bad flag: exit %d", code)
	}
	out.Reset()
	errb.Reset()
	code := models([]string{"--models", fixtureModels, "--ort-lib", "/missing/libonnxruntime.so"}, &out, &errb)
	if code != exitError || !strings.Contains(errb.String(), "/missing/libonnxruntime.so (from --ort-lib) does not exist") ||
		!strings.Contains(out.String(), "not checked") {
		t.Errorf("missing library: exit %d\n%s%s", code, out.String(), errb.String())
	}
}

func TestDoctorReportsRuntimeCUDAAndGraphics(t *testing.T) {
	var out, errb bytes.Buffer
	env := func(k string) string {
		if k == "TERM" {
			return "xterm-kitty"
		}
		return ""
	}
	code := doctor(nil, nil, &out, &errb, env)
	s := out.String()
	t.Logf("doctor says:\n%s", s)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, s, errb.String())
	}
	for _, w := range []string{"ONNX Runtime: ", "libonnxruntime", "(version 1.", "CUDA: ", "Graphics: kitty", "only the environment was consulted"} {
		if !strings.Contains(s, w) {
			t.Errorf("doctor output lacks %q:\n%s", w, s)
		}
	}
	if !strings.Contains(s, "CUDA: yes") && !strings.Contains(s, "CUDA: no: built-in CUDA execution provider: ") {
		t.Errorf("CUDA line says neither yes nor why not:\n%s", s)
	}
	out.Reset()
	if code := doctor([]string{"--ort-lib", "/missing/lib.so"}, nil, &out, &errb, env); code != exitError ||
		!strings.Contains(out.String(), "NOT AVAILABLE: ONNX Runtime library /missing/lib.so (from --ort-lib) does not exist") {
		t.Errorf("missing library: exit %d\n%s", code, out.String())
	}
}

func lineWith(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}
