package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/metrics"
)

// Replay is a set of recorded prompts to run again instead of deriving
// them from the ground truth (--prompts): the way to evaluate data that
// has none, and to give every run the same prompts.
type Replay struct {
	Path string // the file the prompts came from, recorded in the results
	// Cases maps a case id to its prompted (slice, class) pairs, each
	// with its rounds' prompts, slice order then class order.
	Cases   map[string][]ReplayItem
	Classes []ClassInfo // the file's class names and tolerances
}

// ReplayItem is one class on one slice with every round's prompt.
type ReplayItem struct {
	Slice   int
	Class   uint16
	Prompts []PromptRecord
}

// LoadReplay reads the prompts of a results.json written by eval (or a
// folder holding one), or any JSON file of the same shape that lists
// cases with their slices' prompts:
//
//	{"cases": [{"case": "ID", "slices": [{"slice": 3, "class": 1,
//	  "prompts": [{"box": {"X0": 10, "Y0": 12, "X1": 40, "Y1": 50}}]}]}]}
//
// Each (case, slice, class) takes the prompts of the first result that
// has any, so a file with several variants replays one set of prompts.
func LoadReplay(path string) (*Replay, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "results.json")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("prompts file: %w", err)
	}
	var res Results
	if err := json.Unmarshal(raw, &res); err != nil {
		return nil, fmt.Errorf("prompts file %s: expected eval's results.json or {\"cases\": [{\"case\", \"slices\": [{\"slice\", \"class\", \"prompts\"}]}]}: %w", path, err)
	}
	rp := &Replay{Path: path, Cases: map[string][]ReplayItem{}, Classes: res.Classes}
	seen := map[resultKey]bool{}
	items := 0
	for _, c := range res.Cases {
		for _, s := range c.Slices {
			k := resultKey{c.Case, s.Slice, s.Class}
			if len(s.Prompts) == 0 || seen[k] {
				continue
			}
			if s.Slice < 0 {
				return nil, fmt.Errorf("prompts file %s: case %s has slice %d: expected 0 or more", path, datasets.SanitizeName(c.Case), s.Slice)
			}
			for _, p := range s.Prompts {
				if p.Box == nil && len(p.Points) == 0 {
					return nil, fmt.Errorf("prompts file %s: case %s slice %d class %d has a round with neither a box nor points", path, datasets.SanitizeName(c.Case), s.Slice, s.Class)
				}
			}
			seen[k] = true
			rp.Cases[c.Case] = append(rp.Cases[c.Case], ReplayItem{Slice: s.Slice, Class: s.Class, Prompts: s.Prompts})
			items++
		}
	}
	if items == 0 {
		return nil, fmt.Errorf("prompts file %s: no result with prompts (semantic variants record none)", path)
	}
	for id := range rp.Cases {
		it := rp.Cases[id]
		sort.SliceStable(it, func(a, b int) bool {
			return it[a].Slice < it[b].Slice || it[a].Slice == it[b].Slice && it[a].Class < it[b].Class
		})
	}
	return rp, nil
}

