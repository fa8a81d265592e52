package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// binPath is the segtui binary built once for these tests, so they exercise
// exactly what a user runs.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "segtui")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type result struct {
	stdout, stderr string
	code           int
}

func runBin(t *testing.T, bin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	return result{so.String(), se.String(), code}
}

func TestCLI(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()

	t.Run("help exits 0 for every command", func(t *testing.T) {
		for _, args := range [][]string{{"--help"}, {"demo", "--help"}, {"info", "--help"}, {"help"}} {
			r := runBin(t, bin, args...)
			if r.code != exitOK {
				t.Errorf("%v: exit %d, want 0\n%s", args, r.code, r.stderr)
			}
			if !strings.Contains(r.stdout+r.stderr, "segtui") {
				t.Errorf("%v: help does not name the command:\n%s%s", args, r.stdout, r.stderr)
			}
		}
	})

	t.Run("usage errors exit 2 and say what was expected", func(t *testing.T) {
		cases := []struct {
			args []string
			want string
		}{
			{[]string{"--device", "gpu"}, "expected one of auto, cpu, cuda"},
			{[]string{"--graphics", "png"}, "expected one of auto, sixel, kitty, iterm, blocks"},
			{[]string{"--no-such-flag"}, "no-such-flag"},
			{[]string{"demo"}, "--out DIR is required"},
			{[]string{"info"}, "expected one PATH"},
			{[]string{"a", "b"}, "at most one PATH"},
		}
		for _, c := range cases {
			r := runBin(t, bin, c.args...)
			if r.code != exitUsage {
				t.Errorf("%v: exit %d, want 2", c.args, r.code)
			}
			if !strings.Contains(r.stderr, c.want) {
				t.Errorf("%v: stderr %q does not contain %q", c.args, r.stderr, c.want)
			}
		}
	})

	t.Run("runtime errors exit 1 and name the path", func(t *testing.T) {
		missing := filepath.Join(dir, "nope.nii.gz")
		r := runBin(t, bin, "info", missing)
		if r.code != exitError || !strings.Contains(r.stderr, missing) {
			t.Errorf("info on a missing file: exit %d, stderr %q", r.code, r.stderr)
		}
	})

	t.Run("demo then info lists one case with all 13 organs", func(t *testing.T) {
		out := filepath.Join(dir, "phantom")
		if r := runBin(t, bin, "demo", "--out", out); r.code != 0 {
			t.Fatalf("demo: exit %d\n%s", r.code, r.stderr)
		}
		for _, p := range []string{"images/PHANTOM_0001_0000.nii.gz", "labels/PHANTOM_0001.nii.gz"} {
			if _, err := os.Stat(filepath.Join(out, p)); err != nil {
				t.Fatalf("demo did not write %s: %v", p, err)
			}
		}
		r := runBin(t, bin, "info", "--json", out)
		if r.code != 0 {
			t.Fatalf("info: exit %d\n%s", r.code, r.stderr)
		}
		var info datasetInfo
		if err := json.Unmarshal([]byte(r.stdout), &info); err != nil {
			t.Fatalf("info --json is not JSON: %v\n%s", err, r.stdout)
		}
		if info.Layout != "flare22" || len(info.Cases) != 1 {
			t.Fatalf("want one flare22 case, got layout %q with %d cases", info.Layout, len(info.Cases))
		}
		c := info.Cases[0]
		organs := map[uint16]string{}
		for _, l := range c.LabelIDs {
			if l.ID != 0 && l.Voxels > 0 {
				organs[l.ID] = l.Name
			}
		}
		if len(organs) != 13 {
			t.Fatalf("want 13 organs, got %d: %v", len(organs), organs)
		}
		if organs[1] != "liver" || organs[13] != "left kidney" {
			t.Errorf("class names: 1=%q 13=%q", organs[1], organs[13])
		}
		if c.DataType != "int16" || c.Orientation == "" || c.Min > -900 || c.Max < 300 {
			t.Errorf("implausible image description: %+v", c)
		}

		text := runBin(t, bin, "info", out)
		for _, want := range []string{"PHANTOM_0001", "orientation", "liver", "spacing"} {
			if !strings.Contains(text.stdout, want) {
				t.Errorf("text info lacks %q:\n%s", want, text.stdout)
			}
		}
	})
}

// TestErrorsStripControlCharacters: a hostile file name in an error message
// must not reach the terminal as escape sequences.
func TestErrorsStripControlCharacters(t *testing.T) {
	bin := buildBinary(t)
	hostile := filepath.Join(t.TempDir(), "scan\x1b]0;pwned\x07\x1b[31mred.nii.gz")
	r := runBin(t, bin, "info", hostile)
	if r.code != exitError {
		t.Fatalf("info on a missing hostile name: exit %d, want 1", r.code)
	}
	if strings.ContainsAny(r.stderr, "\x1b\x07") {
		t.Errorf("stderr carries control characters: %q", r.stderr)
	}
	if !strings.Contains(r.stderr, "scanred.nii.gz") {
		t.Errorf("stderr lost the visible part of the name: %q", r.stderr)
	}
}
