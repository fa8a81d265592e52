package eval

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/segtui/segtui/datasets"
)

// ShardProgress is how far one shard of a sharded run has got.
type ShardProgress struct {
	Shard   Shard
	Dir     string // "" when no folder of it was found
	Done    int    // case-variant pairs finished
	Total   int    // the shard's share of the run
	Seconds float64
	Updated time.Time // when its log last changed; zero when not started
	// Finished is set once the shard wrote its summary (results.json).
	Finished bool
}

// ETA is the time the shard still needs at its pace so far (seconds per
// finished pair), 0 when done and -1 when it cannot tell yet.
func (p ShardProgress) ETA() time.Duration {
	switch {
	case p.Done >= p.Total:
		return 0
	case p.Done == 0:
		return -1
	}
	left := p.Seconds / float64(p.Done) * float64(p.Total-p.Done)
	return time.Duration(left * float64(time.Second)).Round(time.Second)
}

// Status reads the shards of sharded runs (folders, or a run's --out that
// holds shard-K-of-N folders) and lists every shard 1..N, those without a
// folder yet as not started. All folders must be shards of one run.
func Status(dirs []string) ([]ShardProgress, error) {
	dirs, err := expandShardDirs(dirs)
	if err != nil {
		return nil, err
	}
	var runs []shardRun
	for _, d := range dirs {
		r, err := readShard(d)
		if err != nil {
			return nil, err
		}
		if r.setup.Shard == nil {
			return nil, fmt.Errorf("%s is a whole run, not a shard: its progress is the count of lines in %s", d, filepath.Join(d, logName))
		}
		runs = append(runs, r)
	}
	if err := checkSameRun(runs); err != nil {
		return nil, err
	}
	n := runs[0].setup.Shard.Count
	want := expectedWork(runs[0].setup)
	out := make([]ShardProgress, n)
	for k := 1; k <= n; k++ {
		out[k-1].Shard = Shard{Index: k, Count: n}
	}
	for _, owner := range want {
		out[owner-1].Total++
	}
	for _, r := range runs {
		p := &out[r.setup.Shard.Index-1]
		p.Dir, p.Updated = r.dir, r.updated
		seen := map[WorkItem]bool{}
		for _, c := range r.cases {
			item := WorkItem{c.Case, c.Variant}
			if want[item] == r.setup.Shard.Index && !seen[item] {
				seen[item] = true
				p.Done++
				p.Seconds += c.Seconds
			}
		}
		if _, err := os.Stat(filepath.Join(r.dir, "results.json")); err == nil {
			p.Finished = p.Done == p.Total
		}
	}
	return out, nil
}

// checkSameRun wants the folders to be distinct shards of one run.
func checkSameRun(runs []shardRun) error {
	seen := map[int]string{}
	for _, r := range runs {
		if r.setup.Shard.Count != runs[0].setup.Shard.Count {
			return fmt.Errorf("%s is shard %s but %s is shard %s: give the shards of one run", runs[0].dir, runs[0].setup.Shard, r.dir, r.setup.Shard)
		}
		if prev, ok := seen[r.setup.Shard.Index]; ok {
			return fmt.Errorf("shard %s is given twice: %s and %s", r.setup.Shard, prev, r.dir)
		}
		seen[r.setup.Shard.Index] = r.dir
		a, b := runs[0].setup, r.setup
		a.Shard, b.Shard = nil, nil
		if d := setupDiff(a, b); d != "" {
			return fmt.Errorf("%s and %s are not shards of one run; they differ in %s", runs[0].dir, r.dir, d)
		}
	}
	return nil
}

// WriteStatus prints the shards as a table with a total line; now is the
// time "last result" is measured from. The run's ETA is the slowest
// shard's, as shards run side by side; it is unknown while a shard has
// nothing finished.
func WriteStatus(w io.Writer, ps []ShardProgress, now time.Time) {
	fmt.Fprintf(w, "%-9s %-11s %-9s %-12s %s\n", "shard", "done/total", "ETA", "last result", "folder")
	done, total := 0, 0
	var eta time.Duration
	for _, p := range ps {
		done += p.Done
		total += p.Total
		e := p.ETA()
		state := etaText(e)
		switch {
		case p.Finished:
			state = "finished"
		case p.Done >= p.Total:
			state = "no summary" // all pairs in, results.json not (yet) written
		}
		if e < 0 || eta >= 0 && e > eta {
			eta = e
		}
		last, dir := "-", "(not started)"
		if p.Dir != "" {
			dir = datasets.SanitizeName(p.Dir)
			last = now.Sub(p.Updated).Round(time.Second).String() + " ago"
		}
		fmt.Fprintf(w, "%-9s %-11s %-9s %-12s %s\n", p.Shard, fmt.Sprintf("%d/%d", p.Done, p.Total), state, last, dir)
	}
	fmt.Fprintf(w, "%-9s %-11s %s\n", "all", fmt.Sprintf("%d/%d", done, total), etaText(eta))
}

func etaText(e time.Duration) string {
	switch {
	case e < 0:
		return "?"
	case e == 0:
		return "done"
	}
	return e.String()
}
