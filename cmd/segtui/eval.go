package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/builtin"
	"github.com/segtui/segtui/engine/eval"
	"github.com/segtui/segtui/engine/metrics"
	"github.com/segtui/segtui/engine/onnx"
)

const evalSynopsis = "segtui eval [--models FILE] [--model NAME ...] [--prompt box|point|box+point|iterative:N[:point]|propagate] [--jitter PX] [--box-margin PX] [--multimask auto|single|best] [--seed S] [--prompts RESULTS.json] [--plane axial] [--split NAME] [--classes NAME|FILE] [--tolerance MM] [--inclusive-z] [--device auto|cpu|cuda] [--ort-lib PATH] [--out DIR] [--plot FILE.png] [--batch N] [--tile auto|off] [--tile-size N] [--tile-overlap N] [--resume] [--shard K/N | --slurm [--shards N] [--slurm-gpus N] [--slurm-time T] [--slurm-opt OPT ...]] PATH\n       segtui eval merge [--plot FILE.png] --out DIR SHARD-DIR...\n       segtui eval status DIR..."

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// runEval evaluates the built-in engine and manifest variants on a
// labelled dataset and writes the tables, JSON results and plot.
func runEval(args []string) int { return evalMain(args, os.Stdout, os.Stderr) }

func evalMain(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "merge":
			return evalMerge(args[1:], stdout, stderr)
		case "status":
			return evalStatus(args[1:], stdout, stderr)
		}
	}
	fs := newFlagSet("eval", evalSynopsis)
	fs.SetOutput(stderr)
	modelsFile := fs.String("models", "", "model manifest (YAML) with the variants to evaluate besides the built-in engine")
	var models multiFlag
	fs.Var(&models, "model", "a manifest variant to evaluate (repeatable; default: every variant in --models); \"builtin\" names the built-in engine")
	prompt := fs.String("prompt", "box", "prompt protocol: box, point, box+point, iterative:N, iterative:N:point or propagate (one GT box on the largest slice, then the TUI's propagation; 3-D scores)")
	jitter := fs.Float64("jitter", 0, "move each side of the GT box by up to PX pixels, seeded")
	seed := fs.Uint64("seed", 0, "seed for the box jitter")
	boxMargin := fs.Float64("box-margin", 0, "grow each side of the GT box by PX pixels, clipped to the image, before any jitter (MedSAM's SAM baseline: 20)")
	multimask := fs.String("multimask", "auto", "mask choice for SAM-style decoders: auto (box or several points: the single-mask token; one point: best predicted IoU; MedSAM: single), single or best; a manifest's multimask wins")
	promptsFile := fs.String("prompts", "", "replay the prompts recorded in this results.json (or eval folder) instead of deriving them from the ground truth: evaluates data with no labels, scoring Dice where labels exist")
	planeName := fs.String("plane", "axial", "slicing plane: axial, coronal or sagittal")
	split := fs.String("split", "", splitUsage)
	classes := fs.String("classes", "", classesUsage)
	out := fs.String("out", "eval-results", "folder for results.jsonl/json/md/csv")
	plot := fs.String("plot", "", "write a grouped bar chart of per-class Dice (per variant) to this PNG")
	batch := fs.Int("batch", 8, "slices per encoder run for models whose encoder has a dynamic batch dimension (1: one at a time)")
	resume := fs.Bool("resume", false, "continue an interrupted run in --out (same flags)")
	tolerance := fs.Float64("tolerance", 0, "NSD tolerance in mm for every class (default: FLARE22's per-organ tolerances)")
	inclusiveZ := fs.Bool("inclusive-z", false, "include the GT's top slice in FLARE22's aorta/IVC/esophagus z-range")
	ortLib := fs.String("ort-lib", "", "path to libonnxruntime.so (default: $ONNXRUNTIME_LIB, then lib/)")
	device := fs.String("device", "auto", "where models run: auto, cpu or cuda")
	shardFlag := fs.String("shard", "", "run only shard K of N (K/N, from 1) of the case-variant pairs, into OUT/shard-K-of-N; segtui eval merge joins the shards")
	slurm := addSlurmFlags(fs)
	tiles := addTileFlags(fs)
	pos, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	if len(pos) != 1 {
		fs.Usage()
		return usageError(stderr, "eval", fmt.Errorf("expected one dataset PATH, got %d arguments", len(pos)))
	}
	proto, err := eval.ParseProtocol(*prompt)
	if err != nil {
		return usageError(stderr, "eval", err)
	}
	plane, err := datasets.ParsePlane(*planeName)
	if err != nil {
		return usageError(stderr, "eval", err)
	}
	if *jitter < 0 || math.IsNaN(*jitter) || *jitter > 1000 {
		return usageError(stderr, "eval", fmt.Errorf("--jitter %g: expected 0 to 1000 pixels", *jitter))
	}
	if *boxMargin < 0 || math.IsNaN(*boxMargin) || *boxMargin > 1000 {
		return usageError(stderr, "eval", fmt.Errorf("--box-margin %g: expected 0 to 1000 pixels", *boxMargin))
	}
	mm, err := engine.ParseMultimask(*multimask)
	if err != nil {
		return usageError(stderr, "eval", fmt.Errorf("--multimask: %w", err))
	}
	if *batch < 1 || *batch > 1024 {
		return usageError(stderr, "eval", fmt.Errorf("--batch %d: expected 1 to 1024 slices", *batch))
	}
	if *tolerance < 0 {
		return usageError(stderr, "eval", fmt.Errorf("--tolerance %g: expected a positive size in mm", *tolerance))
	}
	if err := tiles.check(); err != nil {
		return usageError(stderr, "eval", err)
	}
	if len(models) > 0 && *modelsFile == "" && !(len(models) == 1 && models[0] == "builtin") {
		return usageError(stderr, "eval", fmt.Errorf("--model needs --models FILE to find %s", strings.Join(models, ", ")))
	}
	dev, err := engine.ParseDevice(*device)
	if err != nil {
		return usageError(stderr, "eval", err)
	}
	if code, ok := checkClasses(stderr, "eval", *classes); !ok {
		return code
	}
	var shard eval.Shard
	if *shardFlag != "" {
		if shard, err = eval.ParseShard(*shardFlag); err != nil {
			return usageError(stderr, "eval", err)
		}
		if *plot != "" {
			return usageError(stderr, "eval", fmt.Errorf("--plot draws the whole run's chart: give it to segtui eval merge, not to a shard"))
		}
	}
	if *promptsFile != "" {
		var clash []string
		fs.Visit(func(f *flag.Flag) {
			switch f.Name {
			case "prompt", "jitter", "box-margin", "seed":
				clash = append(clash, "--"+f.Name)
			}
		})
		if len(clash) > 0 {
			return usageError(stderr, "eval", fmt.Errorf("--prompts replays recorded prompts: leave out %s, which derive prompts from the ground truth", strings.Join(clash, ", ")))
		}
	}
	if err := slurm.misuse(fs); err != nil {
		return usageError(stderr, "eval", err)
	}
	if slurm.requested() && shard.Sharded() {
		return usageError(stderr, "eval", fmt.Errorf("--slurm writes the job that runs every shard: leave out --shard"))
	}
	outDir := *out
	if shard.Sharded() {
		outDir = filepath.Join(*out, shard.Dir())
	}
	rules := metrics.FLARE22Rules()
	if *tolerance > 0 {
		rules = metrics.UniformRules(*tolerance)
	}
	rules.InclusiveZ = *inclusiveZ

	ds, err := openSplit(pos[0], "", *split, stderr, "eval")
	if err == nil {
		err = applyClasses(ds, *classes)
	}
	if err != nil {
		return runtimeError(stderr, "eval", err)
	}
	if slurm.requested() {
		// The data opened here; the job's shards open the models.
		return printSlurmJob(fs, args, pos[0], *modelsFile, models, slurm, stdout, stderr)
	}
	var replay *eval.Replay
	if *promptsFile != "" {
		if replay, err = eval.LoadReplay(*promptsFile); err != nil {
			return runtimeError(stderr, "eval", err)
		}
		replay.Path = absPath(replay.Path)
	}
	variants, manifestTiles, closeAll, err := evalVariants(*modelsFile, models, *ortLib, dev)
	if err != nil {
		return runtimeError(stderr, "eval", err)
	}
	defer closeAll()
	if replay != nil {
		for _, v := range variants {
			if _, ok := v.Engine.(engine.Semantic); ok {
				return runtimeError(stderr, "eval", fmt.Errorf("--prompts: variant %s is promptless (semantic) and takes no prompts: leave it out with --model", datasets.SanitizeName(v.Name)))
			}
		}
	}
	if err := tiles.apply(variants, manifestTiles); err != nil {
		return runtimeError(stderr, "eval", err)
	}
	for _, v := range variants {
		if r, ok := v.Engine.(engine.DeviceReporter); ok && r.DeviceNotice() != "" {
			fmt.Fprintf(stderr, "segtui eval: %s: %s\n", datasets.SanitizeText(v.Name), datasets.SanitizeText(r.DeviceNotice()))
		}
		for _, w := range eval.SemanticClassWarnings(v, ds.Classes) {
			fmt.Fprintf(stderr, "segtui eval: warning: %s\n", w)
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := eval.Run(ctx, eval.Config{
		Dataset: ds, DatasetPath: absPath(pos[0]), ModelsPath: absPath(*modelsFile), Variants: variants, Protocol: proto, JitterPX: *jitter, BoxMarginPX: *boxMargin, Multimask: mm, Seed: *seed,
		Plane: plane, Rules: rules, OutDir: outDir, Resume: *resume, Progress: stderr, EncodeBatch: *batch,
		Shard: shard, ClassTable: *classes, Replay: replay,
	})
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintf(stderr, "\nsegtui eval: interrupted; finished cases are kept in %s: rerun with --resume to continue\n", filepath.Join(outDir, "results.jsonl"))
		}
		return runtimeError(stderr, "eval", err)
	}
	fmt.Fprint(stdout, res.Markdown())
	fmt.Fprintf(stdout, "\nWrote %s/results.{json,md,csv}, results_nsd.csv, results_signals.csv\n", outDir)
	if shard.Sharded() {
		fmt.Fprintf(stdout, "This is shard %s; when every shard is done: segtui eval merge --out %s %s\n", shard, *out, *out)
	}
	if *plot != "" {
		err := datasets.WriteFileAtomic(*plot, func(w io.Writer) error {
			return eval.WritePlot(w, res.Dice.Table(), plotTitle(res), "Dice")
		})
		if err != nil {
			return runtimeError(stderr, "eval", err)
		}
		fmt.Fprintf(stdout, "Wrote %s\n", *plot)
	}
	return exitOK
}

