package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/eval"
)

// slurmFlags are eval's flags for writing a Slurm job instead of running.
type slurmFlags struct {
	slurm  *bool
	shards *int
	gpus   *int
	time   *string
	opts   multiFlag
}

func addSlurmFlags(fs *flag.FlagSet) *slurmFlags {
	s := &slurmFlags{
		slurm:  fs.Bool("slurm", false, "print a Slurm batch script instead of running: an array job of --shards shards, then the merge (sbatch it)"),
		shards: fs.Int("shards", 4, "with --slurm: how many shards (array tasks) to split the work into"),
		gpus:   fs.Int("slurm-gpus", -1, "with --slurm: GPUs per shard (--gres=gpu:N); default 1, or 0 with --device cpu"),
		time:   fs.String("slurm-time", "", "with --slurm: time limit per shard and for the merge, in Slurm's format (minutes, H:MM:SS, D-HH:MM:SS); default: the partition's"),
	}
	fs.Var(&s.opts, "slurm-opt", "with --slurm: another sbatch option for every job, as --partition=gpu or --mem=32G (repeatable)")
	return s
}

// slurmOnly are the flags that mean nothing without --slurm.
var slurmOnly = []string{"shards", "slurm-gpus", "slurm-time", "slurm-opt"}

// requested reports whether --slurm was given.
func (s *slurmFlags) requested() bool { return *s.slurm }

// misuse names a --slurm-only flag given without --slurm.
func (s *slurmFlags) misuse(fs *flag.FlagSet) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		if !*s.slurm && err == nil && slices.Contains(slurmOnly, f.Name) {
			err = fmt.Errorf("--%s only applies with --slurm", f.Name)
		}
	})
	return err
}

// slurmTime is the --time formats sbatch takes.
var slurmTime = regexp.MustCompile(`^(UNLIMITED|INFINITE|\d+|\d+:\d+|\d+:\d+:\d+|\d+-\d+|\d+-\d+:\d+|\d+-\d+:\d+:\d+)$`)

// printSlurmJob writes the array job for eval's flags (see slurmScript).
func printSlurmJob(fs *flag.FlagSet, args []string, dataPath, modelsFile string, models []string, s *slurmFlags, stdout, stderr io.Writer) int {
	if *s.shards < 1 || *s.shards > eval.MaxShards {
		return usageError(stderr, "eval", fmt.Errorf("--shards %d: expected 1 to %d", *s.shards, eval.MaxShards))
	}
	if *s.time != "" && !slurmTime.MatchString(*s.time) {
		return usageError(stderr, "eval", fmt.Errorf("--slurm-time %q: expected minutes, MM:SS, H:MM:SS, D-H, D-H:MM or D-H:MM:SS", *s.time))
	}
	if *s.gpus < -1 || *s.gpus > 64 {
		return usageError(stderr, "eval", fmt.Errorf("--slurm-gpus %d: expected 0 to 64", *s.gpus))
	}
	for _, o := range s.opts {
		if !strings.HasPrefix(o, "--") || strings.ContainsAny(o, "\n\r") {
			return usageError(stderr, "eval", fmt.Errorf("--slurm-opt %q: expected one sbatch option on one line, as --partition=gpu", o))
		}
	}
	// Names that do not resolve fail here, not hours later on a node.
	if modelsFile != "" {
		m, err := engine.LoadManifest(modelsFile)
		if err != nil {
			return runtimeError(stderr, "eval", err)
		}
		for _, n := range models {
			if _, err := m.Variant(n); err != nil && n != "builtin" {
				return runtimeError(stderr, "eval", err)
			}
		}
	}
	job, err := newSlurmJob(fs, args, dataPath, s)
	if err != nil {
		return runtimeError(stderr, "eval", err)
	}
	// Slurm opens the logs in the results folder before the script runs.
	if err := os.MkdirAll(job.out, 0o755); err != nil {
		return runtimeError(stderr, "eval", fmt.Errorf("results folder: %w", err))
	}
	fmt.Fprint(stdout, job.script())
	return exitOK
}

// slurmJob is what the script needs, every path absolute.
type slurmJob struct {
	segtui, cwd, out, plot string
	evalArgs               []string // every shard's flags and PATH, without --shard/--out/--resume
	shards, gpus           int
	time                   string
	opts                   []string
	command                []string // the segtui eval --slurm call, for the header
}

