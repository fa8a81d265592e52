package render

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/mattn/go-sixel"
)

// These two tests are tools for scripts/bench-render.sh, off unless
// SEGTUI_BENCH_DIR is set: one writes the benchmark frame (true-colour PNG,
// our sixel, our half blocks), the other scores every *.six in the folder
// against that PNG after decoding it with go-sixel.

func benchDir(t *testing.T) string {
	dir := os.Getenv("SEGTUI_BENCH_DIR")
	if dir == "" {
		t.Skip("SEGTUI_BENCH_DIR not set: benchmark helper only")
	}
	return dir
}

func TestBenchWriteFrame(t *testing.T) {
	dir := benchDir(t)
	f, err := Compose(ctSpec())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, f.TrueColor()); err != nil {
		t.Fatal(err)
	}
	six, err := Sixel(f.Image)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"frame.png": buf.Bytes(), "segtui.six": six} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestBenchFidelity(t *testing.T) {
	dir := benchDir(t)
	src, err := readPNG(filepath.Join(dir, "frame.png"))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.six"))
	sort.Strings(files)
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var img image.Image
		if err := sixel.NewDecoder(bytes.NewReader(data)).Decode(&img); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		// The decoder allocates in 6-row bands; compare the source's area.
		b := src.Bounds()
		note := ""
		if img.Bounds().Dx() < b.Dx() || img.Bounds().Dy() < b.Dy() {
			note = fmt.Sprintf(" (decoded %dx%d, smaller than the source)", img.Bounds().Dx(), img.Bounds().Dy())
		}
		fmt.Printf("FIDELITY %s %d %.2f%s\n", filepath.Base(path), len(data), psnr(src, img), note)
	}
}

func readPNG(path string) (image.Image, error) {
	r, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return png.Decode(r)
}
