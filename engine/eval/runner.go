package eval

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"sort"
	"time"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/metrics"
	"github.com/segtui/segtui/engine/tile"
)

// Variant is one engine under evaluation.
type Variant struct {
	Name   string
	Engine engine.Engine
	// Workers is how many slices run at once: all cores for engines safe
	// for concurrent use (the built-in one), 1 for ONNX sessions.
	Workers int
	// Files are the model files, which a shard fingerprints so that merge
	// can check every shard ran the same models; none for the built-in.
	Files []string
	// Multimask is the rule the variant's manifest fixes ("" when it
	// follows Config.Multimask), recorded in the results.
	Multimask engine.Multimask
	// Tile is how 2-D images larger than a tile are split (the zero Spec:
	// never; tiled.go).
	Tile tile.Spec
}

// BuiltinWorkers is the worker count for the built-in engine: every core.
func BuiltinWorkers() int { return runtime.NumCPU() }

// Config is one evaluation run.
type Config struct {
	Dataset     *datasets.Dataset
	DatasetPath string
	ModelsPath  string // the manifest, recorded for review; "" for none
	Variants    []Variant
	Protocol    Protocol
	JitterPX    float64
	Seed        uint64
	Plane       datasets.Plane
	Rules       metrics.NSDRules
	OutDir      string
	Resume      bool
	// EncodeBatch is how many slices go through the encoder per run for
	// models with a dynamic batch dimension (engine.BatchEncoder); 0 or 1
	// encodes one slice at a time.
	EncodeBatch int
	// PropagateCacheBytes bounds the embeddings the propagate protocol
	// shares between the classes of one case: 0 means
	// DefaultPropagateCacheBytes, negative turns sharing off (each class
	// encodes every slice it reaches, as before the cache).
	PropagateCacheBytes int64
	// Progress receives the progress bar (stderr); nil for none.
	Progress io.Writer
	// AfterCase, when set, is called after each case-variant is saved.
	AfterCase func(caseID, variant string)
	// Shard, when set, runs only that shard's share of the work
	// (AssignShards) and records what merge checks.
	Shard Shard
	// ClassTable is the --classes value, recorded so that shards and
	// resumed runs name classes the same way.
	ClassTable string

	// BoxMarginPX grows each ground-truth box by this many pixels a side
	// (clipped to the image) before any jitter.
	BoxMarginPX float64
	// Multimask is the mask-choice rule asked of every promptable variant
	// (a manifest may fix its own); "" is auto.
	Multimask engine.Multimask
	// Replay, when set, runs these recorded prompts instead of deriving
	// them from the ground truth (--prompts): only the cases it lists, with
	// or without ground truth.
	Replay *Replay
}

