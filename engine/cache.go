package engine

import (
	"container/list"
	"fmt"
	"sync"

	"github.com/segtui/segtui/datasets"
)

// CacheKey identifies one encoded slice: the same pixels through the same
// model give the same embedding, so a key must name everything that changes
// the encoder's input.
type CacheKey struct {
	Variant string         // model variant name
	Case    string         // case (volume) identifier
	Plane   datasets.Plane // viewing plane
	Slice   int            // slice index along the plane
	// Window is the display window the slice was windowed with for 8-bit
	// models; the zero value means the model's or the default window.
	Window Window
	// Region is the part of the slice encoded (X0, Y0, X1, Y1, half-open,
	// engine/region); the zero value means the whole slice.
	Region [4]int
}

func (k CacheKey) String() string {
	s := fmt.Sprintf("%s/%s/%s/%d/L%gW%g", k.Variant, k.Case, k.Plane, k.Slice, k.Window.Level, k.Window.Width)
	if k.Region != [4]int{} {
		s += fmt.Sprintf("/%dx%d+%d+%d", k.Region[2]-k.Region[0], k.Region[3]-k.Region[1], k.Region[0], k.Region[1])
	}
	return s
}

// sameStack reports whether two keys are slices of one stack (same model,
// case, plane and window), so that moving between them has a direction.
func (k CacheKey) sameStack(o CacheKey) bool {
	k.Slice, o.Slice = 0, 0
	return k == o
}

// CacheStats counts what the cache did since it was made.
type CacheStats struct {
	Hits, Misses, Evictions int64
	// Rejected counts embeddings larger than the whole budget, not stored.
	Rejected int64
}

// EmbeddingCache is an LRU of embeddings bounded by their total
// Embedding.Bytes(). It is safe for concurrent use; no call blocks on
// anything but the cache's own short critical sections.
type EmbeddingCache struct {
	mu     sync.Mutex
	budget int64
	used   int64
	order  *list.List // front is most recently used; values are *cacheEntry
	items  map[CacheKey]*list.Element
	stats  CacheStats
}

type cacheEntry struct {
	key   CacheKey
	emb   Embedding
	bytes int64
}

// NewEmbeddingCache returns a cache holding at most budget bytes of
// embeddings (a SAM ViT embedding is 4 MiB, a SAM 2 one about 12 MiB).
func NewEmbeddingCache(budget int64) *EmbeddingCache {
	return &EmbeddingCache{budget: max(budget, 0), order: list.New(), items: map[CacheKey]*list.Element{}}
}

// Get returns the embedding for k and marks it most recently used.
func (c *EmbeddingCache) Get(k CacheKey) (Embedding, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[k]
	if !ok {
		c.stats.Misses++
		return nil, false
	}
	c.stats.Hits++
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).emb, true
}

// peek is Get without counting a hit or miss (the encoder service's
// re-check under its own lock).
func (c *EmbeddingCache) peek(k CacheKey) (Embedding, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).emb, true
}

// Contains reports whether k is cached without touching its recency or
// the hit counts (for progress displays).
func (c *EmbeddingCache) Contains(k CacheKey) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.items[k]
	return ok
}

// Put stores e under k as the most recently used entry, replacing any
// previous one, and evicts least recently used entries until the total fits
// the budget. An embedding larger than the whole budget is not stored (it
// would evict everything and then itself); Put reports whether e was kept.
func (c *EmbeddingCache) Put(k CacheKey, e Embedding) bool {
	if e == nil {
		return false
	}
	n := e.Bytes()
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.items[k]; ok {
		c.removeLocked(old)
	}
	if n > c.budget {
		c.stats.Rejected++
		return false
	}
	c.items[k] = c.order.PushFront(&cacheEntry{key: k, emb: e, bytes: n})
	c.used += n
	for c.used > c.budget {
		c.removeLocked(c.order.Back())
		c.stats.Evictions++
	}
	return true
}

// Remove drops k if present.
func (c *EmbeddingCache) Remove(k CacheKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[k]; ok {
		c.removeLocked(el)
	}
}

// Clear drops every entry (a model was closed, say).
func (c *EmbeddingCache) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	clear(c.items)
	c.used = 0
}

func (c *EmbeddingCache) removeLocked(el *list.Element) {
	e := c.order.Remove(el).(*cacheEntry)
	delete(c.items, e.key)
	c.used -= e.bytes
}

// Keys lists the cached keys from most to least recently used.
func (c *EmbeddingCache) Keys() []CacheKey {
	c.mu.Lock()
	defer c.mu.Unlock()
	keys := make([]CacheKey, 0, len(c.items))
	for el := c.order.Front(); el != nil; el = el.Next() {
		keys = append(keys, el.Value.(*cacheEntry).key)
	}
	return keys
}

// Len is the number of cached embeddings.
func (c *EmbeddingCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

// Bytes is the total size of the cached embeddings.
func (c *EmbeddingCache) Bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}

// Budget is the most bytes the cache holds.
func (c *EmbeddingCache) Budget() int64 { return c.budget }

// Stats returns the counters so far.
func (c *EmbeddingCache) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats
}
