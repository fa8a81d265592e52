package tui

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets/gidscene"
	"golang.org/x/image/tiff"
)

// TestE2ETmuxLargeScene (make test-large, SEGTUI_LARGE_E2E=1): the binary
// in tmux on a GID-like 7200x6800 scene (an uncompressed RGB TIFF and a
// palette mask, as GID ships), zoomed to 4x: a box around a building near
// the centre, enter, s. The saved palette mask is 7200x6800 and has that
// building, at full resolution, in built-up red: Dice at least 0.9 against
// the building's own pixels, nothing red more than one pixel outside it.
func TestE2ETmuxLargeScene(t *testing.T) {
	if os.Getenv("SEGTUI_LARGE_E2E") == "" {
		t.Skip("SEGTUI_LARGE_E2E=1 runs it (make test-large): a 7200x6800 scene, minutes")
	}
	dir, bin := e2eBinary(t)
	const w, h = 7200, 6800
	s := gidscene.New(w, h, 1)
	data := filepath.Join(dir, "gid")
	for _, d := range []string{"images", "masks"} {
		if err := os.MkdirAll(filepath.Join(data, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(path string, enc func(f *os.File) error) {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := enc(f); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(data, "images", "scene.tif"), func(f *os.File) error { return tiff.Encode(f, s.Image(), nil) })
	write(filepath.Join(data, "masks", "scene.png"), func(f *os.File) error {
		return (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(f, s.Mask())
	})
	b := centralBuilding(t, s)
	t.Logf("building %v", b)

	out := filepath.Join(dir, "out")
	tm := &tmuxTerm{t: t, name: fmt.Sprintf("segtui-large-%d", os.Getpid()), sock: filepath.Join(dir, "tmux.sock")}
	tm.run("new-session", "-d", "-s", tm.name, "-x", "160", "-y", "48",
		fmt.Sprintf("cd %s && XDG_CONFIG_HOME=%s %s --graphics blocks --classes gid --out %s %s; echo SEGTUI-EXITED $?; sleep 30", dir, filepath.Join(dir, "config"), bin, out, data))
	t.Cleanup(func() { tm.run("kill-server") })
	tm.waitFor("scene opened", func(s string) bool { return strings.Contains(s, "opened scene") })
	tm.keys("+", "+", "+", "+")
	tm.waitFor("zoom 4x", func(s string) bool { return strings.Contains(s, "│ zoom 4x") || strings.Contains(s, "│ 4x ⌖") })
	tm.moveCursor(b.Min.X, b.Min.Y)
	tm.keys("b")
	tm.moveCursor(b.Max.X-1, b.Max.Y-1)
	tm.keys("b")
	tm.waitFor("proposal", func(s string) bool { return strings.Contains(s, "proposal for built-up") })
	screen := tm.screen()
	if !strings.Contains(screen, "⌖") && !strings.Contains(screen, "model sees") {
		t.Errorf("the status line does not say which region the model sees:\n%s", screen)
	}
	tm.keys("\r")
	tm.waitFor("accept", func(s string) bool { return strings.Contains(s, "accepted built-up") })
	tm.keys("s")
	tm.waitFor("save", func(s string) bool { return strings.Contains(s, "saved ") })

	f, err := os.Open(filepath.Join(out, "scene_labels.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != image.Rect(0, 0, w, h) {
		t.Fatalf("saved mask is %v, want 7200x6800", img.Bounds())
	}
	inter, red, far := 0, 0, 0
	grown := b.Inset(-1)
	for y := b.Min.Y - 40; y < b.Max.Y+40; y++ {
		for x := b.Min.X - 40; x < b.Max.X+40; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 != 255 || g != 0 || bl != 0 {
				continue
			}
			red++
			if (image.Point{x, y}).In(b) {
				inter++
			} else if !(image.Point{x, y}).In(grown) {
				far++
			}
		}
	}
	area := b.Dx() * b.Dy()
	dice := 2 * float64(inter) / float64(red+area)
	t.Logf("saved mask: %d red px near the building (%d px), Dice %.3f, %d more than a pixel outside", red, area, dice, far)
	if dice < 0.9 || far > 0 {
		t.Errorf("the saved mask does not hold the building at full resolution: Dice %.3f, %d px more than a pixel outside", dice, far)
	}
}

// centralBuilding is the building nearest the scene's centre that stands
// alone: only built-up inside, none in a 3-pixel ring around it.
func centralBuilding(t *testing.T, s *gidscene.Scene) image.Rectangle {
	best, bestD := image.Rectangle{}, -1
	for _, b := range s.Buildings {
		ok := true
		for y := b.Min.Y - 3; y < b.Max.Y+3 && ok; y++ {
			for x := b.Min.X - 3; x < b.Max.X+3 && ok; x++ {
				if x < 0 || y < 0 || x >= s.W || y >= s.H {
					ok = false
					break
				}
				in := (image.Point{x, y}).In(b)
				ok = in == (s.Labels[y*s.W+x] == gidscene.BuiltUp)
			}
		}
		c := b.Min.Add(b.Max).Div(2)
		d := (c.X-s.W/2)*(c.X-s.W/2) + (c.Y-s.H/2)*(c.Y-s.H/2)
		if ok && (bestD < 0 || d < bestD) {
			best, bestD = b, d
		}
	}
	if bestD < 0 {
		t.Fatal("no free-standing building in the scene")
	}
	return best
}