// Run evaluates every variant on every labelled case, saving each finished
// case to OutDir/results.jsonl as it goes, then writes the summary files
// (results.json, results.md, results.csv, results_nsd.csv). With Resume it
// keeps the cases an earlier run of the same setup finished.
func Run(ctx context.Context, cfg Config) (_ *Results, err error) {
	if len(cfg.Variants) == 0 {
		return nil, errors.New("eval: no variants to evaluate")
	}
	res := &Results{
		Version: ResultsVersion, Dataset: cfg.DatasetPath, Models: cfg.ModelsPath, Plane: cfg.Plane.String(),
		Protocol: cfg.Protocol.String(), JitterPX: cfg.JitterPX, BoxMarginPX: cfg.BoxMarginPX, Seed: cfg.Seed,
		Multimask: string(cmp.Or(cfg.Multimask, engine.MultimaskAuto)),
	}
	if cfg.Replay != nil {
		res.PromptsFrom = cfg.Replay.Path
		res.Protocol = "replay"
	}
	if cfg.Dataset != nil {
		res.Split = cfg.Dataset.SplitName
	}
	for _, v := range cfg.Variants {
		res.Variants = append(res.Variants, v.Name)
		if v.Multimask != "" {
			if res.VariantMultimask == nil {
				res.VariantMultimask = map[string]string{}
			}
			res.VariantMultimask[v.Name] = string(v.Multimask)
		}
		if !v.Tile.Off() {
			if res.VariantTiles == nil {
				res.VariantTiles = map[string]string{}
			}
			res.VariantTiles[v.Name] = v.Tile.String()
		}
		if ids := scoredIDs(v); ids != nil {
			if res.VariantClasses == nil {
				res.VariantClasses = map[string][]uint16{}
			}
			for id := range ids {
				res.VariantClasses[v.Name] = append(res.VariantClasses[v.Name], id)
			}
			sortIDs(res.VariantClasses[v.Name])
		}
	}
	work := plan(cfg)
	want := setupOf(res, cfg)
	if cfg.Shard.Sharded() {
		if want.Cases, want.ModelFiles, err = shardStamps(cfg, work); err != nil {
			return nil, err
		}
	}
	log, done, err := openLog(cfg.OutDir, want, cfg.Resume)
	if err != nil {
		return nil, err
	}
	defer log.Close()
	pairs := 0
	for _, w := range work {
		pairs += len(w.variants)
	}
	prog := newProgress(cfg.Progress, pairs)
	if cfg.Protocol.Propagate {
		prog.unit = "classes" // a propagated class is the unit of work there
	}
	classes := map[uint16]ClassInfo{}
	for _, w := range work {
		c := w.c
		if !evaluable(cfg, c) {
			prog.skip(len(w.variants))
			continue
		}
		var todo []Variant
		for _, v := range w.variants {
			if cr, ok := done[key(c.ID, v.Name)]; ok {
				res.Cases = append(res.Cases, cr)
				prog.skip(1)
			} else {
				todo = append(todo, v)
			}
		}
		vol, lab, err := cfg.Dataset.Load(c)
		if err != nil {
			return nil, fmt.Errorf("case %s: %w", c.ID, err)
		}
		if lab == nil && cfg.Replay == nil {
			prog.skip(len(todo))
			continue
		}
		if lab != nil {
			if err := noteClasses(classes, cfg.Dataset.ClassesFor(lab), lab, cfg.Rules); err != nil {
				return nil, fmt.Errorf("case %s: %w", c.ID, err)
			}
		}
		if cfg.Replay != nil {
			if err := noteReplayClasses(classes, cfg.Dataset.ClassesFor(lab), cfg.Replay, c.ID, cfg.Rules); err != nil {
				return nil, fmt.Errorf("case %s: %w", c.ID, err)
			}
		}
		for _, v := range todo {
			cr, err := runCase(ctx, cfg, v, c, vol, lab, prog)
			if err != nil {
				return nil, fmt.Errorf("case %s, variant %s: %w", c.ID, v.Name, err)
			}
			if err := log.add(cr); err != nil {
				return nil, err
			}
			res.Cases = append(res.Cases, cr)
			prog.caseDone()
			if cfg.AfterCase != nil {
				cfg.AfterCase(c.ID, v.Name)
			}
		}
	}
	prog.finish()
	for _, ci := range classes {
		res.Classes = append(res.Classes, ci)
	}
	sort.Slice(res.Classes, func(a, b int) bool { return res.Classes[a].ID < res.Classes[b].ID })
	sortCases(res, cfg)
	if err := summarise(res); err != nil {
		return nil, err
	}
	return res, writeOutputs(cfg.OutDir, res)
}

func key(caseID, variant string) string { return caseID + "\x00" + variant }

// sortCases puts cases in dataset order, then variant order, whatever mix
// of resumed and new results they came from.
func sortCases(res *Results, cfg Config) {
	ci := map[string]int{}
	for i, c := range cfg.Dataset.Cases {
		ci[c.ID] = i
	}
	vi := map[string]int{}
	for i, v := range res.Variants {
		vi[v] = i
	}
	sort.SliceStable(res.Cases, func(a, b int) bool {
		ca, cb := res.Cases[a], res.Cases[b]
		if ci[ca.Case] != ci[cb.Case] {
			return ci[ca.Case] < ci[cb.Case]
		}
		return vi[ca.Variant] < vi[cb.Variant]
	})
}

