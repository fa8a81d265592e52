package export_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// segtuiBinary builds the segtui command for the test.
func segtuiBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "segtui")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/segtui").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func runSegtui(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("segtui %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

// The kit's exports of every kind sit in one manifest: segtui models checks
// them all and segtui eval runs them together, one column each, on the real
// AMOS slices (make export-demo does the same on the demo phantom).
func TestKitVariantsTogetherInSegtui(t *testing.T) {
	var dir string
	for _, kind := range []string{"sam", "medsam", "lora", "adapter"} {
		dir = reference(t, kind).Dir
	}
	manifest := filepath.Join(dir, "models.yaml")
	bin := segtuiBinary(t)
	listing := runSegtui(t, bin, "models", "--models", manifest)
	t.Logf("segtui models:\n%s", listing)
	variants := []string{"sam", "medsam", "lora-r1", "lora-r4", "lora-r8", "adapter"}
	for _, v := range variants {
		if !strings.Contains(listing, v+" ") {
			t.Errorf("segtui models does not list %s", v)
		}
	}
	if strings.Contains(listing, "FAILED") {
		t.Errorf("a variant failed its contract check")
	}
	out := t.TempDir()
	log := runSegtui(t, bin, "eval", "--models", manifest, "--classes", "flare22", "--out", out,
		filepath.Join(shared, "realdata", "amos2d"))
	b, err := os.ReadFile(filepath.Join(out, "results.md"))
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	md := string(b)
	t.Logf("segtui eval on amos2d:\n%s", md)
	header := strings.SplitN(md[strings.Index(md, "| Class"):], "\n", 2)[0]
	for _, v := range append([]string{"builtin"}, variants...) {
		if !strings.Contains(header, " "+v+" ") {
			t.Errorf("results.md's table has no column for %s: %s", v, header)
		}
	}
	if !strings.Contains(md, "| liver ") {
		t.Errorf("results.md scores no liver row:\n%s", md)
	}
}
