package engine

import (
	"strings"
	"testing"
)

func TestMultimaskForPrefersTheManifest(t *testing.T) {
	fixed := Variant{Multimask: MultimaskBest}
	if got := fixed.MultimaskFor(Prompt{Multimask: MultimaskSingle}); got != MultimaskBest {
		t.Errorf("a manifest's multimask should win over the caller's: got %s", got)
	}
	if got := (Variant{}).MultimaskFor(Prompt{Multimask: MultimaskSingle}); got != MultimaskSingle {
		t.Errorf("the caller's multimask applies when the manifest leaves it: got %s", got)
	}
	if got := (Variant{}).MultimaskFor(Prompt{}); got != MultimaskAuto {
		t.Errorf("nobody says: got %s, want auto", got)
	}
}

func TestManifestMultimask(t *testing.T) {
	for body, want := range map[string]string{
		`{name: a, family: sam, encoder: e.onnx, decoder: d.onnx, multimask: often}`:                   `multimask "often", expected auto, single or best`,
		`{name: a, family: semantic, encoder: e.onnx, multimask: single, classes: [{id: 1, name: x}]}`: "multimask is for promptable models",
		`{name: a, family: medsam, encoder: e.onnx, decoder: d.onnx, multimask: best}`:                 "",
	} {
		m, err := LoadManifest(writeManifest(t, "variants:\n  - "+body+"\n"))
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", body, err)
		case want == "" && m.Variants[0].Multimask != MultimaskBest:
			t.Errorf("%s: multimask %q", body, m.Variants[0].Multimask)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: error %v, want %q", body, err, want)
		}
	}
}