func noteClasses(classes map[uint16]ClassInfo, table datasets.ClassTable, lab *datasets.LabelMap, rules metrics.NSDRules) error {
	for _, id := range PresentIDs(lab.Labels) {
		if _, ok := classes[id]; ok {
			continue
		}
		tol, err := rules.ToleranceFor(id)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("class %d", id)
		if c, ok := table.ByID(id); ok {
			name = datasets.SanitizeName(c.Name)
		}
		classes[id] = ClassInfo{ID: id, Name: name, ToleranceMM: tol}
	}
	return nil
}

// sliceOut is one slice's results and predicted masks.
type sliceOut struct {
	results []SliceResult
	masks   map[uint16][]bool
	err     error
}

func runCase(ctx context.Context, cfg Config, v Variant, c datasets.Case, vol *datasets.Volume, lab *datasets.LabelMap, prog *progress) (CaseResult, error) {
	if cfg.Replay != nil {
		return runReplayCase(ctx, cfg, v, c, vol, lab, prog)
	}
	if cfg.Protocol.Propagate && scoredIDs(v) == nil {
		// Semantic variants take no prompt: they label each slice as in
		// every other protocol.
		return runPropagateCase(ctx, cfg, v, c, vol, lab, prog)
	}
	start := time.Now()
	view := lab.View(cfg.Plane)
	ct := vol.LooksCT() // once per case: it scans the volume
	var slices []int
	for n := 0; n < view.Depth; n++ {
		l, _ := lab.Slice(cfg.Plane, n)
		if len(PresentIDs(l)) > 0 {
			slices = append(slices, n)
		}
	}
	prog.startCase(c.ID, v.Name, len(slices))
	outs := make([]sliceOut, len(slices))
	if tiled(v, view) {
		for i, n := range slices {
			outs[i] = runTiledSlice(ctx, cfg, v, c.ID, vol, lab, n, ct)
			prog.sliceDone()
		}
	} else {
		encodeInBatches(ctx, cfg, v, vol, ct, slices, outs, prog, func(i int, emb engine.Embedding) sliceOut {
			return runSlice(ctx, cfg, v, c.ID, vol, lab, slices[i], emb)
		})
	}
	if err := ctx.Err(); err != nil {
		return CaseResult{}, err
	}
	cr := CaseResult{Case: c.ID, Image: c.ImagePath, Labels: c.LabelPath, Variant: v.Name, SlicesDone: len(slices)}
	pred, err := collectSlices(&cr, outs, slices, lab, view)
	if err != nil {
		return CaseResult{}, err
	}
	if err := scoreCase(&cr, cfg, lab, view, slices, pred, scoredIDs(v)); err != nil {
		return CaseResult{}, err
	}
	cr.Seconds = time.Since(start).Seconds()
	return cr, nil
}

// encodeInBatches fills outs[i] for every slice: job b encodes the slices
// b*batch up to the next batch in one encoder run, then run decodes each
// against its embedding.
func encodeInBatches(ctx context.Context, cfg Config, v Variant, vol *datasets.Volume, ct bool, slices []int, outs []sliceOut, prog *progress, run func(i int, emb engine.Embedding) sliceOut) {
	batch := encodeBatch(cfg, v)
	runJobs(ctx, v.Workers, (len(slices)+batch-1)/batch, func(b int) {
		idx := make([]int, 0, batch)
		for i := b * batch; i < min((b+1)*batch, len(slices)); i++ {
			idx = append(idx, i)
		}
		embs, err := encodeSlices(ctx, cfg, v, vol, ct, slices, idx)
		for j, i := range idx {
			if err != nil {
				outs[i] = sliceOut{err: err}
			} else {
				outs[i] = run(i, embs[j])
			}
			prog.sliceDone()
		}
	})
}

