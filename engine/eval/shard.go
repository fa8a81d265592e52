package eval

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Shard is one of Count runs that share an evaluation's work; Index counts
// from 1. The zero Shard is the whole run.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// MaxShards bounds --shard N: more shards than that is a typo, and a Slurm
// array that size is refused by most clusters anyway.
const MaxShards = 10000

// ParseShard reads "K/N" with 1 <= K <= N.
func ParseShard(s string) (Shard, error) {
	k, n, ok := strings.Cut(s, "/")
	ki, err1 := strconv.Atoi(strings.TrimSpace(k))
	ni, err2 := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil || ni < 1 || ni > MaxShards || ki < 1 || ki > ni {
		return Shard{}, fmt.Errorf("--shard %q: expected K/N with 1 <= K <= N <= %d, as in 2/4 for the second of four shards", s, MaxShards)
	}
	return Shard{Index: ki, Count: ni}, nil
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Sharded reports whether s is one part of a split run.
func (s Shard) Sharded() bool { return s.Count > 0 }

// Dir is the shard's results folder inside the run's --out folder.
func (s Shard) Dir() string { return fmt.Sprintf("shard-%d-of-%d", s.Index, s.Count) }

// WorkItem is one case evaluated with one variant: the unit a shard runs.
type WorkItem struct{ Case, Variant string }

// AssignShards splits the work of cases x variants between n shards and
// returns each item's shard (1..n). The split depends on the sets only, not
// on their order: items are ranked by case id, then variant name, and
// shard s takes the s-th of n contiguous, equal (to one item) runs of that
// ranking. Contiguous runs keep a case's variants together, so most cases
// are loaded by one shard only (a case straddling two runs is loaded by
// both), and every shard gets the same mix of variants. Repeated names
// count once.
func AssignShards(cases, variants []string, n int) map[WorkItem]int {
	cs := slices.Clone(cases)
	slices.Sort(cs)
	cs = slices.Compact(cs)
	vs := slices.Clone(variants)
	slices.Sort(vs)
	vs = slices.Compact(vs)
	total := len(cs) * len(vs)
	out := make(map[WorkItem]int, total)
	for ci, c := range cs {
		for vi, v := range vs {
			t := ci*len(vs) + vi
			out[WorkItem{c, v}] = 1 + t*n/max(1, total)
		}
	}
	return out
}
