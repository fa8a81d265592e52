package engine

import (
	"context"
	"fmt"
)

// Prefetch starts precomputing the slices around r.At in the background and
// returns at once. It replaces the previous request: encodes for slices
// outside the new window are cancelled (unless a prompt is waiting on
// them), those inside it carry on. Call it on every slice change; progress
// arrives on Progress().
func (s *EncoderService) Prefetch(r PrefetchRequest) error {
	if r.Load == nil {
		return fmt.Errorf("prefetch %s: no slice loader", r.At)
	}
	if r.Slices <= 0 || r.At.Slice < 0 || r.At.Slice >= r.Slices {
		return fmt.Errorf("prefetch %s: slice %d is outside 0..%d", r.At, r.At.Slice, r.Slices-1)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrServiceClosed
	}
	old := s.gen
	dir := sign(r.Dir)
	if dir == 0 && old != nil && old.at.sameStack(r.At) {
		if dir = sign(r.At.Slice - old.at.Slice); dir == 0 {
			dir = old.dir
		}
	}
	ctx, cancel := context.WithCancel(s.base)
	g := &prefetchGen{ctx: ctx, cancel: cancel, at: r.At, dir: dir, load: r.Load, joined: map[CacheKey]*flight{}}
	window := prefetchWindow(r.At.Slice, dir, r.Slices, s.opts)
	g.prog = Progress{At: r.At, Total: len(window)}
	// Touch the cached window slices, farthest first, so the ones nearest
	// the user are the last the cache evicts.
	cached := make([]bool, len(window))
	for j := len(window) - 1; j >= 0; j-- {
		k := r.At
		k.Slice = window[j]
		_, cached[j] = s.cache.peek(k)
	}
	for j, i := range window {
		k := r.At
		k.Slice = i
		if cached[j] {
			g.prog.Done++
			continue
		}
		g.todo = append(g.todo, k)
		// Join running encodes now, before the old request lets go of them.
		if f := s.flights[k]; f != nil {
			f.refs++
			g.joined[k] = f
		}
	}
	if old != nil {
		old.cancel()
	}
	s.gen = g
	s.reportLocked(g)
	s.wg.Add(1)
	go s.prefetch(g)
	return nil
}

// prefetchWindow lists the slices to precompute around at, nearest first:
// at itself, then Ahead slices in the direction of travel, then Behind
// slices the other way; with no direction, both sides alternately as far
// as max(Behind, Ahead/2).
func prefetchWindow(at, dir, n int, o PrefetchOptions) []int {
	out := []int{at}
	add := func(i int) {
		if i >= 0 && i < n {
			out = append(out, i)
		}
	}
	if dir == 0 {
		for d := 1; d <= max(o.Behind, (o.Ahead+1)/2); d++ {
			add(at + d)
			add(at - d)
		}
		return out
	}
	for d := 1; d <= o.Ahead; d++ {
		add(at + dir*d)
	}
	for d := 1; d <= o.Behind; d++ {
		add(at - dir*d)
	}
	return out
}

// prefetch encodes a request's window one slice at a time, so it never
// takes more than one encoder run away from a prompt.
func (s *EncoderService) prefetch(g *prefetchGen) {
	defer s.wg.Done()
	defer func() {
		for k, f := range g.joined {
			s.release(k, f)
		}
	}()
	for _, k := range g.todo {
		f := g.joined[k]
		delete(g.joined, k)
		if f == nil {
			slice := k.Slice
			var err error
			_, f, err = s.acquire(k, func() (*Image, error) { return g.load(slice) }, g)
			if g.ctx.Err() != nil {
				return
			}
			if f == nil {
				s.account(g, err)
				continue
			}
		}
		select {
		case <-f.done:
			s.release(k, f)
			s.account(g, f.err)
		case <-g.ctx.Done():
			s.release(k, f)
			return
		}
	}
}

// account counts one finished window slice and reports progress while the
// request is still the current one.
func (s *EncoderService) account(g *prefetchGen, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g.ctx.Err() != nil {
		return
	}
	if err != nil {
		g.prog.Failed++
		g.prog.Err = err
	} else {
		g.prog.Done++
	}
	s.reportLocked(g)
}

// reportLocked publishes g's progress: the channel holds only the latest
// value, so a slow reader never blocks the service.
func (s *EncoderService) reportLocked(g *prefetchGen) {
	s.last = g.prog
	select {
	case <-s.progress:
	default:
	}
	s.progress <- g.prog
}

// Progress delivers the precompute's progress, latest value only: a
// reader that falls behind sees the newest state, never a backlog.
func (s *EncoderService) Progress() <-chan Progress { return s.progress }

// PrefetchState is the latest progress without waiting.
func (s *EncoderService) PrefetchState() Progress {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

func sign(v int) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
