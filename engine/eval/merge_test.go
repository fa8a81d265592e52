package eval

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/builtin"
	"github.com/segtui/segtui/engine/confidence"
	"github.com/segtui/segtui/engine/metrics"
)

// twoVariantConfig evaluates the phantom set with the built-in engine under
// two names, so that shards split variants as well as cases; model is a
// stand-in model file fingerprinted as the second variant's.
func twoVariantConfig(ds *datasets.Dataset, model, out string, shard Shard) Config {
	p, _ := ParseProtocol("box")
	return Config{
		Dataset: ds, DatasetPath: ds.Root, Protocol: p, JitterPX: 2, Seed: 3,
		Variants: []Variant{
			{Name: "builtin", Engine: builtin.New(), Workers: BuiltinWorkers()},
			{Name: "builtin-b", Engine: builtin.New(), Workers: BuiltinWorkers(), Files: []string{model}},
		},
		Plane: datasets.Axial, Rules: metrics.FLARE22Rules(), OutDir: filepath.Join(out, shard.Dir()), Shard: shard,
	}
}

func runShard(t *testing.T, cfg Config) {
	t.Helper()
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatalf("shard %s: %v", cfg.Shard, err)
	}
}

// withoutTimings blanks what depends on the clock: per-case seconds, the
// throughput and the report's slices/s lines.
func withoutTimings(t *testing.T, name string, b []byte) string {
	t.Helper()
	if name != "results.json" {
		return regexp.MustCompile(`(?m)^.*slices/s\n`).ReplaceAllString(string(b), "")
	}
	var r Results
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	r.SlicesPerSecond = nil
	for i := range r.Cases {
		r.Cases[i].Seconds = 0
	}
	out, _ := json.MarshalIndent(r, "", " ")
	return string(out)
}

