package eval

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Merge joins the results folders of every shard of one sharded run (a
// run's --out folder stands for the shard-K-of-N folders in it) and writes
// results.json, results.md, results.csv and results_nsd.csv to out, the
// files one unsharded run of the same flags writes, with the same bytes
// but for the timings. It refuses shards that do not make one run: another
// shard count, a missing or repeated shard, a different setting, data or
// model file, or a shard that has not finished.
func Merge(dirs []string, out string) (*Results, error) {
	if len(dirs) == 0 {
		return nil, errors.New("merge: no shard folders given")
	}
	dirs, err := expandShardDirs(dirs)
	if err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	runs := make([]shardRun, len(dirs))
	for i, d := range dirs {
		if runs[i], err = readShard(d); err != nil {
			return nil, fmt.Errorf("merge: %w", err)
		}
		if runs[i].setup.Shard == nil {
			return nil, fmt.Errorf("merge: %s is a whole run, not a shard (it was run without --shard): there is nothing to merge it with", d)
		}
	}
	if err := checkShardSet(runs); err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	first := runs[0]
	want := expectedWork(first.setup)
	var cases []CaseResult
	var finished []*Results
	for _, r := range runs {
		if err := checkShardDone(r, want); err != nil {
			return nil, fmt.Errorf("merge: %w", err)
		}
		res, err := readFinished(r.dir)
		if err != nil {
			return nil, fmt.Errorf("merge: %w", err)
		}
		finished = append(finished, res)
		cases = append(cases, r.cases...)
	}
	res, err := mergedResults(first, finished, cases)
	if err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	if err := checkMergeOut(out, dirs); err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("merge: output folder: %w", err)
	}
	return res, writeOutputs(out, res)
}

// checkShardSet wants shards 1..N of one N, each once, all from the same
// setup (flags, data, model files).
func checkShardSet(runs []shardRun) error {
	first := runs[0]
	n := first.setup.Shard.Count
	byIndex := map[int]string{}
	for _, r := range runs {
		sh := *r.setup.Shard
		if sh.Count != n {
			return fmt.Errorf("%s is shard %s but %s is shard %s: shards of one run share N", first.dir, first.setup.Shard, r.dir, sh)
		}
		if prev, ok := byIndex[sh.Index]; ok {
			return fmt.Errorf("shard %s is given twice: %s and %s", sh, prev, r.dir)
		}
		byIndex[sh.Index] = r.dir
		a, b := first.setup, r.setup
		a.Shard, b.Shard = nil, nil
		if d := setupDiff(a, b); d != "" {
			return fmt.Errorf("%s (shard %s) and %s (shard %s) are not shards of one run; they differ in %s: run every shard with the same flags, data and model files",
				first.dir, first.setup.Shard, r.dir, sh, d)
		}
	}
	if err := checkSameHashes(runs); err != nil {
		return err
	}
	var missing []string
	for k := 1; k <= n; k++ {
		if _, ok := byIndex[k]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", k, n))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("shard %s of this run is missing (found %d of %d): run segtui eval --shard K/%d with the same flags for each, or give its folder (shard-K-of-%d)",
			strings.Join(missing, ", "), len(runs), n, n, n)
	}
	return nil
}

// checkShardDone wants a shard's log to hold exactly its share of the work.
func checkShardDone(r shardRun, want map[WorkItem]int) error {
	k := r.setup.Shard.Index
	have := map[WorkItem]bool{}
	for _, c := range r.cases {
		item := WorkItem{c.Case, c.Variant}
		if owner, ok := want[item]; !ok || owner != k {
			return fmt.Errorf("%s (shard %s) holds case %s with variant %s, which is not its work (shard %d's): its log does not match its setup",
				r.dir, r.setup.Shard, c.Case, c.Variant, owner)
		}
		if have[item] {
			return fmt.Errorf("%s (shard %s) holds case %s with variant %s twice", r.dir, r.setup.Shard, c.Case, c.Variant)
		}
		have[item] = true
	}
	total := 0
	var next *WorkItem
	for _, c := range r.setup.Cases {
		for _, v := range r.setup.Variants {
			item := WorkItem{c.ID, v}
			if want[item] != k {
				continue
			}
			total++
			if !have[item] && next == nil {
				next = &item
			}
		}
	}
	if next != nil {
		return fmt.Errorf("%s (shard %s) is not finished: %d of %d case-variant pairs done, next case %s with variant %s: finish it with segtui eval --shard %s --resume and the same flags",
			r.dir, r.setup.Shard, len(have), total, next.Case, next.Variant, r.setup.Shard)
	}
	return nil
}

