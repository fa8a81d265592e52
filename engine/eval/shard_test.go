package eval

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
)

func names(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%03d", prefix, i)
	}
	return out
}

// TestAssignShardsCoversEveryPairOnce: every (case, variant) pair gets one
// shard in 1..N, the shards' shares differ by at most one pair, and no
// case is split over more shards than its variants need.
func TestAssignShardsCoversEveryPairOnce(t *testing.T) {
	for _, tc := range []struct{ cases, variants, n int }{
		{50, 6, 4}, {50, 6, 7}, {1, 2, 2}, {1, 2, 4}, {3, 1, 3}, {13, 5, 1}, {2, 3, 100}, {0, 3, 2}, {7, 0, 2},
	} {
		cases, variants := names("FLARE22_Tr_", tc.cases), names("model-", tc.variants)
		got := AssignShards(cases, variants, tc.n)
		if len(got) != tc.cases*tc.variants {
			t.Fatalf("%+v: %d pairs assigned, want %d", tc, len(got), tc.cases*tc.variants)
		}
		per := make([]int, tc.n+1)
		shardsOfCase := map[string]map[int]bool{}
		for _, c := range cases {
			for _, v := range variants {
				k, ok := got[WorkItem{c, v}]
				if !ok || k < 1 || k > tc.n {
					t.Fatalf("%+v: case %s variant %s has shard %d (ok %v), want 1..%d", tc, c, v, k, ok, tc.n)
				}
				per[k]++
				if shardsOfCase[c] == nil {
					shardsOfCase[c] = map[int]bool{}
				}
				shardsOfCase[c][k] = true
			}
		}
		if total := tc.cases * tc.variants; total > 0 {
			lo, hi := slices.Min(per[1:]), slices.Max(per[1:])
			if hi-lo > 1 {
				t.Errorf("%+v: shard shares range from %d to %d pairs, want within one", tc, lo, hi)
			}
			perShard := total / tc.n
			for c, ks := range shardsOfCase {
				// A case's pairs are consecutive, so they span at most
				// ceil(variants / share) + 1 shards.
				if limit := (tc.variants+max(1, perShard)-1)/max(1, perShard) + 1; len(ks) > limit {
					t.Errorf("%+v: case %s is spread over %d shards, want at most %d", tc, c, len(ks), limit)
				}
			}
		}
	}
}

// TestAssignShardsIgnoresOrder: the split depends on which cases and
// variants there are, not on the order they are listed in (filesystem
// listing, --model order) nor on repeats.
func TestAssignShardsIgnoresOrder(t *testing.T) {
	cases, variants := names("case", 23), names("v", 5)
	want := AssignShards(cases, variants, 4)
	rng := rand.New(rand.NewPCG(4, 18))
	for range 20 {
		c, v := slices.Clone(cases), slices.Clone(variants)
		rng.Shuffle(len(c), func(i, j int) { c[i], c[j] = c[j], c[i] })
		rng.Shuffle(len(v), func(i, j int) { v[i], v[j] = v[j], v[i] })
		c = append(c, c[0]) // a repeat
		if got := AssignShards(c, v, 4); !maps.Equal(got, want) {
			t.Fatalf("order %v / %v changed the split", c, v)
		}
	}
}

func TestParseShard(t *testing.T) {
	for in, want := range map[string]Shard{"1/1": {1, 1}, "2/4": {2, 4}, " 3 / 3 ": {3, 3}, "10000/10000": {10000, 10000}} {
		if got, err := ParseShard(in); err != nil || got != want {
			t.Errorf("%q: %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1", "0/4", "5/4", "-1/4", "1/0", "a/b", "1/4/2", "1/10001"} {
		if _, err := ParseShard(in); err == nil {
			t.Errorf("%q was accepted", in)
		}
	}
}
