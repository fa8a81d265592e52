package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
	"github.com/segtui/segtui/datasets/phantom"
	"github.com/segtui/segtui/engine/metrics"
)

// e2eBinary skips without tmux or in -short mode, else builds the segtui
// binary into a fresh temp folder and returns both.
func e2eBinary(t *testing.T) (dir, bin string) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed; the end-to-end test needs a real terminal")
	}
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	dir = t.TempDir()
	bin = filepath.Join(dir, "segtui")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/segtui").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return dir, bin
}

// TestE2ETmux runs the built binary on the demo in a real tmux terminal
// with half-block graphics, as the issue specifies: auto-prompt, read the
// Dice panel off the screen, then label another slice by keys (box and
// points), accept, save, quit, and check the file with the datasets reader.
func TestE2ETmux(t *testing.T) {
	dir, bin := e2eBinary(t)
	out := filepath.Join(dir, "out")
	cfgDir := filepath.Join(dir, "config") // no user key overrides
	tm := &tmuxTerm{t: t, name: fmt.Sprintf("segtui-e2e-%d", os.Getpid()), sock: filepath.Join(dir, "tmux.sock")}
	tm.run("new-session", "-d", "-s", tm.name, "-x", "160", "-y", "48",
		fmt.Sprintf("cd %s && XDG_CONFIG_HOME=%s %s --graphics blocks --out %s; echo SEGTUI-EXITED $?; sleep 30", dir, cfgDir, bin, out))
	t.Cleanup(func() { tm.run("kill-server") })

	tm.waitFor("case opened", func(s string) bool { return strings.Contains(s, "opened PHANTOM_0001") })
	tm.keys("a")
	screen := tm.waitFor("auto-prompt result", func(s string) bool { return strings.Contains(s, "1 labelled slices") })
	liver := diceOnScreen(t, screen, "1 liver")
	t.Logf("liver Dice after a: %.3f", liver)
	if liver < 0.8 {
		t.Fatalf("liver Dice %.3f on screen, want >= 0.8\n%s", liver, screen)
	}
	start := sliceOnScreen(t, screen)

	// Another slice, labelled by keys alone.
	tm.keys(".", ".", ".", ".", ".")
	target := start + 5
	tm.waitFor("slice change", func(s string) bool { return strings.Contains(s, fmt.Sprintf("axial %d/", target+1)) })
	img, lab := phantom.New(phantom.DefaultSeed)
	gt, v := lab.Slice(datasets.Axial, target)
	box, inside, outside := liverPrompts(t, gt, v.Width, v.Height)
	// Prompt at 4x zoom: the cursor walks the box corners off the view and
	// the view pans after it; the prompts land on the same slice pixels.
	tm.keys("+", "+", "+", "+")
	tm.waitFor("zoom", func(s string) bool { return strings.Contains(s, "│ zoom 4x") || strings.Contains(s, "│ 4x ⌖") })
	tm.moveCursor(box[0], box[1])
	tm.keys("b")
	tm.moveCursor(box[2], box[3])
	tm.keys("b")
	tm.moveCursor(inside[0], inside[1])
	tm.keys(" ")
	tm.moveCursor(outside[0], outside[1])
	tm.keys("x")
	tm.waitFor("proposal", func(s string) bool {
		return strings.Contains(s, "proposal for liver") && strings.Contains(s, "prompts 1+ 1− box")
	})
	tm.keysNamed("Enter")
	screen = tm.waitFor("accept", func(s string) bool { return strings.Contains(s, "2 labelled slices") })
	t.Logf("liver Dice on the key-labelled slice: %.3f", diceOnScreen(t, screen, "1 liver"))
	tm.keys("s")
	tm.waitFor("save", func(s string) bool { return strings.Contains(s, "saved ") })
	tm.keys("q")
	tm.waitFor("exit", func(s string) bool { return strings.Contains(s, "SEGTUI-EXITED 0") })

	saved, err := nifti.ReadLabels(filepath.Join(out, "PHANTOM_0001_labels.nii.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if !saved.SameGrid(img.Grid) {
		t.Fatalf("saved labels are %s, not on the image grid %s", saved.ShapeString(), img.ShapeString())
	}
	for _, n := range []int{start, target} {
		got, _ := saved.Slice(datasets.Axial, n)
		want, _ := lab.Slice(datasets.Axial, n)
		d, _ := metrics.ClassDice(want, got, []uint16{1})
		score, _ := d[1].Dice()
		t.Logf("saved slice %d: liver Dice %.3f against ground truth", n, score)
		if score < 0.5 {
			t.Errorf("saved slice %d has liver Dice %.3f", n, score)
		}
	}
	if _, err := os.Stat(filepath.Join(out, ".journal")); err != nil {
		t.Errorf("no journal written: %v", err)
	}
}

type tmuxTerm struct {
	t          *testing.T
	name, sock string
}

func (tm *tmuxTerm) run(args ...string) string {
	out, err := exec.Command("tmux", append([]string{"-S", tm.sock}, args...)...).CombinedOutput()
	if err != nil && args[0] != "kill-server" {
		tm.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (tm *tmuxTerm) screen() string { return tm.run("capture-pane", "-p", "-t", tm.name) }

func (tm *tmuxTerm) keys(keys ...string) {
	for _, k := range keys {
		tm.run("send-keys", "-t", tm.name, "-l", k)
	}
}

func (tm *tmuxTerm) keysNamed(keys ...string) {
	tm.run(append([]string{"send-keys", "-t", tm.name}, keys...)...)
}

func (tm *tmuxTerm) waitFor(what string, ok func(string) bool) string {
	deadline := time.Now().Add(60 * time.Second)
	for {
		s := tm.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("waiting for %s; screen:\n%s", what, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

var cursorRE = regexp.MustCompile(`cursor \((\d+),(\d+)\)`)

// moveCursor presses h/j/k/l (and H/J/K/L for 8) until the status line
// shows the cursor at (x, y).
func (tm *tmuxTerm) moveCursor(x, y int) {
	s := tm.screen()
	m := cursorRE.FindStringSubmatch(s)
	if m == nil {
		tm.t.Fatalf("no cursor on the status line:\n%s", s)
	}
	cx, _ := strconv.Atoi(m[1])
	cy, _ := strconv.Atoi(m[2])
	var keys []string
	step := func(d int, big, small string) {
		for ; d >= 8; d -= 8 {
			keys = append(keys, big)
		}
		for ; d > 0; d-- {
			keys = append(keys, small)
		}
	}
	if x > cx {
		step(x-cx, "L", "l")
	} else {
		step(cx-x, "H", "h")
	}
	if y > cy {
		step(y-cy, "J", "j")
	} else {
		step(cy-y, "K", "k")
	}
	tm.keys(strings.Join(keys, ""))
	want := fmt.Sprintf("cursor (%d,%d)", x, y)
	tm.waitFor(want, func(s string) bool { return strings.Contains(s, want) })
}

func diceOnScreen(t *testing.T, screen, row string) float64 {
	for _, l := range strings.Split(screen, "\n") {
		i := strings.Index(l, row)
		if i < 0 {
			continue
		}
		f := strings.Fields(l[i+len(row):])
		if len(f) == 0 {
			break
		}
		d, err := strconv.ParseFloat(f[0], 64)
		if err != nil {
			t.Fatalf("row %q has no Dice number: %q", row, l)
		}
		return d
	}
	t.Fatalf("no %q row on screen:\n%s", row, screen)
	return 0
}

var sliceRE = regexp.MustCompile(`axial (\d+)/\d+`)

func sliceOnScreen(t *testing.T, screen string) int {
	m := sliceRE.FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no slice number on screen:\n%s", screen)
	}
	n, _ := strconv.Atoi(m[1])
	return n - 1
}

// liverPrompts derives, from ground truth, the liver's bounding box, a
// liver pixel near its centre, and a background pixel inside the box at
// least 4 pixels from the liver: what a user would aim for.
func liverPrompts(t *testing.T, gt []uint16, w, h int) (box [4]int, in, out [2]int) {
	box = [4]int{w, h, -1, -1}
	var sx, sy, n int
	for i, id := range gt {
		if id == 1 {
			x, y := i%w, i/w
			box = [4]int{min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y)}
			sx, sy, n = sx+x, sy+y, n+1
		}
	}
	if n == 0 {
		t.Fatal("no liver on the target slice")
	}
	cx, cy := sx/n, sy/n
	best := -1
	far := func(x, y int) bool {
		for dy := -4; dy <= 4; dy++ {
			for dx := -4; dx <= 4; dx++ {
				xx, yy := x+dx, y+dy
				if xx >= 0 && yy >= 0 && xx < w && yy < h && gt[yy*w+xx] == 1 {
					return false
				}
			}
		}
		return true
	}
	bestOut := -1
	for y := box[1]; y <= box[3]; y++ {
		for x := box[0]; x <= box[2]; x++ {
			d := (x-cx)*(x-cx) + (y-cy)*(y-cy)
			if gt[y*w+x] == 1 && (best < 0 || d < best) {
				best, in = d, [2]int{x, y}
			}
			if gt[y*w+x] == 0 && far(x, y) && (bestOut < 0 || d < bestOut) {
				bestOut, out = d, [2]int{x, y}
			}
		}
	}
	if bestOut < 0 {
		out = [2]int{max(0, box[0]-6), max(0, box[1]-6)}
	}
	return box, in, out
}
