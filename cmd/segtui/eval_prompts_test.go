package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --prompts refuses the flags that derive prompts from the ground truth
// (usage error), and a prompts file that is not one (runtime error naming
// the file and what was expected).
func TestEvalPromptsFlag(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "notes.json")
	if err := os.WriteFile(bad, []byte("not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.json")
	if err := os.WriteFile(empty, []byte(`{"cases": [{"case": "A", "slices": [{"slice": 1, "class": 1}]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	neither := filepath.Join(dir, "neither.json")
	if err := os.WriteFile(neither, []byte(`{"cases": [{"case": "A", "slices": [{"slice": 1, "class": 1, "prompts": [{}]}]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "demo")
	if code := runDemo([]string{"--out", data}); code != exitOK {
		t.Fatalf("demo: exit %d", code)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--prompts", bad, "--jitter", "2", data}, exitUsage, "--prompts replays recorded prompts: leave out --jitter"},
		{[]string{"--prompts", bad, "--prompt", "point", "--seed", "1", data}, exitUsage, "leave out --prompt, --seed"},
		{[]string{"--prompts", bad, "--out", filepath.Join(dir, "o1"), data}, exitError, "prompts file " + bad + ": expected eval's results.json"},
		{[]string{"--prompts", empty, "--out", filepath.Join(dir, "o2"), data}, exitError, "no result with prompts"},
		{[]string{"--prompts", neither, "--out", filepath.Join(dir, "o3"), data}, exitError, "slice 1 class 1 has a round with neither a box nor points"},
	} {
		var o, e bytes.Buffer
		if code := evalMain(c.args, &o, &e); code != c.code || !strings.Contains(e.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, e.String(), c.code, c.want)
		}
	}
}