// collectSlices appends the slices' results to cr and, where the case has
// ground truth (lab not nil), places their masks into per-class volumes
// for the case's scores.
func collectSlices(cr *CaseResult, outs []sliceOut, slices []int, lab *datasets.LabelMap, view datasets.SliceView) (map[uint16][]bool, error) {
	pred := map[uint16][]bool{}
	for i, o := range outs {
		if o.err != nil {
			return nil, fmt.Errorf("slice %d: %w", slices[i], o.err)
		}
		cr.Slices = append(cr.Slices, o.results...)
		if lab == nil {
			continue
		}
		for id, m := range o.masks {
			if pred[id] == nil {
				pred[id] = make([]bool, lab.Len())
			}
			for p, on := range m {
				if on {
					ijk := view.Voxel(slices[i], p%view.Width, p/view.Width)
					pred[id][lab.Index(ijk[0], ijk[1], ijk[2])] = true
				}
			}
		}
	}
	return pred, nil
}

// runSlice encodes a slice once and runs every class's prompts against it
// (or the semantic labelling once for all classes).
func runSlice(ctx context.Context, cfg Config, v Variant, caseID string, vol *datasets.Volume, lab *datasets.LabelMap, n int, emb engine.Embedding) sliceOut {
	view := lab.View(cfg.Plane)
	gtLab, _ := lab.Slice(cfg.Plane, n)
	w, h := view.Width, view.Height
	out := sliceOut{masks: map[uint16][]bool{}}
	grey, _ := vol.Slice(cfg.Plane, n)
	score := func(id uint16, gt, pred []bool, prompts []PromptRecord, m *engine.Mask) error {
		r, err := sliceResult(cfg, view, n, id, gt, pred, prompts)
		if err != nil {
			return err
		}
		r.Signals = maskSignals(m, grey, pred, w, h)
		out.results = append(out.results, r)
		out.masks[id] = pred
		return nil
	}
	if sem, ok := v.Engine.(engine.Semantic); ok {
		labels, err := sem.Labels(ctx, emb)
		if err != nil {
			return sliceOut{err: err}
		}
		// Promptless: every class the model predicts that is in the ground
		// truth or the prediction.
		for _, id := range onlyIDs(PresentIDs(gtLab, labels), scoredIDs(v)) {
			if err := score(id, classMask(gtLab, id), classMask(labels, id), nil, nil); err != nil {
				return sliceOut{err: err}
			}
		}
		return out
	}
	for _, id := range PresentIDs(gtLab) {
		gt := classMask(gtLab, id)
		m, prompts, err := promptClass(ctx, cfg, v.Engine, emb, gt, w, h, promptRNG(cfg.Seed, caseID, n, id))
		if err != nil {
			return sliceOut{err: fmt.Errorf("class %d: %w", id, err)}
		}
		if err := score(id, gt, m.Pix, prompts, m); err != nil {
			return sliceOut{err: err}
		}
	}
	return out
}

// sliceResult scores one class's prediction on slice n.
func sliceResult(cfg Config, view datasets.SliceView, n int, id uint16, gt, pred []bool, prompts []PromptRecord) (SliceResult, error) {
	tol, err := cfg.Rules.ToleranceFor(id)
	if err != nil {
		return SliceResult{}, err
	}
	s, err := metrics.ScoreMasks2D(gt, pred, view.Width, view.Height, view.PixelSpacing, tol)
	if err != nil {
		return SliceResult{}, err
	}
	r := SliceResult{Slice: n, Class: id, Prompts: prompts, Mask: EncodeRLE(pred, view.Width, view.Height)}
	if s.Defined {
		r.Dice, r.NSD = ptr(s.Dice), ptr(s.NSD)
	}
	return r, nil
}

// sliceImage is slice n as the engines take it.
func sliceImage(cfg Config, vol *datasets.Volume, n int, ct bool) *engine.Image {
	return engine.SliceImage(vol, cfg.Plane, n, ct, nil)
}

