package onnx

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/engine"
)

// resizeZoom and zoomLabels against scipy.ndimage.zoom itself, the way
// SAMed's test_single_volume calls it: cubic on a float slice to the
// network, order 0 on the labels back.
func TestResizeZoomMatchesSciPy(t *testing.T) {
	py := pythonWithSkimage(t) // scikit-image brings scipy
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(5, 6))
	for _, c := range []struct{ w, h, nw, nh int }{{512, 317, 512, 512}, {45, 61, 128, 128}, {100, 80, 33, 27}} {
		grey := make([]float32, c.w*c.h)
		rgb := make([]float32, 3*len(grey))
		for i := range grey {
			grey[i] = rng.Float32()
			rgb[3*i], rgb[3*i+1], rgb[3*i+2] = grey[i], grey[i], grey[i]
		}
		labels := make([]uint16, c.nw*c.nh)
		for i := range labels {
			labels[i] = uint16(rng.IntN(9))
		}
		in, lab := filepath.Join(dir, "in.f32"), filepath.Join(dir, "lab.u16")
		writeRaw(t, in, grey)
		buf := make([]byte, 2*len(labels))
		for i, v := range labels {
			binary.LittleEndian.PutUint16(buf[2*i:], v)
		}
		if err := os.WriteFile(lab, buf, 0o644); err != nil {
			t.Fatal(err)
		}
		out, outLab := filepath.Join(dir, "out.f32"), filepath.Join(dir, "out.u16")
		script := fmt.Sprintf(`import numpy as np
from scipy.ndimage import zoom
img = np.fromfile(%[1]q, dtype=np.float32).reshape(%[3]d, %[2]d)
zoom(img, (%[5]d / %[3]d, %[4]d / %[2]d), order=3).astype(np.float32).tofile(%[6]q)
lab = np.fromfile(%[7]q, dtype=np.uint16).reshape(%[5]d, %[4]d).astype(np.int64)
zoom(lab, (%[3]d / %[5]d, %[2]d / %[4]d), order=0).astype(np.uint16).tofile(%[8]q)`,
			in, c.w, c.h, c.nw, c.nh, out, lab, outLab)
		if b, err := exec.Command(py, "-c", script).CombinedOutput(); err != nil {
			t.Fatalf("scipy: %v\n%s", err, b)
		}
		want := readRaw(t, out)
		got := resizeZoom(rgb, c.w, c.h, c.nw, c.nh)
		worst := 0.0
		for i, v := range want {
			for ch := 0; ch < 3; ch++ {
				worst = math.Max(worst, math.Abs(float64(got[3*i+ch]-v)))
			}
		}
		if worst > 1e-5 {
			t.Errorf("%dx%d -> %dx%d: zoom differs from scipy by up to %g", c.w, c.h, c.nw, c.nh, worst)
		}
		b, err := os.ReadFile(outLab)
		if err != nil {
			t.Fatal(err)
		}
		back := zoomLabels(labels, c.nw, c.nh, c.w, c.h)
		differ := 0
		for i := range back {
			if back[i] != binary.LittleEndian.Uint16(b[2*i:]) {
				differ++
			}
		}
		if differ > 0 {
			t.Errorf("%dx%d labels -> %dx%d: %d of %d differ from scipy's order-0 zoom", c.nw, c.nh, c.w, c.h, differ, len(back))
		}
	}
}

func writeRaw(t *testing.T, path string, v []float32) {
	t.Helper()
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readRaw(t *testing.T, path string) []float32 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v
}

// A semantic model's windowing keeps the fractions a float pipeline has:
// 40.7 HU in a 75/400 window is 106.2, not 106.
func TestToFloat255KeepsFractions(t *testing.T) {
	img := &engine.Image{Width: 2, Height: 1, Grey: []float32{40.7, -300}, CT: true}
	got := toFloat255(img, &engine.Window{Level: 75, Width: 400})
	want := float32((40.7 + 125) * 255 / 400)
	if math.Abs(float64(got[0]-want)) > 1e-4 || got[3] != 0 {
		t.Errorf("toFloat255 = %v, %v; want %v, 0", got[0], got[3], want)
	}
}
