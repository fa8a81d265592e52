package confidence

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Ranks gives each value its rank from 1 (smallest), ties sharing the mean
// of their ranks, as Spearman's coefficient wants.
func Ranks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
	r := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && v[idx[j+1]] == v[idx[i]] {
			j++
		}
		mean := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = mean
		}
		i = j + 1
	}
	return r
}

// Spearman is the rank correlation of x and y (Pearson's on tie-averaged
// ranks); ok is false with fewer than three pairs or when either is
// constant (no ranking at all).
func Spearman(x, y []float64) (float64, bool) {
	if len(x) != len(y) || len(x) < 3 {
		return 0, false
	}
	return pearson(Ranks(x), Ranks(y))
}

func pearson(x, y []float64) (float64, bool) {
	n := float64(len(x))
	mx, my := 0.0, 0.0
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/n, my/n
	sxy, sxx, syy := 0.0, 0.0, 0.0
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0, false
	}
	return sxy / math.Sqrt(sxx*syy), true
}

// WorstShare is the share of the worst frac of results (lowest Dice) found
// among the frac least confident ones (lowest signal): 1 when the signal
// finds every one, frac on average for a random order. k = ceil(frac*n).
// Ties in the signal at the cut are shared out: a tied group straddling
// the cut counts each of its worst results by the fraction of the group
// that fits, so a constant signal scores exactly chance (k/n).
func WorstShare(conf, dice []float64, frac float64) (share float64, k int) {
	n := len(conf)
	if n == 0 || len(dice) != n {
		return 0, 0
	}
	k = max(1, int(math.Ceil(frac*float64(n))))
	worst := make([]bool, n)
	byDice := order(dice)
	for _, i := range byDice[:k] {
		worst[i] = true
	}
	byConf := order(conf)
	found := 0.0
	taken := 0
	for i := 0; i < n && taken < k; {
		j := i
		for j+1 < n && conf[byConf[j+1]] == conf[byConf[i]] {
			j++
		}
		group := j - i + 1
		room := min(group, k-taken)
		hits := 0
		for _, g := range byConf[i : j+1] {
			if worst[g] {
				hits++
			}
		}
		found += float64(hits) * float64(room) / float64(group)
		taken += room
		i = j + 1
	}
	return found / float64(k), k
}

// order is the indices of v, smallest value first (stable).
func order(v []float64) []int {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
	return idx
}

// BetterThanChance says whether a positive Spearman rho over n pairs is
// unlikely under no association, one-sided at the 5% level. Over 30 pairs
// it uses the large-sample test z = rho * sqrt(n-1) > 1.645; up to 30 the
// caller's ranks decide by permutation (SignificantRanks), since the
// normal approximation is poor there.
func BetterThanChance(rho float64, n int) bool {
	return n >= 3 && rho*math.Sqrt(float64(n-1)) > 1.645
}

// maxExact is the largest n whose permutations are all enumerated.
const maxExact = 8

// smallN is the largest n tested by permutation rather than by the normal
// approximation.
const smallN = 30

// SignificantRanks is the one-sided 5% test of a positive Spearman
// correlation between x and y: exact over every permutation for n up to 8,
// 20000 seeded random permutations up to 30, the normal approximation
// above. ok is false when rho is undefined.
func SignificantRanks(x, y []float64) (better, ok bool) {
	rho, ok := Spearman(x, y)
	if !ok {
		return false, false
	}
	n := len(x)
	if n > smallN {
		return BetterThanChance(rho, n), true
	}
	rx, ry := Ranks(x), Ranks(y)
	const eps = 1e-12
	atLeast, total := 0, 0
	perm := make([]float64, n)
	try := func(p []float64) {
		r, ok := pearson(rx, p)
		if ok && r >= rho-eps {
			atLeast++
		}
		total++
	}
	if n <= maxExact {
		copy(perm, ry)
		permute(perm, 0, try)
	} else {
		rng := rand.New(rand.NewPCG(1, uint64(n)))
		for range 20000 {
			copy(perm, ry)
			rng.Shuffle(n, func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
			try(perm)
		}
	}
	return rho > 0 && float64(atLeast)/float64(total) < 0.05, true
}

// permute calls f with every ordering of p (Heap's algorithm, recursive).
func permute(p []float64, k int, f func([]float64)) {
	if k == len(p)-1 {
		f(p)
		return
	}
	for i := k; i < len(p); i++ {
		p[k], p[i] = p[i], p[k]
		permute(p, k+1, f)
		p[k], p[i] = p[i], p[k]
	}
}

// Combine adds the Combined signal to every record: the mean, over the
// signals a record has, of that signal's percentile rank among the records
// that have it (0 least, 1 most confident), so signals on different scales
// weigh the same. Records come from one variant; a signal constant over
// them ranks nothing and is left out. Combine reads only the records'
// signals, never their Dice.
func Combine(records []map[string]float64) {
	sum := make([]float64, len(records))
	count := make([]int, len(records))
	for _, name := range Order {
		if name == Combined {
			continue
		}
		var idx []int
		var vals []float64
		for i, r := range records {
			if v, ok := r[name]; ok {
				idx = append(idx, i)
				vals = append(vals, v)
			}
		}
		if len(vals) < 2 || constant(vals) {
			continue
		}
		rk := Ranks(vals)
		for j, i := range idx {
			sum[i] += (rk[j] - 1) / float64(len(vals)-1)
			count[i]++
		}
	}
	for i, r := range records {
		delete(r, Combined)
		if count[i] > 0 {
			r[Combined] = sum[i] / float64(count[i])
		}
	}
}

func constant(v []float64) bool {
	for _, x := range v[1:] {
		if x != v[0] {
			return false
		}
	}
	return true
}
