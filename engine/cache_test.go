package engine_test

import (
	"slices"
	"sync"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
)

// fixtureEmbeddings encodes n distinct slices with a real fixture model, so
// the cache is budgeted on real embeddings' sizes.
func fixtureEmbeddings(t testing.TB, variant string, n int) []engine.Embedding {
	t.Helper()
	e := openFixture(t, variant)
	out := make([]engine.Embedding, n)
	for i := range out {
		out[i] = encode(t, e, ctImage(64, 48, float32(10*i), disc{20, 20, 5, 200}))
	}
	return out
}

func ckey(slice int) engine.CacheKey {
	return engine.CacheKey{Variant: "sam-fixture", Case: "case1", Plane: datasets.Axial, Slice: slice}
}

func TestCacheGetPutCountsHitsAndMisses(t *testing.T) {
	embs := fixtureEmbeddings(t, "sam-fixture", 2)
	c := engine.NewEmbeddingCache(1 << 30)
	if _, ok := c.Get(ckey(0)); ok {
		t.Fatal("empty cache returned an embedding")
	}
	c.Put(ckey(0), embs[0])
	c.Put(ckey(1), embs[1])
	if got, ok := c.Get(ckey(0)); !ok || got != embs[0] {
		t.Fatalf("Get(slice 0) = %v, %v; want the stored embedding", got, ok)
	}
	if got, ok := c.Get(ckey(1)); !ok || got != embs[1] {
		t.Fatalf("Get(slice 1) = %v, %v; want the stored embedding", got, ok)
	}
	if _, ok := c.Get(ckey(2)); ok {
		t.Fatal("Get(slice 2) hit, nothing was stored there")
	}
	st := c.Stats()
	if st.Hits != 2 || st.Misses != 2 || st.Evictions != 0 {
		t.Fatalf("stats %+v, want 2 hits, 2 misses, 0 evictions", st)
	}
	if want := embs[0].Bytes() + embs[1].Bytes(); c.Bytes() != want || c.Len() != 2 {
		t.Fatalf("cache holds %d bytes in %d entries, want %d in 2", c.Bytes(), c.Len(), want)
	}
}

// Every field of the key separates entries: a different window, plane,
// case, variant or slice is a different encoder input.
func TestCacheKeyFieldsAreDistinct(t *testing.T) {
	embs := fixtureEmbeddings(t, "sam-fixture", 1)
	c := engine.NewEmbeddingCache(1 << 30)
	base := ckey(3)
	c.Put(base, embs[0])
	variants := []engine.CacheKey{base, base, base, base, base}
	variants[0].Variant = "other"
	variants[1].Case = "case2"
	variants[2].Plane = datasets.Coronal
	variants[3].Slice = 4
	variants[4].Window = engine.Window{Level: 40, Width: 400}
	for _, k := range variants {
		if _, ok := c.Get(k); ok {
			t.Errorf("key %s hit the entry stored under %s", k, base)
		}
	}
	if _, ok := c.Get(base); !ok {
		t.Fatal("the stored key missed")
	}
}

func TestCacheEvictsLeastRecentlyUsedUnderExactBudget(t *testing.T) {
	embs := fixtureEmbeddings(t, "sam-fixture", 4)
	b := embs[0].Bytes()
	if b != 4*256*64*64 {
		t.Fatalf("SAM embedding is %d bytes, want 4*256*64*64", b)
	}
	c := engine.NewEmbeddingCache(3 * b) // exactly three
	for i := 0; i < 3; i++ {
		c.Put(ckey(i), embs[i])
	}
	if c.Len() != 3 || c.Bytes() != 3*b || c.Stats().Evictions != 0 {
		t.Fatalf("three embeddings in a budget of exactly three: len %d, %d bytes, %d evictions", c.Len(), c.Bytes(), c.Stats().Evictions)
	}
	c.Get(ckey(0)) // 0 is now most recent; 1 is least
	c.Put(ckey(3), embs[3])
	if want := []engine.CacheKey{ckey(3), ckey(0), ckey(2)}; !slices.Equal(c.Keys(), want) {
		t.Fatalf("after using slice 0 and adding slice 3, keys (MRU first) %v, want %v", c.Keys(), want)
	}
	if c.Bytes() != 3*b || c.Stats().Evictions != 1 {
		t.Fatalf("%d bytes, %d evictions; want %d bytes, 1 eviction", c.Bytes(), c.Stats().Evictions, 3*b)
	}

	// One byte short of three: only two fit.
	c2 := engine.NewEmbeddingCache(3*b - 1)
	for i := 0; i < 3; i++ {
		c2.Put(ckey(i), embs[i])
	}
	if want := []engine.CacheKey{ckey(2), ckey(1)}; !slices.Equal(c2.Keys(), want) || c2.Bytes() != 2*b {
		t.Fatalf("budget 3b-1: keys %v with %d bytes, want %v with %d", c2.Keys(), c2.Bytes(), want, 2*b)
	}
}

