package engine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestManifestResize(t *testing.T) {
	dir := t.TempDir()
	write := func(body string) string {
		p := filepath.Join(dir, "models.yaml")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	m, err := LoadManifest(write(`variants:
  - {name: a, family: sam, encoder: e.onnx, decoder: d.onnx}
  - {name: b, family: medsam, encoder: e.onnx, decoder: d.onnx}
  - {name: c, family: semantic, encoder: e.onnx, preprocess: {resize: zoom}, classes: [{id: 1, name: x}]}
  - {name: d, family: sam, encoder: e.onnx, decoder: d.onnx, preprocess: {resize: bilinear}}
`))
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []Resize{ResizePIL, ResizeSkimage, ResizeZoom, ResizeBilinear} {
		if got := m.Variants[i].Preprocessing().Resize; got != want {
			t.Errorf("variant %s: resize %q, want %q", m.Variants[i].Name, got, want)
		}
	}
	for body, want := range map[string]string{
		`{name: a, family: sam, encoder: e.onnx, decoder: d.onnx, preprocess: {resize: zoom}}`:  "resize zoom",
		`{name: a, family: sam, encoder: e.onnx, decoder: d.onnx, preprocess: {resize: cubic}}`: `resize "cubic", expected pil, skimage, zoom or bilinear`,
	} {
		_, err := LoadManifest(write("variants:\n  - " + body + "\n"))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one containing %q", body, err, want)
		}
	}
}