// mergedResults is the one-run Results the shards add up to.
func mergedResults(first shardRun, finished []*Results, cases []CaseResult) (*Results, error) {
	head := finished[0]
	res := &Results{
		Version: head.Version, Dataset: head.Dataset, Split: head.Split, Models: head.Models, Plane: head.Plane,
		Protocol: head.Protocol, JitterPX: head.JitterPX, Seed: head.Seed, Variants: head.Variants,
		VariantClasses: head.VariantClasses, BoxMarginPX: head.BoxMarginPX, Multimask: head.Multimask,
		VariantMultimask: head.VariantMultimask, VariantTiles: head.VariantTiles, PromptsFrom: head.PromptsFrom,
	}
	classes := map[uint16]ClassInfo{}
	for i, f := range finished {
		if fmt.Sprint(f.VariantClasses) != fmt.Sprint(head.VariantClasses) {
			return nil, fmt.Errorf("the shards score different classes per variant (%v vs %v): their model files differ", head.VariantClasses, f.VariantClasses)
		}
		for _, c := range f.Classes {
			if prev, ok := classes[c.ID]; ok && prev != c {
				return nil, fmt.Errorf("class %d is %q (%g mm) in one shard and %q (%g mm) in shard %d: run every shard with the same --classes and --tolerance",
					c.ID, prev.Name, prev.ToleranceMM, c.Name, c.ToleranceMM, i+1)
			}
			classes[c.ID] = c
		}
	}
	for _, c := range classes {
		res.Classes = append(res.Classes, c)
	}
	sort.Slice(res.Classes, func(a, b int) bool { return res.Classes[a].ID < res.Classes[b].ID })
	// Dataset order, then variant order: as one run sorts them.
	ci := map[string]int{}
	for i, c := range first.setup.Cases {
		ci[c.ID] = i
	}
	vi := map[string]int{}
	for i, v := range res.Variants {
		vi[v] = i
	}
	res.Cases = slices.Clone(cases)
	sort.SliceStable(res.Cases, func(a, b int) bool {
		ca, cb := res.Cases[a], res.Cases[b]
		if ci[ca.Case] != ci[cb.Case] {
			return ci[ca.Case] < ci[cb.Case]
		}
		return vi[ca.Variant] < vi[cb.Variant]
	})
	if err := summarise(res); err != nil {
		return nil, err
	}
	return res, nil
}

// checkMergeOut refuses to write over a run's own results (its log says
// it is one) or into a shard's folder.
func checkMergeOut(out string, dirs []string) error {
	if _, err := os.Stat(filepath.Join(out, logName)); err == nil {
		return fmt.Errorf("%s holds a run's %s: merge into the shards' parent folder or another one, not over a run", out, logName)
	}
	abs, _ := filepath.Abs(out)
	for _, d := range dirs {
		if a, _ := filepath.Abs(d); a == abs {
			return fmt.Errorf("--out %s is one of the shard folders: merge into another folder", out)
		}
	}
	return nil
}

// checkSameHashes compares the data files' hashes across all shards: each
// shard hashed only the cases it ran, so two shards that ran one case can
// both differ from a third that did not.
func checkSameHashes(runs []shardRun) error {
	type seen struct{ sha, dir string }
	first := map[string]seen{} // case id + file path
	for _, r := range runs {
		for _, c := range r.setup.Cases {
			for _, f := range c.Files {
				if f.SHA256 == "" {
					continue
				}
				key := c.ID + "\x00" + f.Path
				prev, ok := first[key]
				if !ok {
					first[key] = seen{f.SHA256, r.dir}
					continue
				}
				if prev.sha != f.SHA256 {
					return fmt.Errorf("%s and %s are not shards of one run; they differ in case %s: %s: contents differ (SHA-256 %.12s… vs %.12s…): run every shard on the same data",
						prev.dir, r.dir, c.ID, f.Path, prev.sha, f.SHA256)
				}
			}
		}
	}
	return nil
}
