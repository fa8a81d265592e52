package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/gidscene"
)

// gidSet writes a synthetic GID-like scene as a 2-D set (images/, masks/
// in GID's palette) and returns its folder.
func gidSet(t *testing.T, w, h int) string {
	t.Helper()
	dir := t.TempDir()
	s := gidscene.New(w, h, 1)
	for sub, img := range map[string]image.Image{"images": s.Image(), "masks": s.Mask()} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(filepath.Join(dir, sub, "scene.png"))
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	return dir
}

// classDice reads each variant's per-class Dice from an eval's results.json.
func classDice(t *testing.T, out string) map[string]map[uint16]float64 {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Cases []struct {
			Variant string
			Classes []struct {
				ID   uint16
				Dice *float64
			}
		}
	}
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	d := map[string]map[uint16]float64{}
	for _, c := range res.Cases {
		d[c.Variant] = map[uint16]float64{}
		for _, k := range c.Classes {
			if k.Dice != nil {
				d[c.Variant][k.ID] = *k.Dice
			}
		}
	}
	return d
}

// TestEvalTilingRaisesSmallClassDice evaluates a synthetic GID-like scene
// (textured land cover with villages of 8-30 px buildings, 3-5 px roads
// and small ponds, drawn in GID's palette) with box prompts, for the
// built-in engine and the SAM fixture, whole (--tile off: the image
// squeezed into the model's input) and in tiles, and prints the per-class
// Dice table. Tiling must raise the Dice of the small classes (built-up,
// water) for both. SEGTUI_GID_SIZE=WxH sets the scene (default 2048x1536,
// tiles of 512; make test-large runs GID's 7200x6800 with tiles of 1024).
func TestEvalTilingRaisesSmallClassDice(t *testing.T) {
	lib := "../../lib/libonnxruntime.so.1"
	if _, err := os.Stat(lib); err != nil {
		t.Skipf("%s is absent: run scripts/fetch-ort.sh first (%v)", lib, err)
	}
	w, h, size := 2048, 1536, 512
	if s := os.Getenv("SEGTUI_GID_SIZE"); s != "" {
		if _, err := fmt.Sscanf(s, "%dx%d", &w, &h); err != nil {
			t.Fatalf("SEGTUI_GID_SIZE=%q: expected WxH", s)
		}
		size = 1024
	}
	data := gidSet(t, w, h)
	dice := map[string]map[string]map[uint16]float64{}
	for _, mode := range []string{"off", "auto"} {
		out := filepath.Join(t.TempDir(), mode)
		var stdout, stderr bytes.Buffer
		args := []string{"--ort-lib", lib, "--device", "cpu", "--models", "../../engine/testdata/models/models.yaml",
			"--model", "builtin", "--model", "sam-fixture", "--classes", "gid", "--prompt", "box", "--tile", mode, "--out", out}
		if mode == "auto" {
			args = append(args, "--tile-size", strconv.Itoa(size))
		}
		if code := evalMain(append(args, data), &stdout, &stderr); code != exitOK {
			t.Fatalf("--tile %s: exit %d: %s", mode, code, stderr.String())
		}
		dice[mode] = classDice(t, out)
	}
	table := fmt.Sprintf("Dice on a %dx%d GID-like scene, GT box per class (per tile when tiled, tiles %d/%d):\n\n| class | builtin whole | builtin tiled | sam-fixture whole | sam-fixture tiled |\n|---|---:|---:|---:|---:|\n", w, h, size, size/8)
	for _, c := range datasets.GIDClasses().Classes {
		whole := "n/a"
		if d, ok := dice["off"]["builtin"][c.ID]; ok {
			whole = fmt.Sprintf("%.4f", d)
		}
		table += fmt.Sprintf("| %s | %s | %.4f | %.4f | %.4f |\n", c.Name,
			whole, dice["auto"]["builtin"][c.ID], dice["off"]["sam-fixture"][c.ID], dice["auto"]["sam-fixture"][c.ID])
	}
	t.Log("\n" + table)
	for _, v := range []string{"builtin", "sam-fixture"} {
		for _, id := range []uint16{gidscene.BuiltUp, gidscene.Water} {
			whole := dice["off"][v][id]
			if tiled := dice["auto"][v][id]; tiled <= whole {
				t.Errorf("%s class %d: tiled Dice %.4f does not beat whole-image %.4f", v, id, tiled, whole)
			}
		}
	}
}
