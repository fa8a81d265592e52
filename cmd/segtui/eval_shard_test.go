package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalShardMergeStatusCLI: two shards from the command line (the
// second has no pair of the one-case, one-variant data and still writes
// its folder), status, merge with a chart, and the merged tables equal
// one run's.
func TestEvalShardMergeStatusCLI(t *testing.T) {
	data := smallPhantom(t)
	out := filepath.Join(t.TempDir(), "res")
	var stdout, stderr bytes.Buffer
	for _, k := range []string{"2/2", "1/2"} {
		if code := evalMain([]string{"--shard", k, "--out", out, data}, &stdout, &stderr); code != exitOK {
			t.Fatalf("--shard %s: exit %d: %s", k, code, stderr.String())
		}
	}
	if !strings.Contains(stdout.String(), "segtui eval merge --out "+out+" "+out) {
		t.Errorf("a shard does not say how to merge:\n%s", stdout.String())
	}
	stdout.Reset()
	if code := evalMain([]string{"status", out}, &stdout, &stderr); code != exitOK {
		t.Fatalf("status: exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"1/2       1/1         finished", "2/2       0/0         finished", "all       1/1         done"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("status lacks %q:\n%s", want, stdout.String())
		}
	}
	plot := filepath.Join(out, "dice.png")
	if code := evalMain([]string{"merge", "--out", out, "--plot", plot, out}, &stdout, &stderr); code != exitOK {
		t.Fatalf("merge: exit %d: %s", code, stderr.String())
	}
	single := filepath.Join(t.TempDir(), "single")
	if code := evalMain([]string{"--out", single, data}, &stdout, &stderr); code != exitOK {
		t.Fatalf("single run: exit %d: %s", code, stderr.String())
	}
	for _, name := range []string{"results.md", "results.csv", "results_nsd.csv", "results.json"} {
		a, _ := os.ReadFile(filepath.Join(single, name))
		b, _ := os.ReadFile(filepath.Join(out, name))
		if len(a) == 0 || !bytes.Equal(withoutTimings(t, name, a), withoutTimings(t, name, b)) {
			t.Errorf("merged %s differs from one run's", name)
		}
	}
	if _, err := os.Stat(plot); err != nil {
		t.Errorf("merge wrote no chart: %v", err)
	}
	// Merging an incomplete set names what is missing.
	stderr.Reset()
	if code := evalMain([]string{"merge", "--out", t.TempDir(), filepath.Join(out, "shard-1-of-2")}, &stdout, &stderr); code != exitError ||
		!strings.Contains(stderr.String(), "shard 2/2 of this run is missing") {
		t.Errorf("merge of one of two shards: exit %d: %s", code, stderr.String())
	}
}

func TestEvalShardUsage(t *testing.T) {
	data := smallPhantom(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--shard", "5/4", data}, "expected K/N"},
		{[]string{"--shard", "1/2", "--plot", "x.png", data}, "give it to segtui eval merge"},
		{[]string{"--slurm", "--shard", "1/2", data}, "leave out --shard"},
		{[]string{"--shards", "3", data}, "--shards only applies with --slurm"},
		{[]string{"--slurm", "--shards", "0", data}, "--shards 0"},
		{[]string{"--slurm", "--slurm-time", "2 hours", data}, "--slurm-time"},
		{[]string{"--slurm", "--slurm-opt", "partition=gpu", data}, "--slurm-opt"},
		{[]string{"--slurm", "--out", "/tmp/a b", data}, "without blanks"},
		{[]string{"merge", data}, "expected --out DIR"},
		{[]string{"status"}, "expected a sharded run"},
	} {
		var o, e bytes.Buffer
		if code := evalMain(tc.args, &o, &e); code != exitUsage && code != exitError || !strings.Contains(e.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want an error with %q", tc.args, code, e.String(), tc.want)
		}
	}
}

// TestEvalSlurmScript checks the printed job without a cluster: its
// directives, that bash parses it, and that every path in it is absolute.
func TestEvalSlurmScript(t *testing.T) {
	data := smallPhantom(t)
	dir := t.TempDir()
	t.Chdir(dir)
	var o, e bytes.Buffer
	code := evalMain([]string{"--slurm", "--shards", "8", "--slurm-time", "1-12:00:00", "--slurm-opt", "--partition=gpu",
		"--slurm-opt", "--mem=32G", "--models", "../../../wt-score-missing.yaml", data}, &o, &e)
	if code != exitError || !strings.Contains(e.String(), "wt-score-missing.yaml") {
		t.Errorf("a missing manifest: exit %d, %q", code, e.String())
	}
	o.Reset()
	code = evalMain([]string{"--slurm", "--shards", "8", "--slurm-time", "1-12:00:00", "--slurm-opt", "--partition=gpu",
		"--slurm-opt", "--mem=32G", "--prompt", "box+point", "--jitter", "2", "--out", "res", "--plot", "res/dice.png", data}, &o, &e)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	script := o.String()
	abs := filepath.Join(dir, "res")
	for _, want := range []string{
		"#!/bin/bash\n", "#SBATCH --array=1-8\n", "#SBATCH --gres=gpu:1\n", "#SBATCH --time=1-12:00:00\n",
		"#SBATCH --partition=gpu\n", "#SBATCH --mem=32G\n", "#SBATCH --output=" + abs + "/slurm-%A_%a.out\n",
		"--jitter=2 ", "--prompt=box+point ", "--out=" + abs + " --resume --shard=\"$SLURM_ARRAY_TASK_ID/8\" " + data + "\n",
		"eval merge --out=" + abs + " --plot=" + abs + "/dice.png " + abs, "--dependency=afterok:\"$SLURM_ARRAY_JOB_ID\"",
	} {
		if !strings.Contains(script, want) {
			t.Errorf("the job lacks %q:\n%s", want, script)
		}
	}
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		t.Errorf("the results folder for the job's logs was not made: %v", err)
	}
	if out, err := exec.Command("bash", "-n", "-c", script).CombinedOutput(); err != nil {
		t.Errorf("bash cannot parse the job: %v\n%s", err, out)
	}
}
