package metrics

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
)

// classStats is what one pass over two label volumes learns about a class:
// its voxel counts, the box of ground truth and prediction together, and
// the ground truth's k-range (for the z-range rule).
type classStats struct {
	counts Overlap
	box    box3
	gtK    [2]int // lowest and highest k holding ground truth
}

func newClassStats(dim [3]int) classStats {
	return classStats{box: emptyBox3(dim), gtK: [2]int{dim[2], -1}}
}

func (s *classStats) merge(o classStats) {
	s.counts = s.counts.Add(o.counts)
	s.box.union(o.box)
	s.gtK = [2]int{min(s.gtK[0], o.gtK[0]), max(s.gtK[1], o.gtK[1])}
}

// labelStats scans both volumes once (slabs of k on every core) for every
// id in ids; stats[n] belongs to ids[n].
func labelStats(gt, pred []uint16, dim [3]int, ids []uint16) []classStats {
	slot := make([]int32, int(slices.Max(ids))+1)
	for i := range slot {
		slot[i] = -1
	}
	for n := len(ids) - 1; n >= 0; n-- {
		slot[ids[n]] = int32(n) // a repeated id shares its first slot
	}
	var mu sync.Mutex
	total := make([]classStats, len(ids))
	for n := range total {
		total[n] = newClassStats(dim)
	}
	plane := dim[0] * dim[1]
	parallelFor(dim[2], max(1, 1<<18/(plane+1)), func(k0, k1 int) {
		part := make([]classStats, len(ids))
		for n := range part {
			part[n] = newClassStats(dim)
		}
		at := func(v uint16) *classStats {
			if int(v) < len(slot) && slot[v] >= 0 {
				return &part[slot[v]]
			}
			return nil
		}
		for k := k0; k < k1; k++ {
			for j := 0; j < dim[1]; j++ {
				base := dim[0] * (j + dim[1]*k)
				g, p := gt[base:base+dim[0]], pred[base:base+dim[0]]
				for i := range g {
					gv, pv := g[i], p[i]
					if gv|pv == 0 {
						continue // background, the bulk of a volume
					}
					if s := at(gv); s != nil {
						s.counts.GT++
						if gv == pv {
							s.counts.Inter++
						}
						s.box.add(i, j, k)
						s.gtK = [2]int{min(s.gtK[0], k), max(s.gtK[1], k)}
					}
					if s := at(pv); s != nil {
						s.counts.Pred++
						s.box.add(i, j, k)
					}
				}
			}
		}
		mu.Lock()
		for n := range total {
			total[n].merge(part[n])
		}
		mu.Unlock()
	})
	for n, id := range ids {
		total[n] = total[slot[id]]
	}
	return total
}

// scoreBox is the box a class is scored in: its box, cut to the ground
// truth's k-range under the z-range rule (exclusive top unless inclusive).
func scoreBox(st classStats, zRange, inclusive bool) box3 {
	b := st.box
	if zRange {
		top := st.gtK[1]
		if !inclusive {
			top--
		}
		b.lo[2], b.hi[2] = max(b.lo[2], st.gtK[0]), min(b.hi[2], top)
	}
	return b
}

// scoreCropped finishes a class from its crop: the FLARE22 conventions for
// nothing inside the box, else Dice from the crop's counts and NSD.
func scoreCropped(c crop3, spacing [3]float64, tol float64, w *scratch) Score {
	s := Score{GT: c.counts.GT, Pred: c.counts.Pred}
	if c.counts.GT+c.counts.Pred == 0 {
		return finishEmpty(s)
	}
	s.Dice, _ = c.counts.Dice()
	s.NSD, _ = c.nsd(spacing, tol, false, w)
	s.Defined = true
	return s
}

// finishEmpty is the official script's NaN: nothing left to score inside
// the z-range (see Score.Defined).
func finishEmpty(s Score) Score {
	s.Dice, s.NSD = nan(), nan()
	return s
}

// ScoreLabels3D scores every class in ids between two label volumes on one
// grid (i fastest) under the given rules. One pass over both volumes finds
// each class's counts and box; each class is then scored inside its box
// only, several classes at once and each on every core.
func ScoreLabels3D(gt, pred []uint16, dim [3]int, spacing [3]float64, ids []uint16, rules NSDRules) ([]ClassScore, error) {
	n := dim[0] * dim[1] * dim[2]
	if len(gt) != n || len(pred) != n {
		return nil, fmt.Errorf("score: a %dx%dx%d grid has %d voxels but ground truth has %d and prediction %d", dim[0], dim[1], dim[2], n, len(gt), len(pred))
	}
	tols := make([]float64, len(ids))
	for i, id := range ids {
		t, err := rules.ToleranceFor(id)
		if err != nil {
			return nil, err
		}
		tols[i] = t
	}
	if len(ids) == 0 {
		return []ClassScore{}, nil
	}
	if err := checkSpacing(spacing[:]); err != nil {
		return nil, fmt.Errorf("class %d: %w", ids[0], err)
	}
	stats := labelStats(gt, pred, dim, ids)
	out := make([]ClassScore, len(ids))
	// Largest boxes first, so the longest class starts at once and the
	// small ones fill the other cores around it.
	order := make([]int, len(ids))
	for i := range order {
		order[i] = i
	}
	volume := func(i int) int {
		b := stats[i].box
		if b.empty() {
			return 0
		}
		return (b.hi[0] - b.lo[0] + 1) * (b.hi[1] - b.lo[1] + 1) * (b.hi[2] - b.lo[2] + 1)
	}
	slices.SortStableFunc(order, func(a, b int) int { return volume(b) - volume(a) })
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(ids)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var w scratch
			for i := range jobs {
				id, st := ids[i], stats[i]
				s, done := emptyConvention(st.counts.GT, st.counts.Pred)
				if !done {
					b := scoreBox(st, rules.All == 0 && rules.ZRange[id], rules.InclusiveZ)
					if b.empty() {
						s = finishEmpty(Score{})
					} else {
						s = scoreCropped(cropLabels(gt, pred, dim, b, id, &w), spacing, tols[i], &w)
					}
				}
				out[i] = ClassScore{ID: id, Tolerance: tols[i], Score: s}
			}
		}()
	}
	for _, i := range order {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return out, nil
}

// maskStats is labelStats for one class's binary volumes.
func maskStats(gt, pred []bool, dim [3]int) classStats {
	var mu sync.Mutex
	total := newClassStats(dim)
	plane := dim[0] * dim[1]
	parallelFor(dim[2], max(1, 1<<18/(plane+1)), func(k0, k1 int) {
		part := newClassStats(dim)
		for k := k0; k < k1; k++ {
			for j := 0; j < dim[1]; j++ {
				base := dim[0] * (j + dim[1]*k)
				g, p := gt[base:base+dim[0]], pred[base:base+dim[0]]
				for i := range g {
					if !g[i] && !p[i] {
						continue
					}
					if g[i] {
						part.counts.GT++
						if p[i] {
							part.counts.Inter++
						}
						part.gtK = [2]int{min(part.gtK[0], k), max(part.gtK[1], k)}
					}
					if p[i] {
						part.counts.Pred++
					}
					part.box.add(i, j, k)
				}
			}
		}
		mu.Lock()
		total.merge(part)
		mu.Unlock()
	})
	return total
}