func newSlurmJob(fs *flag.FlagSet, args []string, dataPath string, s *slurmFlags) (*slurmJob, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("finding the segtui binary for the job: %w", err)
	}
	if exe, err = filepath.EvalSymlinks(exe); err != nil {
		return nil, fmt.Errorf("finding the segtui binary for the job: %w", err)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	j := &slurmJob{segtui: exe, cwd: cwd, shards: *s.shards, gpus: *s.gpus, time: *s.time, opts: s.opts,
		out: absPath(fs.Lookup("out").Value.String())}
	if j.gpus < 0 {
		j.gpus = 1
		if fs.Lookup("device").Value.String() == "cpu" {
			j.gpus = 0
		}
	}
	if p := fs.Lookup("plot").Value.String(); p != "" {
		j.plot = absPath(p)
	}
	// #SBATCH lines take no shell quoting: paths with blanks or Slurm's
	// % patterns would be misread.
	for _, p := range []string{j.out, j.cwd} {
		if strings.ContainsAny(p, " \t\n\r%\"'\\") {
			return nil, fmt.Errorf("%q: --slurm needs --out and the working folder without blanks, quotes, backslashes or %%, which #SBATCH lines cannot hold", p)
		}
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "slurm", "out", "plot", "resume", "shard":
			return
		case "model":
			for _, m := range *f.Value.(*multiFlag) {
				j.evalArgs = append(j.evalArgs, "--model="+m)
			}
			return
		case "models", "ort-lib", "prompts":
			j.evalArgs = append(j.evalArgs, "--"+f.Name+"="+absPath(f.Value.String()))
			return
		case "classes":
			v := f.Value.String()
			if _, err := os.Stat(v); err == nil {
				v = absPath(v) // a file, not a built-in table's name
			}
			j.evalArgs = append(j.evalArgs, "--classes="+v)
			return
		}
		if !slices.Contains(slurmOnly, f.Name) {
			j.evalArgs = append(j.evalArgs, "--"+f.Name+"="+f.Value.String())
		}
	})
	j.evalArgs = append(j.evalArgs, absPath(dataPath))
	j.command = append([]string{"segtui", "eval"}, args...)
	return j, nil
}

// script is the batch script. Slurm runs it once per array task; task 1
// first submits the merge with afterok on the whole array (so it starts
// when every shard succeeded, and is cancelled when one fails), guarded by
// a marker so a requeued task 1 does not submit it twice. Each task runs
// its shard with --resume, so a requeued or rerun task continues.
func (j *slurmJob) script() string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("#!/bin/bash\n")
	w("# segtui eval as a Slurm array job: %d shards of the case-variant pairs, then\n", j.shards)
	w("# their merge into one report in %s, submitted by shard 1 to wait for them all.\n", j.out)
	w("#   submit:   sbatch THIS-FILE\n")
	w("#   progress: %s eval status %s\n", shellQuote(j.segtui), shellQuote(j.out))
	w("# If a shard fails, the merge is cancelled: rerun that shard with\n")
	w("#   sbatch --array=K THIS-FILE   (it resumes), or merge by hand once all are done:\n")
	w("#   %s\n", shellJoin(j.mergeCommand()))
	w("# Written by: %s\n", strings.ReplaceAll(shellJoin(j.command), "\n", " "))
	w("#SBATCH --job-name=segtui-eval\n")
	w("#SBATCH --array=1-%d\n", j.shards)
	w("#SBATCH --output=%s/slurm-%%A_%%a.out\n", j.out)
	w("#SBATCH --chdir=%s\n", j.cwd)
	if j.gpus > 0 {
		w("#SBATCH --gres=gpu:%d\n", j.gpus)
	}
	if j.time != "" {
		w("#SBATCH --time=%s\n", j.time)
	}
	for _, o := range j.opts {
		w("#SBATCH %s\n", o)
	}
	w("set -euo pipefail\n")
	w("out=%s\n", shellQuote(j.out))
	w("if [[ ${SLURM_ARRAY_TASK_ID:-} == 1 ]] && mkdir \"$out/.merge-submitted-$SLURM_ARRAY_JOB_ID\" 2>/dev/null; then\n")
	merge := []string{"sbatch", "--job-name=segtui-eval-merge", "--output=" + j.out + "/slurm-merge-%j.out",
		"--chdir=" + j.cwd, "--kill-on-invalid-dep=yes"}
	if j.time != "" {
		merge = append(merge, "--time="+j.time)
	}
	merge = append(merge, j.opts...)
	merge = append(merge, "--wrap="+shellJoin(j.mergeCommand()))
	w("  %s \\\n    --dependency=afterok:\"$SLURM_ARRAY_JOB_ID\"\n", shellJoin(merge))
	w("fi\n")
	shard := append([]string{j.segtui, "eval"}, j.evalArgs[:len(j.evalArgs)-1]...)
	shard = append(shard, "--out="+j.out, "--resume")
	w("exec %s --shard=\"$SLURM_ARRAY_TASK_ID/%d\" %s\n", shellJoin(shard), j.shards, shellQuote(j.evalArgs[len(j.evalArgs)-1]))
	return b.String()
}

func (j *slurmJob) mergeCommand() []string {
	c := []string{j.segtui, "eval", "merge", "--out=" + j.out}
	if j.plot != "" {
		c = append(c, "--plot="+j.plot)
	}
	return append(c, j.out)
}

// shellQuote quotes s for bash when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = shellQuote(a)
	}
	return strings.Join(q, " ")
}