// runReplayCase decodes the recorded prompts of one case, round by round
// with the previous mask fed back as the iterative protocol does, and
// scores them where the case has ground truth (lab may be nil).
func runReplayCase(ctx context.Context, cfg Config, v Variant, c datasets.Case, vol *datasets.Volume, lab *datasets.LabelMap, prog *progress) (CaseResult, error) {
	start := time.Now()
	view := vol.View(cfg.Plane)
	if tiled(v, view) {
		return CaseResult{}, fmt.Errorf("the %dx%d image would be tiled for %s, and replayed prompts are not: pass --tile off", view.Width, view.Height, v.Name)
	}
	items := cfg.Replay.Cases[c.ID]
	bySlice := map[int][]ReplayItem{}
	var slices []int
	for _, it := range items {
		if it.Slice >= view.Depth {
			return CaseResult{}, fmt.Errorf("prompts for slice %d, but the %s plane has %d slices: the prompts were recorded on other data", it.Slice, cfg.Plane, view.Depth)
		}
		if _, ok := bySlice[it.Slice]; !ok {
			slices = append(slices, it.Slice)
		}
		bySlice[it.Slice] = append(bySlice[it.Slice], it)
	}
	ct := vol.LooksCT()
	prog.startCase(c.ID, v.Name, len(slices))
	outs := make([]sliceOut, len(slices))
	encodeInBatches(ctx, cfg, v, vol, ct, slices, outs, prog, func(i int, emb engine.Embedding) sliceOut {
		return replaySlice(ctx, cfg, v, vol, lab, view, slices[i], bySlice[slices[i]], emb)
	})
	if err := ctx.Err(); err != nil {
		return CaseResult{}, err
	}
	cr := CaseResult{Case: c.ID, Image: c.ImagePath, Labels: c.LabelPath, Variant: v.Name, SlicesDone: len(slices)}
	pred, err := collectSlices(&cr, outs, slices, lab, view)
	if err != nil {
		return CaseResult{}, err
	}
	if lab != nil {
		if err := scoreCase(&cr, cfg, lab, view, slices, pred, nil); err != nil {
			return CaseResult{}, err
		}
	}
	cr.Seconds = time.Since(start).Seconds()
	return cr, nil
}

// replaySlice runs one slice's recorded prompts against its embedding.
func replaySlice(ctx context.Context, cfg Config, v Variant, vol *datasets.Volume, lab *datasets.LabelMap, view datasets.SliceView, n int, items []ReplayItem, emb engine.Embedding) sliceOut {
	w, h := view.Width, view.Height
	grey, _ := vol.Slice(cfg.Plane, n)
	var gtLab []uint16
	if lab != nil {
		gtLab, _ = lab.Slice(cfg.Plane, n)
	}
	out := sliceOut{masks: map[uint16][]bool{}}
	for _, it := range items {
		var m *engine.Mask
		for _, pr := range it.Prompts {
			p := engine.Prompt{Box: pr.Box, Points: pr.Points, Multimask: cfg.Multimask, Candidates: true}
			if m != nil {
				p.Prev = m.LowRes
			}
			var err error
			if m, err = v.Engine.Decode(ctx, emb, p); err != nil {
				return sliceOut{err: fmt.Errorf("class %d: %w", it.Class, err)}
			}
			if m.Width != w || m.Height != h || len(m.Pix) != w*h {
				return sliceOut{err: fmt.Errorf("engine returned a %dx%d mask for a %dx%d slice", m.Width, m.Height, w, h)}
			}
		}
		r := SliceResult{Slice: n, Class: it.Class, Prompts: it.Prompts, Mask: EncodeRLE(m.Pix, w, h), Signals: maskSignals(m, grey, m.Pix, w, h)}
		if gtLab != nil {
			tol, err := cfg.Rules.ToleranceFor(it.Class)
			if err != nil {
				return sliceOut{err: err}
			}
			s, err := metrics.ScoreMasks2D(classMask(gtLab, it.Class), m.Pix, w, h, view.PixelSpacing, tol)
			if err != nil {
				return sliceOut{err: err}
			}
			if s.Defined {
				r.Dice, r.NSD = ptr(s.Dice), ptr(s.NSD)
			}
		}
		out.results = append(out.results, r)
		out.masks[it.Class] = m.Pix
	}
	return out
}

// noteReplayClasses names the classes a case's recorded prompts ask for:
// the dataset's name, else the prompts file's, else "class N".
func noteReplayClasses(classes map[uint16]ClassInfo, table datasets.ClassTable, rp *Replay, caseID string, rules metrics.NSDRules) error {
	for _, it := range rp.Cases[caseID] {
		if _, ok := classes[it.Class]; ok {
			continue
		}
		tol, err := rules.ToleranceFor(it.Class)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("class %d", it.Class)
		if c, ok := table.ByID(it.Class); ok {
			name = datasets.SanitizeName(c.Name)
		} else {
			for _, ci := range rp.Classes {
				if ci.ID == it.Class {
					name = datasets.SanitizeName(ci.Name)
				}
			}
		}
		classes[it.Class] = ClassInfo{ID: it.Class, Name: name, ToleranceMM: tol}
	}
	return nil
}