// encodeBatch is how many slices a worker encodes per encoder run: the
// configured batch for engines that take a dynamic batch, else 1.
func encodeBatch(cfg Config, v Variant) int {
	be, ok := v.Engine.(engine.BatchEncoder)
	if !ok || cfg.EncodeBatch <= 1 {
		return 1
	}
	return max(1, min(cfg.EncodeBatch, be.MaxBatch()))
}

// encodeSlices encodes slices[idx...], in one encoder run when batching.
func encodeSlices(ctx context.Context, cfg Config, v Variant, vol *datasets.Volume, ct bool, slices, idx []int) ([]engine.Embedding, error) {
	imgs := make([]*engine.Image, len(idx))
	for j, i := range idx {
		imgs[j] = sliceImage(cfg, vol, slices[i], ct)
	}
	if be, ok := v.Engine.(engine.BatchEncoder); ok && len(imgs) > 1 {
		return be.EncodeBatch(ctx, imgs)
	}
	embs := make([]engine.Embedding, len(imgs))
	for j, img := range imgs {
		emb, err := v.Engine.Encode(ctx, img)
		if err != nil {
			return nil, err
		}
		embs[j] = emb
	}
	return embs, nil
}

// promptClass runs the protocol for one class: the first prompt, then for
// iterative prompting each round's corrective clicks with the previous
// mask fed back.
func promptClass(ctx context.Context, cfg Config, e engine.Engine, emb engine.Embedding, gt []bool, w, h int, rng *rand.Rand) (*engine.Mask, []PromptRecord, error) {
	p, ok := cfg.Protocol.FirstPrompt(gt, w, h, cfg.BoxMarginPX, cfg.JitterPX, rng)
	if !ok {
		return &engine.Mask{Width: w, Height: h, Pix: make([]bool, w*h)}, nil, nil
	}
	p.Multimask = cfg.Multimask
	// Every output, for the multimask signal; the choice is unchanged.
	p.Candidates = true
	var prompts []PromptRecord
	var m *engine.Mask
	for round := 0; round <= cfg.Protocol.Rounds; round++ {
		if round > 0 {
			pos, neg := Correction(gt, m.Pix, w, h)
			if pos == nil && neg == nil {
				break // nothing left to correct
			}
			p.Points = append([]engine.Point(nil), p.Points...)
			if pos != nil {
				p.Points = append(p.Points, *pos)
			}
			if neg != nil {
				p.Points = append(p.Points, *neg)
			}
			p.Prev = m.LowRes
		}
		prompts = append(prompts, PromptRecord{Box: p.Box, Points: append([]engine.Point(nil), p.Points...)})
		var err error
		m, err = e.Decode(ctx, emb, p)
		if err != nil {
			return nil, nil, err
		}
		if m.Width != w || m.Height != h || len(m.Pix) != w*h {
			return nil, nil, fmt.Errorf("engine returned a %dx%d mask for a %dx%d slice", m.Width, m.Height, w, h)
		}
	}
	return m, prompts, nil
}

// scoredIDs is the classes a variant is scored on: a semantic model's own
// classes (its manifest list), since a class it has no output channel for
// is not a failure of the model but a question it was never asked (its
// cells stay "-" rather than a FLARE22 zero that would sink its Average);
// nil, meaning every class, for promptable engines.
func scoredIDs(v Variant) map[uint16]bool {
	sem, ok := v.Engine.(engine.Semantic)
	if !ok {
		return nil
	}
	ids := map[uint16]bool{}
	for _, c := range sem.Classes() {
		ids[c.ID] = true
	}
	return ids
}

// onlyIDs keeps the ids in keep (all of them when keep is nil).
func onlyIDs(ids []uint16, keep map[uint16]bool) []uint16 {
	if keep == nil {
		return ids
	}
	out := ids[:0:0]
	for _, id := range ids {
		if keep[id] {
			out = append(out, id)
		}
	}
	return out
}

func classMask(l []uint16, id uint16) []bool {
	m := make([]bool, len(l))
	for i, v := range l {
		m[i] = v == id
	}
	return m
}
