package eval

import (
	"fmt"
	"path/filepath"

	"github.com/segtui/segtui/datasets"
)

// caseWork is a case and the variants this run evaluates it with.
type caseWork struct {
	c        datasets.Case
	variants []Variant
}

func hasLabels(c datasets.Case) bool { return c.LabelPath != "" || len(c.MaskPaths) > 0 }

// evaluable says whether a case has work: ground truth to derive prompts
// from, or with --prompts, recorded prompts.
func evaluable(cfg Config, c datasets.Case) bool {
	if cfg.Replay != nil {
		return len(cfg.Replay.Cases[c.ID]) > 0
	}
	return hasLabels(c)
}

func variantNames(vs []Variant) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Name
	}
	return out
}

// labelledIDs lists the dataset's cases that have work (evaluable), the only
// ones with work to split.
func labelledIDs(cfg Config) []string {
	var ids []string
	for _, c := range cfg.Dataset.Cases {
		if evaluable(cfg, c) {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// plan lists the run's work in dataset order: every case with every
// variant, or for a shard its share (AssignShards) of the labelled cases.
func plan(cfg Config) []caseWork {
	var out []caseWork
	if !cfg.Shard.Sharded() {
		for _, c := range cfg.Dataset.Cases {
			out = append(out, caseWork{c, cfg.Variants})
		}
		return out
	}
	assign := AssignShards(labelledIDs(cfg), variantNames(cfg.Variants), cfg.Shard.Count)
	for _, c := range cfg.Dataset.Cases {
		if !evaluable(cfg, c) {
			continue
		}
		w := caseWork{c: c}
		for _, v := range cfg.Variants {
			if assign[WorkItem{c.ID, v.Name}] == cfg.Shard.Index {
				w.variants = append(w.variants, v)
			}
		}
		if len(w.variants) > 0 {
			out = append(out, w)
		}
	}
	return out
}

// shardStamps fingerprints a shard's inputs for merge: every labelled
// case's files (paths relative to the dataset root), hashed for the cases
// this shard runs, and each variant's model files with the manifest.
func shardStamps(cfg Config, work []caseWork) ([]CaseFiles, []ModelFiles, error) {
	mine := map[string]bool{}
	for _, w := range work {
		mine[w.c.ID] = true
	}
	var cases []CaseFiles
	for _, c := range cfg.Dataset.Cases {
		if !evaluable(cfg, c) {
			continue
		}
		paths := []string{c.ImagePath}
		if c.LabelPath != "" {
			paths = append(paths, c.LabelPath)
		}
		paths = append(paths, c.MaskPaths...)
		stamps, err := stampAll(paths, mine[c.ID])
		if err != nil {
			return nil, nil, fmt.Errorf("case %s: %w", c.ID, err)
		}
		for i := range stamps {
			if rel, err := filepath.Rel(cfg.Dataset.Root, stamps[i].Path); err == nil {
				stamps[i].Path = filepath.ToSlash(rel)
			}
		}
		cases = append(cases, CaseFiles{ID: c.ID, Files: stamps})
	}
	var models []ModelFiles
	if cfg.ModelsPath != "" {
		s, err := stampAll([]string{cfg.ModelsPath}, true)
		if err != nil {
			return nil, nil, err
		}
		models = append(models, ModelFiles{Variant: "(manifest)", Files: s})
	}
	for _, v := range cfg.Variants {
		if len(v.Files) == 0 {
			continue
		}
		s, err := stampAll(v.Files, true)
		if err != nil {
			return nil, nil, fmt.Errorf("variant %s: %w", v.Name, err)
		}
		models = append(models, ModelFiles{Variant: v.Name, Files: s})
	}
	return cases, models, nil
}
