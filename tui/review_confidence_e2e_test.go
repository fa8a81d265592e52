package tui

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestReviewWithoutLabelsE2ETmux evaluates the demo phantom with its
// labels, evaluates a copy of its images without labels replaying the
// same prompts (segtui eval --prompts), then drives segtui review on that
// run in a real tmux terminal: it opens on the least confident result, n
// and N step through the order of the combined signal, and the status line
// shows the signal and that there is no ground truth.
func TestReviewWithoutLabelsE2ETmux(t *testing.T) {
	dir, bin := e2eBinary(t)
	demo, bare := filepath.Join(dir, "demo"), filepath.Join(dir, "bare")
	run := func(args ...string) {
		t.Helper()
		if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			t.Fatalf("segtui %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("demo", "--out", demo)
	run("eval", "--out", filepath.Join(dir, "ev"), demo)
	if err := os.MkdirAll(filepath.Join(bare, "images"), 0o755); err != nil {
		t.Fatal(err)
	}
	img, err := os.ReadFile(filepath.Join(demo, "images", "PHANTOM_0001_0000.nii.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bare, "images", "PHANTOM_0001_0000.nii.gz"), img, 0o644); err != nil {
		t.Fatal(err)
	}
	run("eval", "--prompts", filepath.Join(dir, "ev"), "--out", filepath.Join(dir, "evu"), bare)
	want := leastConfidentFromJSON(t, filepath.Join(dir, "evu", "results.json"))

	tm := &tmuxTerm{t: t, name: fmt.Sprintf("segtui-confidence-%d", os.Getpid()), sock: filepath.Join(dir, "tmux.sock")}
	tm.run("new-session", "-d", "-s", tm.name, "-x", "160", "-y", "48",
		fmt.Sprintf("cd / && XDG_CONFIG_HOME=%s %s review --graphics blocks --out %s %s; echo SEGTUI-EXITED $?; sleep 30",
			filepath.Join(dir, "config"), bin, filepath.Join(dir, "out"), filepath.Join(dir, "evu")))
	t.Cleanup(func() { tm.run("kill-server") })

	expect := func(i int) string {
		w := want[i]
		s := fmt.Sprintf("least confident %d/%d · %s · slice %d · builtin · confidence %.2f · no ground truth · box [", i+1, len(want), w.name, w.slice+1, w.conf)
		return tm.waitFor(s, func(screen string) bool { return strings.Contains(screen, s) })
	}
	screen := expect(0)
	if !strings.Contains(screen, fmt.Sprintf("axial %d/", want[0].slice+1)) || !strings.Contains(screen, fmt.Sprintf("Review 1/%d least confident", len(want))) || !strings.Contains(screen, "(no GT)") {
		t.Fatalf("the least confident result's slice or the review panel is not on screen:\n%s", screen)
	}
	t.Logf("least confident: %s on slice %d, combined %.3f (of %d results)", want[0].name, want[0].slice+1, want[0].conf, len(want))
	tm.keys("n")
	expect(1)
	tm.keys("n")
	expect(2)
	tm.keys("N", "N")
	expect(0)
	tm.keys("q")
	tm.waitFor("exit", func(s string) bool { return strings.Contains(s, "SEGTUI-EXITED 0") })
}

type wantConfident struct {
	name  string
	class int
	slice int
	conf  float64
}

// leastConfidentFromJSON reads results.json with plain maps and orders its
// per-slice results by the combined signal, then class, then slice; it
// checks that none has a Dice.
func leastConfidentFromJSON(t *testing.T, path string) []wantConfident {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Classes []struct {
			ID   int    `json:"id"`
			Name string `json:"name"`
		} `json:"classes"`
		Cases []struct {
			Slices []struct {
				Slice   int                `json:"slice"`
				Class   int                `json:"class"`
				Dice    *float64           `json:"dice"`
				Signals map[string]float64 `json:"signals"`
			} `json:"slices"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	names := map[int]string{}
	for _, c := range raw.Classes {
		names[c.ID] = c.Name
	}
	var out []wantConfident
	for _, c := range raw.Cases {
		for _, s := range c.Slices {
			if s.Dice != nil {
				t.Fatalf("%s: slice %d class %d has a Dice, but the data had no labels", path, s.Slice, s.Class)
			}
			if v, ok := s.Signals["combined"]; ok {
				out = append(out, wantConfident{names[s.Class], s.Class, s.Slice, v})
			}
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].conf != out[b].conf {
			return out[a].conf < out[b].conf
		}
		if out[a].class != out[b].class {
			return out[a].class < out[b].class
		}
		return out[a].slice < out[b].slice
	})
	if len(out) < 3 {
		t.Fatalf("%s has %d results with a combined signal; the test needs 3", path, len(out))
	}
	return out
}
