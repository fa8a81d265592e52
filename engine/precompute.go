package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// EncoderService hands out slice embeddings for one engine: from the cache
// when present, else by encoding, with every request for a key that is
// already being encoded (by a prompt or by background precompute) waiting
// for that one encode instead of starting another. It also precomputes the
// slices around the one the user is viewing, in the direction they move.
//
// The service never holds a lock while encoding, so a prompt on a cached
// slice returns at once even while the encoder is busy. Close it before
// closing the engine.
type EncoderService struct {
	eng   Engine
	cache *EmbeddingCache
	opts  PrefetchOptions

	base context.Context
	stop context.CancelFunc
	wg   sync.WaitGroup

	mu       sync.Mutex
	closed   bool
	flights  map[CacheKey]*flight
	gen      *prefetchGen
	last     Progress
	progress chan Progress
}

// PrefetchOptions says how far around the current slice to precompute.
type PrefetchOptions struct {
	Ahead  int // slices ahead in the direction of travel; 0 means 4
	Behind int // slices behind it; 0 means 2, negative means none
}

func (o PrefetchOptions) withDefaults() PrefetchOptions {
	if o.Ahead <= 0 {
		o.Ahead = 4
	}
	if o.Behind == 0 {
		o.Behind = 2
	}
	o.Behind = max(o.Behind, 0)
	return o
}

// SliceLoader returns the image of one slice of the stack being viewed. It
// runs on background goroutines and must be safe for concurrent use.
type SliceLoader func(slice int) (*Image, error)

// PrefetchRequest describes where the user is and how to get nearby slices.
type PrefetchRequest struct {
	At     CacheKey // the slice on screen
	Slices int      // number of slices along the plane (bounds the window)
	// Dir is +1 when the user moves to higher slice numbers, -1 to lower, 0
	// when unknown: then it is taken from the previous request on the same
	// stack, and without one both sides are precomputed alike.
	Dir  int
	Load SliceLoader
}

// Progress reports the precompute around one slice: Done of Total window
// slices are cached (including those that already were), Failed could not
// be encoded, the last failure in Err.
type Progress struct {
	At                  CacheKey
	Done, Failed, Total int
	Err                 error
}

// Finished reports whether nothing is left to precompute.
func (p Progress) Finished() bool { return p.Done+p.Failed >= p.Total }

// flight is one encode in progress, shared by everyone who wants its key.
// refs counts the interested parties; when the last one gives up, the
// encode is cancelled.
type flight struct {
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
	emb    Embedding
	err    error
	refs   int
}

// prefetchGen is the precompute for one PrefetchRequest; a newer request
// replaces it.
type prefetchGen struct {
	ctx    context.Context
	cancel context.CancelFunc
	at     CacheKey
	dir    int
	load   SliceLoader
	todo   []CacheKey           // window keys not cached when the request came, in order
	joined map[CacheKey]*flight // flights already running for todo keys, joined up front
	prog   Progress
}

// ErrServiceClosed is returned by Embedding after Close.
var ErrServiceClosed = errors.New("encoder service is closed")

// NewEncoderService serves embeddings of eng through cache.
func NewEncoderService(eng Engine, cache *EmbeddingCache, opts PrefetchOptions) *EncoderService {
	base, stop := context.WithCancel(context.Background())
	return &EncoderService{eng: eng, cache: cache, opts: opts.withDefaults(), base: base, stop: stop,
		flights: map[CacheKey]*flight{}, progress: make(chan Progress, 1)}
}

// Engine is the engine the service encodes with.
func (s *EncoderService) Engine() Engine { return s.eng }

// Cache is the cache the service fills.
func (s *EncoderService) Cache() *EmbeddingCache { return s.cache }

// Embedding returns the embedding of img, which is the slice named by key:
// cached, or joined to an encode already running for key, or encoded now.
// Cancelling ctx abandons the wait; the encode itself stops only when no one
// else (another prompt, the precompute) still wants it.
func (s *EncoderService) Embedding(ctx context.Context, key CacheKey, img *Image) (Embedding, error) {
	if emb, ok := s.cache.Get(key); ok {
		return emb, nil
	}
	emb, f, err := s.acquire(key, func() (*Image, error) { return img, nil }, nil)
	if f == nil {
		return emb, err
	}
	return s.wait(ctx, key, f)
}

// acquire returns the cached embedding for key, or a flight for it that the
// caller now holds a reference to (joining a running one or starting one).
// gen, when not nil, must still be current.
func (s *EncoderService) acquire(key CacheKey, load func() (*Image, error), gen *prefetchGen) (Embedding, *flight, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, nil, ErrServiceClosed
	}
	if gen != nil && gen.ctx.Err() != nil {
		return nil, nil, gen.ctx.Err()
	}
	// Re-check under the lock: a flight that just finished has already put
	// its result in the cache before leaving s.flights.
	if emb, ok := s.cache.peek(key); ok {
		return emb, nil, nil
	}
	if f := s.flights[key]; f != nil {
		f.refs++
		return nil, f, nil
	}
	ctx, cancel := context.WithCancel(s.base)
	f := &flight{ctx: ctx, cancel: cancel, done: make(chan struct{}), refs: 1}
	s.flights[key] = f
	s.wg.Add(1)
	go s.fly(key, f, load)
	return nil, f, nil
}

// fly loads and encodes one slice, caches it, and wakes the waiters.
func (s *EncoderService) fly(key CacheKey, f *flight, load func() (*Image, error)) {
	defer s.wg.Done()
	defer f.cancel()
	img, err := load()
	var emb Embedding
	if err == nil {
		emb, err = s.eng.Encode(f.ctx, img)
	} else {
		err = fmt.Errorf("loading slice %d: %w", key.Slice, err)
	}
	if err == nil {
		s.cache.Put(key, emb)
	}
	s.mu.Lock()
	f.emb, f.err = emb, err
	if s.flights[key] == f {
		delete(s.flights, key)
	}
	close(f.done)
	s.mu.Unlock()
}

// wait blocks until f finishes or ctx ends, then drops the caller's reference.
func (s *EncoderService) wait(ctx context.Context, key CacheKey, f *flight) (Embedding, error) {
	select {
	case <-f.done:
		s.release(key, f)
		if f.err != nil && s.base.Err() != nil {
			return nil, ErrServiceClosed
		}
		return f.emb, f.err
	case <-ctx.Done():
		s.release(key, f)
		return nil, ctx.Err()
	}
}

// release drops one reference; the last one out cancels an unfinished
// encode and forgets it, so a later request starts afresh.
func (s *EncoderService) release(key CacheKey, f *flight) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f.refs--
	if f.refs > 0 {
		return
	}
	select {
	case <-f.done:
	default:
		f.cancel()
		if s.flights[key] == f {
			delete(s.flights, key)
		}
	}
}

// Close stops all precompute and encodes in progress and waits for them.
// The engine and the cache stay usable.
func (s *EncoderService) Close() error {
	s.mu.Lock()
	s.closed = true
	if s.gen != nil {
		s.gen.cancel()
	}
	s.mu.Unlock()
	s.stop()
	s.wg.Wait()
	return nil
}
