package eval

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/metrics"
	"github.com/segtui/segtui/engine/propagate"
)

// classRun is one class's propagation in a case.
type classRun struct {
	rec     PropagationRecord
	results []SliceResult
	masks   map[int][]bool // accepted slice -> mask
	decoded int
	err     error
}

// runPropagateCase runs the propagate protocol: each class in the ground
// truth is prompted once, with its (jittered) GT box on the slice where it
// is largest, and carried up and down the plane with the TUI's rules; its
// predicted volume is the union of the accepted slices, scored over the
// whole volume so that running past the organ counts against it.
func runPropagateCase(ctx context.Context, cfg Config, v Variant, c datasets.Case, vol *datasets.Volume, lab *datasets.LabelMap, prog *progress) (CaseResult, error) {
	began := time.Now()
	view := lab.View(cfg.Plane)
	ct := vol.LooksCT() // once per case: it scans the volume
	ids := PresentIDs(lab.Labels)
	rule := propagate.DefaultRule()
	margin := rule.RangeMargin * windowWidth(vol.Voxels, ct)
	prog.startCase(c.ID, v.Name, len(ids))
	encode, stop := caseEncoder(cfg, v, c.ID, vol, ct)
	defer stop()
	runs := make([]classRun, len(ids))
	runJobs(ctx, v.Workers, len(ids), func(i int) {
		runs[i] = propagateClass(ctx, cfg, v, c.ID, vol, lab, encode, rule, margin, ids[i])
		prog.sliceDone()
	})
	if err := ctx.Err(); err != nil {
		return CaseResult{}, err
	}
	cr := CaseResult{Case: c.ID, Image: c.ImagePath, Labels: c.LabelPath, Variant: v.Name}
	pred := map[uint16][]bool{}
	for i, r := range runs {
		if r.err != nil {
			return CaseResult{}, fmt.Errorf("class %d: %w", ids[i], r.err)
		}
		cr.Propagation = append(cr.Propagation, r.rec)
		cr.Slices = append(cr.Slices, r.results...)
		cr.SlicesDone += r.decoded
		p := make([]bool, lab.Len())
		for n, m := range r.masks {
			for px, on := range m {
				if on {
					ijk := view.Voxel(n, px%view.Width, px/view.Width)
					p[lab.Index(ijk[0], ijk[1], ijk[2])] = true
				}
			}
		}
		pred[ids[i]] = p
	}
	sort.SliceStable(cr.Slices, func(a, b int) bool {
		sa, sb := cr.Slices[a], cr.Slices[b]
		return sa.Slice < sb.Slice || sa.Slice == sb.Slice && sa.Class < sb.Class
	})
	every := make([]int, view.Depth) // background over the whole volume too
	for n := range every {
		every[n] = n
	}
	if err := scoreCase(&cr, cfg, lab, view, every, pred, nil); err != nil {
		return CaseResult{}, err
	}
	cr.Seconds = time.Since(began).Seconds()
	return cr, nil
}

// propagateClass prompts class id on its largest slice and propagates it.
func propagateClass(ctx context.Context, cfg Config, v Variant, caseID string, vol *datasets.Volume, lab *datasets.LabelMap, encode sliceEncoder, rule propagate.Rule, margin float64, id uint16) classRun {
	view := lab.View(cfg.Plane)
	w, h := view.Width, view.Height
	start := largestSlice(lab, cfg.Plane, id)
	run := classRun{rec: PropagationRecord{Class: id, Start: start, First: -1, Last: -1}, masks: map[int][]bool{}}
	// The last slice's embedding is kept: a retry decodes the same slice.
	lastN, lastEmb := -1, engine.Embedding(nil)
	// Each slice's last decode, for its confidence signals.
	decoded := map[int]*engine.Mask{}
	decode := func(ctx context.Context, n int, p engine.Prompt) ([]bool, error) {
		if n != lastN {
			emb, err := encode(ctx, n)
			if err != nil {
				return nil, err
			}
			lastN, lastEmb = n, emb
			run.decoded++
		}
		p.Multimask = cfg.Multimask
		p.Candidates = true
		m, err := v.Engine.Decode(ctx, lastEmb, p)
		if err != nil {
			return nil, err
		}
		if m.Width != w || m.Height != h || len(m.Pix) != w*h {
			return nil, fmt.Errorf("engine returned a %dx%d mask for a %dx%d slice", m.Width, m.Height, w, h)
		}
		decoded[n] = m
		return m.Pix, nil
	}
	gtLab, _ := lab.Slice(cfg.Plane, start)
	first, _ := cfg.Protocol.FirstPrompt(classMask(gtLab, id), w, h, cfg.BoxMarginPX, cfg.JitterPX, promptRNG(cfg.Seed, caseID, start, id))
	mask, err := decode(ctx, start, first)
	if err != nil {
		run.err = err
		return run
	}
	if !slices.Contains(mask, true) {
		run.rec.StopUp, run.rec.StopDown = "start: empty", "start: empty"
		return run
	}
	accepted := []propagate.Accepted{{N: start, Mask: mask, Prompt: first}}
	more, fronts, err := rule.Run(ctx, propagate.Slices{
		Depth: view.Depth, Width: w, Height: h, Family: family(v.Engine),
		Grey:   func(n int) []float32 { g, _ := vol.Slice(cfg.Plane, n); return g },
		Decode: decode,
	}, start, mask, margin)
	if err != nil {
		run.err = err
		return run
	}
	accepted = append(accepted, more...)
	run.rec.First, run.rec.Last = start-fronts[1].Done, start+fronts[0].Done
	run.rec.StopUp, run.rec.StopDown = fronts[0].Stop, fronts[1].Stop
	tol, err := cfg.Rules.ToleranceFor(id)
	if err != nil {
		run.err = err
		return run
	}
	for _, a := range accepted {
		gtLab, _ := lab.Slice(cfg.Plane, a.N)
		s, err := metrics.ScoreMasks2D(classMask(gtLab, id), a.Mask, w, h, view.PixelSpacing, tol)
		if err != nil {
			run.err = err
			return run
		}
		grey, _ := vol.Slice(cfg.Plane, a.N)
		r := SliceResult{Slice: a.N, Class: id, Mask: EncodeRLE(a.Mask, w, h),
			Prompts: []PromptRecord{{Box: a.Prompt.Box, Points: a.Prompt.Points}},
			Signals: maskSignals(decoded[a.N], grey, a.Mask, w, h)}
		if s.Defined {
			r.Dice, r.NSD = ptr(s.Dice), ptr(s.NSD)
		}
		run.results = append(run.results, r)
		run.masks[a.N] = a.Mask
	}
	return run
}

// largestSlice is the slice of the plane with the most pixels of class id
// (the first on ties).
func largestSlice(lab *datasets.LabelMap, plane datasets.Plane, id uint16) int {
	best, bestN := 0, -1
	for n := 0; n < lab.View(plane).Depth; n++ {
		l, _ := lab.Slice(plane, n)
		c := 0
		for _, v := range l {
			if v == id {
				c++
			}
		}
		if c > bestN {
			best, bestN = n, c
		}
	}
	return best
}

func family(e engine.Engine) engine.Family {
	if f := e.Family(); f != "" {
		return f
	}
	return engine.FamilyBuiltin
}
