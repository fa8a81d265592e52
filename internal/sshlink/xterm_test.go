package sshlink

import (
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// termShot is the shared real-terminal driver (../shared/tools/term-shot).
const termShot = "../../../shared/tools/term-shot/term-shot"

// TestSSHXtermPatchesMatchFullFrame runs segtui over ssh through the
// 10 Mbit/s, 60 ms link in a real xterm (sixel, VT340) and moves the
// cursor nine times, each move sent as a sixel patch; then help and
// escape make the whole frame go again. The two screenshots must agree in
// every pixel above the status line: the patches left xterm showing
// exactly the frame.
func TestSSHXtermPatchesMatchFullFrame(t *testing.T) {
	needSSH(t)
	ts, err := filepath.Abs(termShot)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(ts); err != nil {
		t.Skipf("term-shot is missing (%v): needs ../shared/tools", err)
	}
	for _, bin := range []string{"xterm", "Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("%s is not installed: term-shot needs xvfb xdotool imagemagick xterm", bin)
		}
	}
	r := newRig(t)
	relay, err := StartRelay(r.sshd.Addr(), poorLink, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	defer relay.Close()
	dir := t.TempDir()
	env := append(os.Environ(), "TERM_SHOT_DIR="+filepath.Join(dir, "ts"))
	shot := func(args ...string) {
		t.Helper()
		cmd := exec.Command(ts, args...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("term-shot %s: %v: %s", strings.Join(args, " "), err, out)
		}
	}
	remote := "exec " + shellQuote(r.bin) + " --graphics sixel --out " + shellQuote(filepath.Join(dir, "out"))
	shot(append([]string{"start", "xterm", "-g", "160x48", "--"}, r.sshd.SSHArgs(relay.Port(), remote)...)...)
	defer shot("stop")
	time.Sleep(8 * time.Second)
	shot("key", "l l l l l l j j j")
	time.Sleep(3 * time.Second)
	a := filepath.Join(dir, "patched.png")
	shot("shot", a)
	shot("key", "question")
	time.Sleep(2 * time.Second)
	shot("key", "Escape")
	time.Sleep(3 * time.Second)
	b := filepath.Join(dir, "full.png")
	shot("shot", b)

	pa, pb := readPNG(t, a), readPNG(t, b)
	if pa.Bounds() != pb.Bounds() {
		t.Fatalf("screenshots differ in size: %v, %v", pa.Bounds(), pb.Bounds())
	}
	bd := pa.Bounds()
	rowH := bd.Dy() / termRows
	diff, lit := 0, 0
	for y := bd.Min.Y; y < bd.Max.Y-3*rowH; y++ { // the status and hint lines differ (KB per image)
		for x := bd.Min.X; x < bd.Max.X; x++ {
			r1, g1, b1, _ := pa.At(x, y).RGBA()
			r2, g2, b2, _ := pb.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				diff++
			}
			if r1>>8 > 100 && g1>>8 > 100 && b1>>8 > 100 {
				lit++
			}
		}
	}
	if lit < 20000 {
		t.Fatalf("the patched screenshot shows little (%d light pixels): no image on screen? see %s", lit, a)
	}
	if diff != 0 {
		keep := filepath.Join(os.TempDir(), "segtui-xterm-patch")
		_ = os.MkdirAll(keep, 0o755)
		_ = exec.Command("cp", a, b, keep).Run()
		t.Fatalf("%d pixels differ between the patched screen and the whole frame sent again (screenshots in %s)", diff, keep)
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}
