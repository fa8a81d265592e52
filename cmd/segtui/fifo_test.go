package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The commands on named pipes end with an error naming the pipe;
// before, each waited for a writer forever. The binary runs under a
// deadline that only a hang reaches.
func TestCommandsOnNamedPipes(t *testing.T) {
	bin := buildBinary(t)
	demo := t.TempDir()
	if r := runBin(t, bin, "demo", "--out", demo); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	gt := filepath.Join(demo, "labels", "PHANTOM_0001.nii.gz")
	dir := t.TempDir()
	pipe := func(name string) string {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("cannot make a named pipe: %v", err)
		}
		return p
	}
	data := filepath.Join(dir, "d")
	os.MkdirAll(data, 0o755)
	if b, err := os.ReadFile(filepath.Join(demo, "images", "PHANTOM_0001_0000.nii.gz")); err != nil {
		t.Fatal(err)
	} else if err := os.WriteFile(filepath.Join(data, "caseA.nii.gz"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	pipe("d/caseB.nii.gz")
	json := filepath.Join(dir, "j")
	os.MkdirAll(json, 0o755)
	os.Link(filepath.Join(data, "caseA.nii.gz"), filepath.Join(json, "caseA.nii.gz"))
	pipe("j/dataset.json")
	img := pipe("img.nii.gz")

	for _, c := range []struct {
		name string
		args []string
		code int
		say  string
	}{
		{"info with a pipe among volumes", []string{"info", data}, 0, "caseB.nii.gz"},
		{"info with a pipe as dataset.json", []string{"info", json}, -1, ""},
		{"snapshot of a pipe", []string{"snapshot", img, "--out", filepath.Join(dir, "x.png")}, 1, "img.nii.gz"},
		{"score with a pipe", []string{"score", img, gt}, 1, "img.nii.gz"},
		{"score with a pipe as classes", []string{"score", "--classes", filepath.Join(json, "dataset.json"), gt, gt}, 1, "dataset.json"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, c.args...)
			out, _ := cmd.CombinedOutput()
			if ctx.Err() != nil {
				t.Fatalf("segtui %v hangs", c.args)
			}
			if code := cmd.ProcessState.ExitCode(); c.code >= 0 && code != c.code {
				t.Errorf("exit %d, want %d:\n%s", code, c.code, out)
			}
			if c.say != "" && !strings.Contains(string(out), c.say) {
				t.Errorf("output does not name %s:\n%s", c.say, out)
			}
		})
	}
}