// evalVariants opens the built-in engine (always, as the baseline) and
// the chosen manifest variants (all of them when none is named); the
// returned func closes them and the runtime.
func evalVariants(manifestPath string, names []string, ortLib string, dev engine.Device) ([]eval.Variant, map[string]*engine.TileSize, func(), error) {
	vs := []eval.Variant{{Name: "builtin", Engine: builtin.New(), Workers: eval.BuiltinWorkers()}}
	tiles := map[string]*engine.TileSize{}
	var closers []func() error
	closeAll := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	if manifestPath == "" {
		return vs, tiles, closeAll, nil
	}
	m, err := engine.LoadManifest(manifestPath)
	if err != nil {
		return nil, nil, closeAll, err
	}
	var chosen []engine.Variant
	if len(names) == 0 {
		chosen = m.Variants
	}
	for _, n := range names {
		if n == "builtin" {
			continue
		}
		v, err := m.Variant(n)
		if err != nil {
			return nil, nil, closeAll, err
		}
		chosen = append(chosen, v)
	}
	if len(chosen) == 0 {
		return vs, tiles, closeAll, nil
	}
	rt, err := onnx.NewRuntime(onnx.RuntimeOptions{LibPath: ortLib, Device: dev})
	if err != nil {
		return nil, nil, closeAll, err
	}
	closers = append(closers, rt.Close)
	for _, v := range chosen {
		e, err := onnx.Open(v, rt, onnx.OpenOptions{Device: dev})
		if err != nil {
			return nil, nil, closeAll, err
		}
		closers = append(closers, e.Close)
		tiles[v.Name] = v.Tile
		files := []string{v.Encoder}
		if v.Decoder != "" {
			files = append(files, v.Decoder)
		}
		vs = append(vs, eval.Variant{Name: v.Name, Engine: e, Workers: 1, Files: files, Multimask: v.Multimask})
	}
	return vs, tiles, closeAll, nil
}

// plotTitle names what the chart shows: the metric, the prompt protocol
// (with jitter when used), the plane and how many cases were scored.
func plotTitle(res *eval.Results) string {
	cases := map[string]bool{}
	for _, c := range res.Cases {
		cases[c.Case] = true
	}
	protocol := res.Protocol + " prompts"
	if res.BoxMarginPX > 0 {
		protocol += fmt.Sprintf(", box margin %g px", res.BoxMarginPX)
	}
	if res.JitterPX > 0 {
		protocol += fmt.Sprintf(", jitter %g px (seed %d)", res.JitterPX, res.Seed)
	}
	protocol += ", multimask " + res.Multimask
	noun := "cases"
	if len(cases) == 1 {
		noun = "case"
	}
	if res.Split != "" {
		noun += " of split " + datasets.SanitizeName(res.Split)
	}
	return fmt.Sprintf("Per-class Dice, %s, %s plane, %d %s", protocol, res.Plane, len(cases), noun)
}

// absPath makes a recorded path absolute so that segtui review finds it
// from any folder; "" stays "".
func absPath(p string) string {
	if p == "" {
		return ""
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
