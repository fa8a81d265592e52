package review

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/engine/eval"
)

func TestLoadResultsErrors(t *testing.T) {
	dir := t.TempDir()
	res := results(items[:1], true, false)
	path := filepath.Join(dir, "run", "results.json")
	writeResults(t, path, res)
	cases := []struct {
		name, path, want string
		setup            func(p string)
	}{
		{"missing", filepath.Join(dir, "nope.json"), "does not exist", nil},
		{"folder without results", filepath.Join(dir, "empty"), "has no results.json", func(p string) { os.Mkdir(p, 0o755) }},
		{"interrupted eval", filepath.Join(dir, "half"), "did not finish", func(p string) {
			os.Mkdir(p, 0o755)
			os.WriteFile(filepath.Join(p, "results.jsonl"), []byte("{}\n"), 0o644)
		}},
		{"not JSON", filepath.Join(dir, "x.json"), "is not a segtui eval results file", func(p string) { os.WriteFile(p, []byte("\x89PNG"), 0o644) }},
		{"other JSON", filepath.Join(dir, "y.json"), "expected version, dataset, plane and cases", func(p string) { os.WriteFile(p, []byte(`{"a":1}`), 0o644) }},
		{"future version", filepath.Join(dir, "z.json"), "results version 99", func(p string) {
			r := *res
			r.Version = 99
			writeResults(t, p, &r)
		}},
	}
	for _, c := range cases {
		if c.setup != nil {
			c.setup(c.path)
		}
		_, _, err := LoadResults(c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	if _, _, err := ReviewPaths(res, path, "", ""); err == nil || !strings.Contains(err.Error(), "--dataset PATH") {
		t.Errorf("moved dataset: %v", err)
	}
	if d, mf, err := ReviewPaths(res, path, dir, ""); err != nil || d != dir || mf != "" {
		t.Errorf("--dataset override: %q %q %v", d, mf, err)
	}
	r := *res
	r.Dataset, r.Models = dir, filepath.Join(dir, "models.yaml")
	if _, _, err := ReviewPaths(&r, path, "", ""); err == nil || !strings.Contains(err.Error(), "--models FILE") {
		t.Errorf("moved manifest: %v", err)
	}
	if _, err := New(&eval.Results{Plane: "axial", Cases: []eval.CaseResult{{Case: "X"}}}, "r.json", Setup{}); err == nil {
		t.Error("results without per-slice Dice were accepted")
	}
}

// R without results looks for ./eval-results: it says what to run when
// there is none, refuses results of other data by name, and otherwise
// opens on the worst failure.
func TestOpenDefault(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	rv, it := OpenDefault(data, setup())
	if rv != nil || it.Msg != "no evaluation results for this data in ./eval-results: run segtui eval --out DIR on it, then segtui review DIR" {
		t.Fatalf("no results: %v %+v", rv != nil, it)
	}
	res := results(items, true, false)
	res.Dataset = filepath.Join(dir, "elsewhere")
	writeResults(t, filepath.Join(dir, "eval-results", "results.json"), res)
	rv, it = OpenDefault(data, setup())
	if rv != nil || !strings.Contains(it.Msg, "evaluated "+res.Dataset+", not this data (") {
		t.Fatalf("results of other data: %v %+v", rv != nil, it)
	}
	res.Dataset = "data" // relative to the working folder: the same place
	writeResults(t, filepath.Join(dir, "eval-results", "results.json"), res)
	rv, it = OpenDefault(data, setup())
	if rv == nil || !it.Jump || rv.Pos() != 0 || len(rv.Order()) != known {
		t.Fatalf("results of this data: %v %+v", rv != nil, it)
	}
}
