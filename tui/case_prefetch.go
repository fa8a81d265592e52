package tui

import (
	"context"
	"os"
	"sync"
	"time"

	"github.com/segtui/segtui/datasets"
)

// casePrefetch reads the cases before and after the open one in the
// background, so stepping through a dataset shows the next case's first
// frame without waiting for its files (a 512x512x300 CT takes about a
// second to read). Each read case is handed out once: the session that
// opens it owns it, and a case read again later comes from disk.
type casePrefetch struct {
	load    func(ctx context.Context, i int) (*datasets.Volume, *datasets.LabelMap, error)
	mu      sync.Mutex
	entries map[int]*prefetched
}

// prefetchDelay is how long after a case opens its neighbours are read.
const prefetchDelay = time.Second

type prefetched struct {
	done   chan struct{}
	cancel context.CancelFunc
	img    *datasets.Volume
	gt     *datasets.LabelMap
	err    error
}

// caseLoader is the loader openCase uses: through the prefetcher unless
// SEGTUI_CASE_PREFETCH=0 (the benchmark's peer).
func (m *Model) caseLoader() func(ctx context.Context, i int) (*datasets.Volume, *datasets.LabelMap, error) {
	if os.Getenv("SEGTUI_CASE_PREFETCH") == "0" || len(m.cfg.Cases) < 2 {
		return m.cfg.Load
	}
	if m.cases == nil {
		m.cases = &casePrefetch{load: m.cfg.Load, entries: map[int]*prefetched{}}
	}
	return m.cases.get
}

// prefetchAround starts reading the neighbours of case i.
func (m *Model) prefetchAround(i int) {
	if m.cases != nil {
		m.cases.around(m.ctx, i, len(m.cfg.Cases))
	}
}

// get returns case i: the prefetched read if there is one (waiting for it
// to finish), else a read of its own.
func (c *casePrefetch) get(ctx context.Context, i int) (*datasets.Volume, *datasets.LabelMap, error) {
	c.mu.Lock()
	e := c.entries[i]
	delete(c.entries, i)
	c.mu.Unlock()
	if e != nil {
		defer e.cancel()
		select {
		case <-e.done:
			if e.err == nil {
				return e.img, e.gt, nil
			}
			// A failed prefetch is read again: the error may have passed.
		case <-ctx.Done():
			e.cancel()
			return nil, nil, ctx.Err()
		}
	}
	return c.load(ctx, i)
}

// around keeps reads of i-1 and i+1 (of n cases) and drops the others.
func (c *casePrefetch) around(ctx context.Context, i, n int) {
	want := map[int]bool{}
	for _, j := range []int{i + 1, i - 1} {
		if j >= 0 && j < n {
			want[j] = true
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for j, e := range c.entries {
		if !want[j] {
			e.cancel()
			delete(c.entries, j)
		}
	}
	for j := range want {
		if c.entries[j] != nil {
			continue
		}
		ectx, cancel := context.WithCancel(ctx)
		e := &prefetched{done: make(chan struct{}), cancel: cancel}
		c.entries[j] = e
		go func(j int) {
			defer close(e.done)
			// The case just opened draws its first frames first: two
			// reads at once on a small machine would slow them.
			select {
			case <-time.After(prefetchDelay):
			case <-ectx.Done():
				e.err = ectx.Err()
				return
			}
			e.img, e.gt, e.err = c.load(ectx, j)
		}(j)
	}
}
