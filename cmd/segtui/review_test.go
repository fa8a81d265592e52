package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/engine/eval"
)

// TestReviewCLIErrors runs the built binary: usage errors exit 2, files
// that are missing, not results, or name data that moved exit 1 with a
// message that says what to do; none of them touches the terminal.
func TestReviewCLIErrors(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	writeJSON := func(name string, v any) string {
		p := filepath.Join(dir, name)
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	d := 0.5
	res := eval.Results{
		Version: eval.ResultsVersion, Dataset: filepath.Join(dir, "moved-away"), Plane: "axial", Protocol: "box",
		Variants: []string{"builtin"},
		Cases: []eval.CaseResult{{Case: "C1", Variant: "builtin", Slices: []eval.SliceResult{{Slice: 0, Class: 1, Dice: &d,
			Mask: eval.EncodeRLE(make([]bool, 4), 2, 2)}}}},
	}
	moved := writeJSON("moved.json", res)
	res.Dataset, res.Models = dir, filepath.Join(dir, "models.yaml")
	noManifest := writeJSON("nomodels.json", res)
	notResults := writeJSON("other.json", map[string]int{"a": 1})
	garbage := filepath.Join(dir, "garbage.json")
	os.WriteFile(garbage, []byte("\x89PNG\r\n"), 0o644)

	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no argument", nil, exitUsage, "expected one RESULTS.json"},
		{"two arguments", []string{moved, moved}, exitUsage, "got 2 arguments"},
		{"bad flag", []string{"--bogus", moved}, exitUsage, "flag provided but not defined"},
		{"bad graphics", []string{"--graphics", "vt100", moved}, exitUsage, "--graphics \"vt100\""},
		{"help", []string{"--help"}, exitOK, "Usage: segtui review"},
		{"missing file", []string{filepath.Join(dir, "nope.json")}, exitError, "does not exist"},
		{"folder without results", []string{t.TempDir()}, exitError, "has no results.json"},
		{"not JSON", []string{garbage}, exitError, "is not a segtui eval results file"},
		{"other JSON", []string{notResults}, exitError, "is not a segtui eval results file"},
		{"dataset moved", []string{moved}, exitError, "pass --dataset PATH"},
		{"manifest moved", []string{noManifest}, exitError, "pass --models FILE"},
		{"--dataset missing", []string{"--dataset", filepath.Join(dir, "nowhere"), moved}, exitError, "--dataset"},
	}
	for _, c := range cases {
		r := runBin(t, bin, append([]string{"review"}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and %q", c.name, r.code, r.stderr, c.code, c.want)
		}
	}
	if r := runBin(t, bin, "help"); !strings.Contains(r.stdout, "segtui review RESULTS.json") {
		t.Errorf("segtui help does not list review:\n%s", r.stdout)
	}
}
