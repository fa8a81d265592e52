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

// pythonWithPIL finds a Python that imports Pillow (Debian's python3-pil,
// which torchvision pulls in), or skips.
func pythonWithPIL(t *testing.T) string {
	t.Helper()
	for _, py := range []string{os.Getenv("SEGTUI_PYTHON"), "/usr/bin/python3", "python3"} {
		if py == "" {
			continue
		}
		if err := exec.Command(py, "-c", "import PIL.Image").Run(); err == nil {
			return py
		}
	}
	t.Skip("no python3 with Pillow (Debian python3-pil) to compare against")
	return ""
}

// resizePIL must give Pillow's bytes exactly, up, down and one axis at a time.
func TestResizePILMatchesPillow(t *testing.T) {
	py := pythonWithPIL(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct{ w, h, nw, nh int }{
		{512, 317, 1024, 634}, {37, 23, 64, 40}, {100, 80, 33, 27}, {50, 40, 50, 77}, {61, 45, 128, 45}, {2000, 9, 1024, 5},
	} {
		src := make([]uint8, 3*c.w*c.h)
		for i := range src {
			src[i] = uint8(rng.IntN(256))
		}
		in, out := filepath.Join(dir, "in.raw"), filepath.Join(dir, "out.raw")
		if err := os.WriteFile(in, src, 0o644); err != nil {
			t.Fatal(err)
		}
		script := fmt.Sprintf(`from PIL import Image
im = Image.frombytes("RGB", (%d, %d), open(%q, "rb").read())
open(%q, "wb").write(im.resize((%d, %d), Image.BILINEAR).tobytes())`, c.w, c.h, in, out, c.nw, c.nh)
		if b, err := exec.Command(py, "-c", script).CombinedOutput(); err != nil {
			t.Fatalf("pillow: %v\n%s", err, b)
		}
		want, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		got := resizePIL(src, c.w, c.h, c.nw, c.nh)
		if !bytes.Equal(got, want) {
			diff := 0
			for i := range got {
				if got[i] != want[i] {
					diff++
				}
			}
			t.Errorf("%dx%d -> %dx%d: %d of %d bytes differ from Pillow", c.w, c.h, c.nw, c.nh, diff, len(want))
		}
	}
}
