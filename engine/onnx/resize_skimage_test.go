package onnx

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// pythonWithSkimage finds a Python with scikit-image (Debian python3-skimage).
func pythonWithSkimage(t *testing.T) string {
	t.Helper()
	for _, py := range []string{os.Getenv("SEGTUI_PYTHON"), "/usr/bin/python3", "python3"} {
		if py == "" {
			continue
		}
		if err := exec.Command(py, "-c", "import skimage.transform").Run(); err == nil {
			return py
		}
	}
	t.Skip("no python3 with scikit-image (Debian python3-skimage) to compare against")
	return ""
}

// resizeSkimage must give MedSAM_Inference.py's bytes: skimage's resize
// (order 3, anti-aliasing) then astype(uint8), up, down and mixed, on noise
// and on smooth and flat images, where truncation is most fragile.
func TestResizeSkimageMatchesScikitImage(t *testing.T) {
	py := pythonWithSkimage(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 4))
	cases := []struct {
		w, h, nw, nh int
		kind         string
	}{
		{512, 317, 1024, 1024, "noise"}, {61, 45, 128, 128, "noise"}, {100, 80, 33, 27, "noise"},
		{300, 20, 64, 64, "noise"}, {64, 64, 64, 64, "noise"}, {120, 90, 256, 256, "smooth"}, {40, 30, 97, 61, "flat"},
	}
	srcs := make([][]uint8, len(cases))
	script := "import numpy as np\nfrom skimage import transform\n"
	for n, c := range cases {
		src := make([]uint8, 3*c.w*c.h)
		for y := 0; y < c.h; y++ {
			for x := 0; x < c.w; x++ {
				var v uint8
				switch c.kind {
				case "noise":
					v = uint8(rng.IntN(256))
				case "smooth":
					v = uint8((x*3 + y*2) % 256)
				default:
					v = 200
					if x > c.w/2 {
						v = 37
					}
				}
				o := 3 * (y*c.w + x)
				src[o], src[o+1], src[o+2] = v, v, v
			}
		}
		srcs[n] = src
		in, out := filepath.Join(dir, fmt.Sprintf("in%d.raw", n)), filepath.Join(dir, fmt.Sprintf("out%d.raw", n))
		if err := os.WriteFile(in, src, 0o644); err != nil {
			t.Fatal(err)
		}
		script += fmt.Sprintf(`img = np.fromfile(%q, dtype=np.uint8).reshape(%d, %d, 3)
transform.resize(img, (%d, %d), order=3, preserve_range=True, anti_aliasing=True).astype(np.uint8).tofile(%q)
`, in, c.h, c.w, c.nh, c.nw, out)
	}
	if b, err := exec.Command(py, "-c", script).CombinedOutput(); err != nil {
		t.Fatalf("skimage: %v\n%s", err, b)
	}
	for n, c := range cases {
		want, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("out%d.raw", n)))
		if err != nil {
			t.Fatal(err)
		}
		got := resizeSkimage(srcs[n], c.w, c.h, c.nw, c.nh)
		if !bytes.Equal(got, want) {
			diff, worst := 0, 0
			for i := range got {
				if got[i] != want[i] {
					diff++
					worst = max(worst, absInt(int(got[i])-int(want[i])))
				}
			}
			t.Errorf("%s %dx%d -> %dx%d: %d of %d bytes differ from scikit-image (by up to %d)", c.kind, c.w, c.h, c.nw, c.nh, diff, len(want), worst)
		}
	}
}

func absInt(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
