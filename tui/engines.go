package tui

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/segtui/segtui/engine"
)

// embKey names a cached embedding.
type embKey struct {
	Case int
	Key  sliceKey
}

// maxCacheBytes bounds each variant's embedding cache (SAM 2 needs about
// 12 MiB per slice, so this holds ~80 slices).
const maxCacheBytes = 1 << 30

// engineSlot owns one variant: it is opened on first use and its calls are
// serialised, since one session runs one model call at a time.
type engineSlot struct {
	entry EngineEntry
	mu    sync.Mutex
	eng   engine.Engine
	err   error
	cache map[embKey]engine.Embedding
	order []embKey // least recently used first
	bytes int64
}

func newSlots(entries []EngineEntry) []*engineSlot {
	s := make([]*engineSlot, len(entries))
	for i, e := range entries {
		s[i] = &engineSlot{entry: e, cache: map[embKey]engine.Embedding{}}
	}
	return s
}

// open must be called with mu held.
func (s *engineSlot) open() (engine.Engine, error) {
	if s.eng == nil && s.err == nil {
		if s.entry.Open == nil {
			s.err = fmt.Errorf("model %s cannot be opened", s.entry.Name)
		} else {
			s.eng, s.err = s.entry.Open()
			if s.err != nil {
				s.err = fmt.Errorf("model %s: %w", s.entry.Name, s.err)
			}
		}
	}
	return s.eng, s.err
}

// embedding returns the cached embedding or encodes img; mu must be held.
func (s *engineSlot) embedding(ctx context.Context, k embKey, img *engine.Image) (engine.Embedding, time.Duration, error) {
	eng, err := s.open()
	if err != nil {
		return nil, 0, err
	}
	if e, ok := s.cache[k]; ok {
		s.touch(k)
		return e, 0, nil
	}
	start := time.Now()
	e, err := eng.Encode(ctx, img)
	if err != nil {
		return nil, 0, fmt.Errorf("%s encoder: %w", s.entry.Name, err)
	}
	d := time.Since(start)
	s.cache[k] = e
	s.order = append(s.order, k)
	s.bytes += e.Bytes()
	for s.bytes > maxCacheBytes && len(s.order) > 1 {
		old := s.order[0]
		s.order = s.order[1:]
		s.bytes -= s.cache[old].Bytes()
		delete(s.cache, old)
	}
	return e, d, nil
}

func (s *engineSlot) touch(k embKey) {
	for i, o := range s.order {
		if o == k {
			s.order = append(append(s.order[:i:i], s.order[i+1:]...), k)
			return
		}
	}
}

// cached counts embeddings of one case and plane.
func (s *engineSlot) cached(c int, k sliceKey) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for e := range s.cache {
		if e.Case == c && e.Key.Plane == k.Plane {
			n++
		}
	}
	return n
}

// decode runs one prompt, encoding first if needed.
func (s *engineSlot) decode(ctx context.Context, k embKey, img *engine.Image, p engine.Prompt) (*engine.Mask, time.Duration, time.Duration, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	emb, encDur, err := s.embedding(ctx, k, img)
	if err != nil {
		return nil, encDur, 0, err
	}
	start := time.Now()
	m, err := s.eng.Decode(ctx, emb, p)
	if err != nil {
		return nil, encDur, 0, fmt.Errorf("%s decoder: %w", s.entry.Name, err)
	}
	if m.Width != img.Width || m.Height != img.Height || len(m.Pix) != img.Width*img.Height {
		return nil, encDur, 0, fmt.Errorf("%s returned a %dx%d mask for a %dx%d slice", s.entry.Name, m.Width, m.Height, img.Width, img.Height)
	}
	return m, encDur, time.Since(start), nil
}

func (s *engineSlot) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.eng != nil {
		s.eng.Close()
		s.eng = nil
	}
}
