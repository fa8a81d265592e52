package eval

import (
	"context"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
)

// DefaultPropagateCacheBytes bounds the embeddings one propagate case
// keeps: a whole FLARE22-sized axial stack of SAM ViT embeddings (4 MiB
// each, ~100-200 slices) fits, as do ~170 SAM 2 ones (12 MiB); past it
// the least recently used slices are dropped and re-encoded if reached again.
const DefaultPropagateCacheBytes int64 = 2 << 30

// sliceEncoder returns the embedding of slice n of the case's plane.
type sliceEncoder func(ctx context.Context, n int) (engine.Embedding, error)

// caseEncoder returns the encoder the classes of one case-variant share,
// and a func that releases it when the case is done. With sharing on, an
// engine.EncoderService encodes each slice once however many classes reach
// it, and classes running in parallel that want the same slice wait for
// one encode; the cache lives only as long as the case.
func caseEncoder(cfg Config, v Variant, caseID string, vol *datasets.Volume, ct bool) (sliceEncoder, func()) {
	budget := cfg.PropagateCacheBytes
	if budget == 0 {
		budget = DefaultPropagateCacheBytes
	}
	if budget < 0 {
		return func(ctx context.Context, n int) (engine.Embedding, error) {
			return v.Engine.Encode(ctx, sliceImage(cfg, vol, n, ct))
		}, func() {}
	}
	// Prefetch is never requested, so the service only serves and dedups.
	svc := engine.NewEncoderService(v.Engine, engine.NewEmbeddingCache(budget), engine.PrefetchOptions{})
	return func(ctx context.Context, n int) (engine.Embedding, error) {
		key := engine.CacheKey{Variant: v.Name, Case: caseID, Plane: cfg.Plane, Slice: n}
		return svc.Embedding(ctx, key, sliceImage(cfg, vol, n, ct))
	}, func() { svc.Close() }
}