// A large SAM 2 embedding evicts as many small ones as it needs, oldest
// first, and one larger than the whole budget is refused.
func TestCacheMixedSizesAndOversize(t *testing.T) {
	small := fixtureEmbeddings(t, "sam-fixture", 3)
	big := fixtureEmbeddings(t, "sam2-fixture", 1)[0]
	sb, bb := small[0].Bytes(), big.Bytes()
	if bb != 4*sb {
		t.Fatalf("SAM 2 embedding %d bytes, SAM %d: expected the fixture's 4x ratio", bb, sb)
	}
	c := engine.NewEmbeddingCache(bb + sb)
	for i := range small {
		c.Put(ckey(i), small[i])
	}
	k := ckey(10)
	k.Variant = "sam2-fixture"
	if !c.Put(k, big) {
		t.Fatal("a SAM 2 embedding within the budget was refused")
	}
	if want := []engine.CacheKey{k, ckey(2)}; !slices.Equal(c.Keys(), want) || c.Bytes() != bb+sb {
		t.Fatalf("keys %v (%d bytes), want %v (%d)", c.Keys(), c.Bytes(), want, bb+sb)
	}
	tiny := engine.NewEmbeddingCache(bb - 1)
	if tiny.Put(k, big) || tiny.Len() != 0 || tiny.Stats().Rejected != 1 {
		t.Fatalf("an embedding larger than the budget was kept (len %d)", tiny.Len())
	}
}

func TestCacheReplaceAndRemove(t *testing.T) {
	embs := fixtureEmbeddings(t, "sam-fixture", 2)
	b := embs[0].Bytes()
	c := engine.NewEmbeddingCache(10 * b)
	c.Put(ckey(0), embs[0])
	c.Put(ckey(0), embs[1])
	if got, _ := c.Get(ckey(0)); got != embs[1] || c.Bytes() != b || c.Len() != 1 {
		t.Fatalf("replacing a key: %d bytes, %d entries, newest stored %v", c.Bytes(), c.Len(), got == embs[1])
	}
	c.Remove(ckey(0))
	if c.Len() != 0 || c.Bytes() != 0 {
		t.Fatalf("after Remove: %d entries, %d bytes", c.Len(), c.Bytes())
	}
	c.Put(ckey(1), embs[1])
	c.Clear()
	if c.Len() != 0 || c.Bytes() != 0 || c.Contains(ckey(1)) {
		t.Fatal("Clear left entries behind")
	}
}

// Many goroutines putting and getting never exceed the budget and keep the
// byte count equal to the entries' sizes (run with -race too).
func TestCacheConcurrentUse(t *testing.T) {
	embs := fixtureEmbeddings(t, "sam-fixture", 1)
	b := embs[0].Bytes()
	c := engine.NewEmbeddingCache(5 * b)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				k := ckey((g*7 + i) % 12)
				if _, ok := c.Get(k); !ok {
					c.Put(k, embs[0])
				}
				if c.Bytes() > 5*b {
					t.Errorf("cache over budget: %d > %d", c.Bytes(), 5*b)
					return
				}
			}
		}()
	}
	wg.Wait()
	if c.Bytes() != int64(c.Len())*b || c.Len() != 5 {
		t.Fatalf("after concurrent use: %d entries, %d bytes; want 5 entries of %d bytes", c.Len(), c.Bytes(), b)
	}
	st := c.Stats()
	if st.Hits+st.Misses != 8*200 {
		t.Fatalf("hits %d + misses %d != %d lookups", st.Hits, st.Misses, 8*200)
	}
}