func stubModel(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "model.onnx")
	if err := os.WriteFile(p, []byte("weights v1"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestShardedRunMergesToOneRun runs three shards in a scrambled order
// (shard 1 last, interrupted and resumed), merges them and wants the report one
// run writes, byte for byte but for the timings.
func TestShardedRunMergesToOneRun(t *testing.T) {
	ds := phantomSet(t)
	model := stubModel(t)
	one := t.TempDir()
	whole := twoVariantConfig(ds, model, one, Shard{})
	whole.OutDir = one
	runShard(t, whole)

	out := t.TempDir()
	runShard(t, twoVariantConfig(ds, model, out, Shard{3, 3}))
	runShard(t, twoVariantConfig(ds, model, out, Shard{2, 3}))
	// Shard 1 owns case 1 with both variants (2 cases x 2 variants over 3
	// shards: pairs 1-2, 3, 4): stop it after its first pair and resume.
	ctx, cancel := context.WithCancel(context.Background())
	cfg := twoVariantConfig(ds, model, out, Shard{1, 3})
	cfg.AfterCase = func(string, string) { cancel() }
	if _, err := Run(ctx, cfg); err == nil {
		t.Fatal("shard 1 ran to the end although it was cancelled after its first pair")
	}
	if _, cases, err := readLog(filepath.Join(out, "shard-1-of-3", logName)); err != nil || len(cases) != 1 {
		t.Fatalf("the interrupted shard kept %d pairs (%v), want 1", len(cases), err)
	}
	cfg = twoVariantConfig(ds, model, out, Shard{1, 3})
	cfg.Resume = true
	runShard(t, cfg)

	merged := filepath.Join(out, "merged")
	res, err := Merge([]string{out}, merged)
	if err != nil {
		t.Fatal(err)
	}
	// The cross-variant signal needs both variants' masks, which lie in
	// different shards for case 2: merge computes it.
	for _, c := range res.Cases {
		for _, s := range c.Slices {
			if _, ok := s.Signals[confidence.Variants]; !ok {
				t.Fatalf("merged %s %s slice %d class %d has no variants signal: %v", c.Case, c.Variant, s.Slice, s.Class, s.Signals)
			}
		}
	}
	for _, name := range []string{"results.json", "results.md", "results.csv", "results_nsd.csv", "results_signals.csv"} {
		a, err := os.ReadFile(filepath.Join(one, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(merged, name))
		if err != nil {
			t.Fatal(err)
		}
		if withoutTimings(t, name, a) != withoutTimings(t, name, b) {
			t.Errorf("merged %s differs from the single run's:\n%s\nvs\n%s", name, withoutTimings(t, name, b), withoutTimings(t, name, a))
		}
	}
	// Every shard ran only its share: the log of shard 1 holds case 1's
	// two pairs.
	s, cases, err := readLog(filepath.Join(out, "shard-1-of-3", logName))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 2 || cases[0].Case != ds.Cases[0].ID || cases[1].Case != ds.Cases[0].ID || s.Shard == nil || *s.Shard != (Shard{1, 3}) {
		t.Errorf("shard 1 ran %d pairs (%+v), want case %s with both variants", len(cases), cases, ds.Cases[0].ID)
	}
	if len(s.Cases) != 2 || s.Cases[0].Files[0].SHA256 == "" || s.Cases[1].Files[0].SHA256 != "" {
		t.Errorf("shard 1 stamps %+v: want both cases sized, only its own hashed", s.Cases)
	}
}

// TestMergeRefuses: each way shards can fail to make one run is named.
func TestMergeRefuses(t *testing.T) {
	ds := phantomSet(t)
	model := stubModel(t)
	base := t.TempDir()
	for k := 1; k <= 3; k++ {
		runShard(t, twoVariantConfig(ds, model, base, Shard{k, 3}))
	}
	shardDir := func(k int) string { return filepath.Join(base, Shard{k, 3}.Dir()) }
	copyDir := func(src string) string {
		dst := filepath.Join(t.TempDir(), filepath.Base(src))
		if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
		return dst
	}
	// A shard of the same run but another seed.
	seeded := t.TempDir()
	cfg := twoVariantConfig(ds, model, seeded, Shard{2, 3})
	cfg.Seed = 9
	runShard(t, cfg)
	// A shard of the same run that read a changed model file.
	changed := t.TempDir()
	if err := os.WriteFile(model, []byte("weights v2"), 0o644); err != nil {
		t.Fatal(err)
	}
	runShard(t, twoVariantConfig(ds, model, changed, Shard{2, 3}))
	// A shard whose log lost its last pair (killed mid-run).
	torn := copyDir(shardDir(1))
	b, _ := os.ReadFile(filepath.Join(torn, logName))
	lines := strings.SplitAfter(strings.TrimSuffix(string(b), "\n"), "\n")
	os.WriteFile(filepath.Join(torn, logName), []byte(strings.Join(lines[:len(lines)-1], "")), 0o644)
	// A shard count that does not match.
	other := t.TempDir()
	runShard(t, twoVariantConfig(ds, model, other, Shard{2, 2}))
	// A whole run.
	whole := t.TempDir()
	cfg = twoVariantConfig(ds, model, whole, Shard{})
	cfg.OutDir = whole
	runShard(t, cfg)

	for _, tc := range []struct {
		name string
		dirs []string
		want string
	}{
		{"missing", []string{shardDir(1), shardDir(3)}, "shard 2/3 of this run is missing"},
		{"twice", []string{shardDir(1), shardDir(2), copyDir(shardDir(2)), shardDir(3)}, "shard 2/3 is given twice"},
		{"flags", []string{shardDir(1), filepath.Join(seeded, "shard-2-of-3"), shardDir(3)}, "differ in seed: 3 vs 9"},
		{"model", []string{shardDir(1), filepath.Join(changed, "shard-2-of-3"), shardDir(3)}, "variant builtin-b: " + model + ": contents differ"},
		{"unfinished", []string{torn, shardDir(2), shardDir(3)}, "is not finished: 1 of 2 case-variant pairs done"},
		{"count", []string{shardDir(1), filepath.Join(other, "shard-2-of-2")}, "shards of one run share N"},
		{"whole", []string{whole}, "is a whole run, not a shard"},
		{"empty", []string{t.TempDir()}, "no results.jsonl and no shard-K-of-N folders"},
	} {
		_, err := Merge(tc.dirs, filepath.Join(t.TempDir(), "out"))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
	// Into a run's own folder: refused, its results stay.
	if _, err := Merge([]string{base}, whole); err == nil || !strings.Contains(err.Error(), "holds a run's results.jsonl") {
		t.Errorf("merging over a run: %v", err)
	}
	// Changed data: case 2's labels file rewritten with the same size
	// (its gzip timestamp) after shards 2 and 3 hashed it... for shard 3
	// only, so the two shards that ran case 2 disagree.
	data := t.TempDir()
	if err := os.CopyFS(data, os.DirFS(ds.Root)); err != nil {
		t.Fatal(err)
	}
	ds2, err := datasets.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	runShard(t, twoVariantConfig(ds2, model, out, Shard{1, 3}))
	runShard(t, twoVariantConfig(ds2, model, out, Shard{2, 3}))
	lab := ds2.Cases[1].LabelPath
	gz, _ := os.ReadFile(lab)
	gz[4] ^= 0xff // gzip MTIME: other bytes, same size, same voxels
	if err := os.WriteFile(lab, gz, 0o644); err != nil {
		t.Fatal(err)
	}
	runShard(t, twoVariantConfig(ds2, model, out, Shard{3, 3}))
	if _, err := Merge([]string{out}, filepath.Join(out, "merged")); err == nil || !strings.Contains(err.Error(), "labels/FLARE22_Tr_0002.nii.gz: contents differ") {
		t.Errorf("changed data: %v", err)
	}
}

// TestShardResumeRefusesChangedData: a shard resumed after its data
// changed under it stops instead of mixing two datasets.
func TestShardResumeRefusesChangedData(t *testing.T) {
	ds := phantomSet(t)
	model := stubModel(t)
	out := t.TempDir()
	runShard(t, twoVariantConfig(ds, model, out, Shard{1, 2}))
	if err := os.WriteFile(model, []byte("weights v2, longer"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := twoVariantConfig(ds, model, out, Shard{1, 2})
	cfg.Resume = true
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "10 bytes vs 18") {
		t.Errorf("resume with a changed model file: %v", err)
	}
}

func TestStatusCountsEveryShard(t *testing.T) {
	ds := phantomSet(t)
	model := stubModel(t)
	out := t.TempDir()
	runShard(t, twoVariantConfig(ds, model, out, Shard{2, 3}))
	ps, err := Status([]string{out})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		done, total int
		started     bool
	}{{0, 2, false}, {1, 1, true}, {0, 1, false}}
	if len(ps) != 3 {
		t.Fatalf("%d shards listed, want 3", len(ps))
	}
	for i, w := range want {
		p := ps[i]
		if p.Done != w.done || p.Total != w.total || (p.Dir != "") != w.started {
			t.Errorf("shard %d: %+v, want done %d of %d, started %v", i+1, p, w.done, w.total, w.started)
		}
	}
	if !ps[1].Finished || ps[1].ETA() != 0 || ps[0].ETA() != -1 {
		t.Errorf("shard 2 finished %v ETA %v, shard 1 ETA %v", ps[1].Finished, ps[1].ETA(), ps[0].ETA())
	}
	var b strings.Builder
	WriteStatus(&b, ps, ps[1].Updated)
	for _, line := range []string{"1/3       0/2         ?", "2/3       1/1         finished  0s ago", "all       1/4         ?"} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("status lacks %q:\n%s", line, b.String())
		}
	}
	// Half way: an ETA from the pace so far.
	p := ShardProgress{Done: 1, Total: 3, Seconds: 40}
	if p.ETA().String() != "1m20s" {
		t.Errorf("1 of 3 pairs in 40 s: ETA %v, want 1m20s", p.ETA())
	}
}
