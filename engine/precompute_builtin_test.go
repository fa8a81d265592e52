package engine_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/phantom"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/builtin"
)

// countingBuiltin is the real built-in engine with its encodes counted.
type countingBuiltin struct {
	*builtin.Engine
	mu      sync.Mutex
	encodes int
}

func (c *countingBuiltin) Encode(ctx context.Context, img *engine.Image) (engine.Embedding, error) {
	emb, err := c.Engine.Encode(ctx, img)
	c.mu.Lock()
	c.encodes++
	c.mu.Unlock()
	return emb, err
}

// Precompute over the phantom's axial slices with the built-in engine: the
// window is encoded once each, budgeted by the real embeddings' sizes, and
// a prompt on a precomputed slice gives the same mask as encoding it afresh.
func TestPrefetchPhantomWithBuiltin(t *testing.T) {
	vol, lab := phantom.New(phantom.DefaultSeed)
	view := vol.View(datasets.Axial)
	var mu sync.Mutex
	var loaded []int
	load := func(n int) (*engine.Image, error) {
		mu.Lock()
		loaded = append(loaded, n)
		mu.Unlock()
		grey, v := vol.Slice(datasets.Axial, n)
		return &engine.Image{Width: v.Width, Height: v.Height, Grey: grey, CT: true, PixelSpacing: v.PixelSpacing}, nil
	}
	// The slice with the most liver, and the liver's bounding box there.
	at, best := 0, -1
	for n := 0; n < view.Depth; n++ {
		l, _ := lab.Slice(datasets.Axial, n)
		c := 0
		for _, v := range l {
			if v == 1 {
				c++
			}
		}
		if c > best {
			at, best = n, c
		}
	}
	l, _ := lab.Slice(datasets.Axial, at)
	box := engine.Box{X0: 1e9, Y0: 1e9, X1: -1, Y1: -1}
	for i, v := range l {
		if v == 1 {
			x, y := float64(i%view.Width), float64(i/view.Width)
			box.X0, box.Y0, box.X1, box.Y1 = min(box.X0, x), min(box.Y0, y), max(box.X1, x), max(box.Y1, y)
		}
	}

	eng := &countingBuiltin{Engine: builtin.New()}
	first, err := load(at)
	if err != nil {
		t.Fatal(err)
	}
	probe, err := eng.Engine.Encode(context.Background(), first)
	if err != nil {
		t.Fatal(err)
	}
	loaded = nil
	// Room for exactly 5 slices: the window below is 1+3+1 = 5.
	cache := engine.NewEmbeddingCache(5 * probe.Bytes())
	svc := engine.NewEncoderService(eng, cache, engine.PrefetchOptions{Ahead: 3, Behind: 1})
	defer svc.Close()
	key := engine.CacheKey{Variant: "builtin", Case: "phantom", Plane: datasets.Axial, Slice: at}
	if err := svc.Prefetch(engine.PrefetchRequest{At: key, Slices: view.Depth, Dir: 1, Load: load}); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(60 * time.Second)
	for p := range svc.Progress() {
		if p.Err != nil {
			t.Fatal(p.Err)
		}
		if p.Finished() {
			if p.Done != 5 || p.Total != 5 {
				t.Fatalf("progress %+v, want 5 of 5", p)
			}
			break
		}
		select {
		case <-deadline:
			t.Fatal("precompute did not finish")
		default:
		}
	}
	if want := []int{at, at + 1, at + 2, at + 3, at - 1}; !slices.Equal(loaded, want) {
		t.Fatalf("loaded slices %v, want %v", loaded, want)
	}
	if eng.encodes != 5 || cache.Len() != 5 || cache.Bytes() != 5*probe.Bytes() {
		t.Fatalf("%d encodes, cache %d entries / %d bytes; want 5, 5, %d", eng.encodes, cache.Len(), cache.Bytes(), 5*probe.Bytes())
	}

	emb, err := svc.Embedding(context.Background(), key, first)
	if err != nil {
		t.Fatal(err)
	}
	if eng.encodes != 5 {
		t.Fatal("a prompt on a precomputed slice ran the encoder again")
	}
	p := engine.Prompt{Box: &box}
	got, err := eng.Decode(context.Background(), emb, p)
	if err != nil {
		t.Fatal(err)
	}
	want, err := eng.Decode(context.Background(), probe, p)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Pix, want.Pix) {
		t.Fatal("the mask from the precomputed embedding differs from a fresh encode's")
	}
	inter, union := 0, 0
	for i, v := range got.Pix {
		g := l[i] == 1
		if v && g {
			inter++
		}
		if v || g {
			union++
		}
	}
	if union == 0 || float64(inter)/float64(union) < 0.5 {
		t.Fatalf("liver from its box on the precomputed slice: IoU %d/%d", inter, union)
	}

	// Moving on one slice evicts the least recently used (slice at-1 is
	// outside the new window and was used least recently).
	next := key
	next.Slice = at + 1
	if err := svc.Prefetch(engine.PrefetchRequest{At: next, Slices: view.Depth, Load: load}); err != nil {
		t.Fatal(err)
	}
	for p := range svc.Progress() {
		if p.At == next && p.Finished() {
			break
		}
	}
	prev := key
	prev.Slice = at - 1
	if cache.Contains(prev) || cache.Bytes() != 5*probe.Bytes() || eng.encodes != 6 {
		t.Fatalf("after moving on: slice %d still cached %v, %d bytes, %d encodes", at-1, cache.Contains(prev), cache.Bytes(), eng.encodes)
	}
}
