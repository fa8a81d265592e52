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

// TestReviewE2ETmux writes the demo phantom with segtui demo, evaluates it
// with segtui eval, then drives segtui review in a real tmux terminal with
// half-block graphics: the worst failure comes first, n and N step through
// them in order, and a re-prompt is compared with the stored Dice.
func TestReviewE2ETmux(t *testing.T) {
	dir, bin := e2eBinary(t)
	for _, args := range [][]string{{"demo", "--out", filepath.Join(dir, "demo")}, {"eval", "--out", filepath.Join(dir, "ev"), filepath.Join(dir, "demo")}} {
		if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			t.Fatalf("segtui %s: %v\n%s", args[0], err, out)
		}
	}
	want := worstFirstFromJSON(t, filepath.Join(dir, "ev", "results.json"))

	tm := &tmuxTerm{t: t, name: fmt.Sprintf("segtui-review-%d", os.Getpid()), sock: filepath.Join(dir, "tmux.sock")}
	// Run from another folder: the results record absolute paths.
	tm.run("new-session", "-d", "-s", tm.name, "-x", "160", "-y", "48",
		fmt.Sprintf("cd / && XDG_CONFIG_HOME=%s %s review --graphics blocks --out %s %s; echo SEGTUI-EXITED $?; sleep 30",
			filepath.Join(dir, "config"), bin, filepath.Join(dir, "out"), filepath.Join(dir, "ev")))
	t.Cleanup(func() { tm.run("kill-server") })

	expect := func(i int) string {
		w := want[i]
		s := fmt.Sprintf("failure %d/%d · %s · slice %d · builtin · Dice %.3f · box [", i+1, len(want), w.name, w.slice+1, w.dice)
		return tm.waitFor(s, func(screen string) bool { return strings.Contains(screen, s) })
	}
	screen := expect(0)
	if !strings.Contains(screen, fmt.Sprintf("axial %d/", want[0].slice+1)) || !strings.Contains(screen, fmt.Sprintf("Review 1/%d", len(want))) {
		t.Fatalf("the worst failure's slice or the review panel is not on screen:\n%s", screen)
	}
	t.Logf("worst failure: %s on slice %d, Dice %.3f (of %d results)", want[0].name, want[0].slice+1, want[0].dice, len(want))
	tm.keys("n")
	expect(1)
	tm.keys("n")
	expect(2)
	tm.keys("N")
	expect(1)
	tm.keys(" ") // a positive point at the box centre, added to eval's box
	now := fmt.Sprintf("(builtin) vs %.3f in eval (builtin) · %s · slice %d", want[1].dice, want[1].name, want[1].slice+1)
	screen = tm.waitFor("re-prompt comparison", func(s string) bool { return strings.Contains(s, now) })
	t.Logf("after a re-prompt: %s", strings.TrimSpace(screen[strings.LastIndex(screen, "now "):strings.Index(screen, now)+len(now)]))
	tm.keys("q")
	tm.waitFor("exit", func(s string) bool { return strings.Contains(s, "SEGTUI-EXITED 0") })
}

type wantFailure struct {
	name  string
	class int
	slice int
	dice  float64
}

// worstFirstFromJSON reads results.json with plain maps (not the eval
// types) and orders its per-slice results by Dice, then class, then slice.
func worstFirstFromJSON(t *testing.T, path string) []wantFailure {
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
				Slice int      `json:"slice"`
				Class int      `json:"class"`
				Dice  *float64 `json:"dice"`
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
	var out []wantFailure
	for _, c := range raw.Cases {
		for _, s := range c.Slices {
			if s.Dice != nil {
				out = append(out, wantFailure{names[s.Class], s.Class, s.Slice, *s.Dice})
			}
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].dice != out[b].dice {
			return out[a].dice < out[b].dice
		}
		if out[a].class != out[b].class {
			return out[a].class < out[b].class
		}
		return out[a].slice < out[b].slice
	})
	if len(out) < 3 {
		t.Fatalf("%s has %d per-slice results; the test needs 3", path, len(out))
	}
	return out
}
