package engine_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/segtui/segtui/engine"
)

// probeEngine wraps a real engine to count and order its encoder calls and,
// with a gate, to hold each encode until the test lets it go. Slice images
// carry their slice number as their grey value (sliceImage).
type probeEngine struct {
	engine.Engine
	gate    chan struct{} // nil: no holding; each encode takes one token
	started chan int

	mu        sync.Mutex
	order     []int // slices in the order their encodes started
	encodes   int   // encodes that reached the real engine
	cancelled int   // encodes cancelled while held
}

func newProbe(t testing.TB, gated bool) *probeEngine {
	p := &probeEngine{Engine: openFixture(t, "sam-fixture"), started: make(chan int, 100)}
	if gated {
		p.gate = make(chan struct{})
	}
	return p
}

func (p *probeEngine) Encode(ctx context.Context, img *engine.Image) (engine.Embedding, error) {
	slice := int(img.Grey[0])
	p.mu.Lock()
	p.order = append(p.order, slice)
	p.mu.Unlock()
	p.started <- slice
	if p.gate != nil {
		select {
		case <-p.gate:
		case <-ctx.Done():
			p.mu.Lock()
			p.cancelled++
			p.mu.Unlock()
			return nil, ctx.Err()
		}
	}
	emb, err := p.Engine.Encode(ctx, img)
	p.mu.Lock()
	p.encodes++
	p.mu.Unlock()
	return emb, err
}

func (p *probeEngine) counts() (order []int, encodes, cancelled int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.order), p.encodes, p.cancelled
}

// sliceImage is slice i of a test stack: grey value i everywhere.
func sliceImage(i int) *engine.Image { return ctImage(64, 48, float32(i)) }

func sliceLoader(i int) (*engine.Image, error) { return sliceImage(i), nil }

func stackKey(slice int) engine.CacheKey {
	k := ckey(slice)
	k.Case = "stack"
	return k
}

func expectStart(t *testing.T, p *probeEngine, want int) {
	t.Helper()
	select {
	case got := <-p.started:
		if got != want {
			t.Fatalf("encoder started slice %d, want %d", got, want)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("encoder never started slice %d", want)
	}
}

// waitRefs waits until the flight for k has n interested parties.
func waitRefs(t *testing.T, s *engine.EncoderService, k engine.CacheKey, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if refs, ok := engine.FlightRefs(s, k); ok && refs == n {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("flight for %s never had %d waiters", k, n)
}

// waitCancelled waits until n held encodes have been cancelled.
func waitCancelled(t *testing.T, p *probeEngine, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, _, c := p.counts(); c == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d held encodes were never cancelled", n)
		}
		time.Sleep(time.Millisecond)
	}
}

// waitFinished reads progress until the request at k is finished.
func waitFinished(t *testing.T, s *engine.EncoderService, k engine.CacheKey) (last engine.Progress, seen []engine.Progress) {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case p := <-s.Progress():
			if p.At != k {
				continue
			}
			seen = append(seen, p)
			if p.Finished() {
				return p, seen
			}
		case <-timeout:
			t.Fatalf("precompute around %s never finished; last %+v", k, s.PrefetchState())
		}
	}
}

func TestServiceEncodesOnceForConcurrentRequests(t *testing.T) {
	p := newProbe(t, true)
	s := engine.NewEncoderService(p, engine.NewEmbeddingCache(1<<30), engine.PrefetchOptions{})
	defer s.Close()
	const n = 6
	k := stackKey(7)
	type res struct {
		emb engine.Embedding
		err error
	}
	out := make(chan res, n)
	for i := 0; i < n; i++ {
		go func() {
			emb, err := s.Embedding(context.Background(), k, sliceImage(7))
			out <- res{emb, err}
		}()
	}
	expectStart(t, p, 7)
	waitRefs(t, s, k, n)
	close(p.gate)
	var first engine.Embedding
	for i := 0; i < n; i++ {
		r := <-out
		if r.err != nil {
			t.Fatal(r.err)
		}
		if first == nil {
			first = r.emb
		} else if r.emb != first {
			t.Fatal("concurrent requests for one slice got different embeddings")
		}
	}
	if _, encodes, _ := p.counts(); encodes != 1 {
		t.Fatalf("%d concurrent requests for one slice ran the encoder %d times, want 1", n, encodes)
	}
	if got, ok := s.Cache().Get(k); !ok || got != first {
		t.Fatal("the shared encode was not cached")
	}
}

// A prompt on a cached slice gets its embedding and a mask while the
// encoder is busy (held) with another slice.
func TestServiceCachedSliceDoesNotWaitForEncoder(t *testing.T) {
	p := newProbe(t, true)
	s := engine.NewEncoderService(p, engine.NewEmbeddingCache(1<<30), engine.PrefetchOptions{Ahead: 2, Behind: -1})
	defer func() { close(p.gate); s.Close() }()
	cached := stackKey(1)
	go func() { p.gate <- struct{}{} }()
	want, err := s.Embedding(context.Background(), cached, sliceImage(1))
	if err != nil {
		t.Fatal(err)
	}
	expectStart(t, p, 1)
	if err := s.Prefetch(engine.PrefetchRequest{At: stackKey(5), Slices: 20, Dir: 1, Load: sliceLoader}); err != nil {
		t.Fatal(err)
	}
	expectStart(t, p, 5) // now held inside the encoder

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got, err := s.Embedding(ctx, cached, sliceImage(1))
	if err != nil || got != want {
		t.Fatalf("cached slice while the encoder is busy: %v, same embedding %v", err, got == want)
	}
	m, err := p.Decode(ctx, got, engine.Prompt{Points: []engine.Point{{X: 30, Y: 20, Positive: true}}})
	if err != nil || m.Width != 64 || m.Height != 48 {
		t.Fatalf("decode on the cached slice while the encoder is busy: %v", err)
	}
	if _, encodes, _ := p.counts(); encodes != 1 {
		t.Fatalf("encoder finished %d slices, want only the first (slice 5 is still held)", encodes)
	}
}

func TestPrefetchOrderFollowsDirection(t *testing.T) {
	p := newProbe(t, false)
	s := engine.NewEncoderService(p, engine.NewEmbeddingCache(1<<30), engine.PrefetchOptions{Ahead: 3, Behind: 1})
	defer s.Close()
	steps := []struct {
		at, dir int
		want    []int // new encodes, in order
	}{
		{10, 1, []int{10, 11, 12, 13, 9}},
		{11, 0, []int{14}},            // direction inferred from 10 -> 11
		{3, -1, []int{3, 2, 1, 0, 4}}, // moving down
		{2, 0, []int{}},               // inferred down: 2,1,0,3 all cached
		{19, 1, []int{19, 18}},        // the end of the stack bounds the window
		{17, 0, []int{17, 16, 15}},    // 19 -> 17 is downwards: 17,16,15,14 (cached) and 18 (cached)
	}
	var all []int
	for _, st := range steps {
		k := stackKey(st.at)
		if err := s.Prefetch(engine.PrefetchRequest{At: k, Slices: 20, Dir: st.dir, Load: sliceLoader}); err != nil {
			t.Fatal(err)
		}
		last, _ := waitFinished(t, s, k)
		all = append(all, st.want...)
		order, _, _ := p.counts()
		if !slices.Equal(order, all) {
			t.Fatalf("after prefetch at %d (dir %d): encode order %v, want %v", st.at, st.dir, order, all)
		}
		if last.Failed != 0 || last.Done != last.Total {
			t.Fatalf("prefetch at %d: progress %+v", st.at, last)
		}
	}

	// No history: both sides alternately, max(Behind, Ahead/2) each way.
	p2 := newProbe(t, false)
	s2 := engine.NewEncoderService(p2, engine.NewEmbeddingCache(1<<30), engine.PrefetchOptions{Ahead: 3, Behind: 1})
	defer s2.Close()
	k := stackKey(10)
	if err := s2.Prefetch(engine.PrefetchRequest{At: k, Slices: 20, Load: sliceLoader}); err != nil {
		t.Fatal(err)
	}
	waitFinished(t, s2, k)
	if order, _, _ := p2.counts(); !slices.Equal(order, []int{10, 11, 9, 12, 8}) {
		t.Fatalf("prefetch without a direction: order %v, want [10 11 9 12 8]", order)
	}
}

// Jumping away cancels the encode in progress and everything queued behind
// it; the new window is computed instead.
func TestPrefetchCancelledOnJump(t *testing.T) {
	p := newProbe(t, true)
	s := engine.NewEncoderService(p, engine.NewEmbeddingCache(1<<30), engine.PrefetchOptions{Ahead: 4, Behind: 2})
	defer s.Close()
	if err := s.Prefetch(engine.PrefetchRequest{At: stackKey(10), Slices: 100, Dir: 1, Load: sliceLoader}); err != nil {
		t.Fatal(err)
	}
	expectStart(t, p, 10)
	far := stackKey(50)
	if err := s.Prefetch(engine.PrefetchRequest{At: far, Slices: 100, Dir: 1, Load: sliceLoader}); err != nil {
		t.Fatal(err)
	}
	waitCancelled(t, p, 1) // the held encode of slice 10 saw its cancellation
	expectStart(t, p, 50)
	close(p.gate)
	last, _ := waitFinished(t, s, far)
	order, encodes, cancelled := p.counts()
	if want := []int{10, 50, 51, 52, 53, 54, 49, 48}; !slices.Equal(order, want) {
		t.Fatalf("encode order %v, want %v (slices 11.. of the old window must never start)", order, want)
	}
	if cancelled != 1 || encodes != 7 {
		t.Fatalf("%d encodes cancelled and %d finished, want 1 (slice 10) and 7", cancelled, encodes)
	}
	if s.Cache().Contains(stackKey(10)) || last.Done != 7 || last.Total != 7 {
		t.Fatalf("slice 10 cached %v; progress %+v", s.Cache().Contains(stackKey(10)), last)
	}
}

// Stepping one slice on keeps the encode of a slice in both windows.
func TestPrefetchKeepsOverlappingEncode(t *testing.T) {
	p := newProbe(t, true)
	s := engine.NewEncoderService(p, engine.NewEmbeddingCache(1<<30), engine.PrefetchOptions{Ahead: 4, Behind: 2})
	defer s.Close()
	if err := s.Prefetch(engine.PrefetchRequest{At: stackKey(10), Slices: 100, Dir: 1, Load: sliceLoader}); err != nil {
		t.Fatal(err)
	}
	expectStart(t, p, 10)
	p.gate <- struct{}{}
	expectStart(t, p, 11) // held
	next := stackKey(11)
	if err := s.Prefetch(engine.PrefetchRequest{At: next, Slices: 100, Load: sliceLoader}); err != nil {
		t.Fatal(err)
	}
	close(p.gate)
	last, _ := waitFinished(t, s, next)
	order, _, cancelled := p.counts()
	if want := []int{10, 11, 12, 13, 14, 15, 9}; !slices.Equal(order, want) || cancelled != 0 {
		t.Fatalf("order %v (%d cancelled), want %v with none cancelled", order, cancelled, want)
	}
	if last.Done != 7 || last.Total != 7 {
		t.Fatalf("progress %+v, want 7 of 7", last)
	}
}

// A prompt waiting on a slice that precompute started keeps that encode
// alive when the user jumps away.
func TestPromptWaitingOnPrefetchSurvivesJump(t *testing.T) {
	p := newProbe(t, true)
	s := engine.NewEncoderService(p, engine.NewEmbeddingCache(1<<30), engine.PrefetchOptions{Ahead: 2, Behind: -1})
	defer s.Close()
	k := stackKey(10)
	if err := s.Prefetch(engine.PrefetchRequest{At: k, Slices: 100, Dir: 1, Load: sliceLoader}); err != nil {
		t.Fatal(err)
	}
	expectStart(t, p, 10)
	done := make(chan error, 1)
	go func() {
		_, err := s.Embedding(context.Background(), k, sliceImage(10))
		done <- err
	}()
	waitRefs(t, s, k, 2)
	if err := s.Prefetch(engine.PrefetchRequest{At: stackKey(60), Slices: 100, Dir: 1, Load: sliceLoader}); err != nil {
		t.Fatal(err)
	}
	close(p.gate)
	if err := <-done; err != nil {
		t.Fatalf("the prompt's embedding failed after the jump: %v", err)
	}
	if _, _, cancelled := p.counts(); cancelled != 0 || !s.Cache().Contains(k) {
		t.Fatalf("slice 10: %d cancelled, cached %v", cancelled, s.Cache().Contains(k))
	}
}

func TestPrefetchProgressCountsCachedAndFailed(t *testing.T) {
	p := newProbe(t, false)
	s := engine.NewEncoderService(p, engine.NewEmbeddingCache(1<<30), engine.PrefetchOptions{Ahead: 3, Behind: 1})
	defer s.Close()
	if _, err := s.Embedding(context.Background(), stackKey(9), sliceImage(9)); err != nil {
		t.Fatal(err)
	}
	load := func(i int) (*engine.Image, error) {
		if i == 12 {
			return nil, errors.New("unreadable slice")
		}
		return sliceImage(i), nil
	}
	k := stackKey(10)
	if err := s.Prefetch(engine.PrefetchRequest{At: k, Slices: 20, Dir: 1, Load: load}); err != nil {
		t.Fatal(err)
	}
	last, seen := waitFinished(t, s, k)
	if last.Total != 5 || last.Done != 4 || last.Failed != 1 || last.Err == nil || !strings.Contains(last.Err.Error(), "slice 12") {
		t.Fatalf("final progress %+v, want 4 done (9 was cached) and slice 12 failed", last)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i].Done < seen[i-1].Done || seen[i].Total != 5 {
			t.Fatalf("progress went backwards or changed total: %+v", seen)
		}
	}
	if st := s.PrefetchState(); st.Done != last.Done || st.Failed != last.Failed || st.At != k {
		t.Fatalf("PrefetchState %+v, want the final progress %+v", st, last)
	}
	if order, _, _ := p.counts(); !slices.Equal(order, []int{9, 10, 11, 13}) {
		t.Fatalf("encoder ran %v, want [9 10 11 13] (12 failed to load)", order)
	}
}

func TestEmbeddingWaitCancelled(t *testing.T) {
	p := newProbe(t, true)
	s := engine.NewEncoderService(p, engine.NewEmbeddingCache(1<<30), engine.PrefetchOptions{})
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	k := stackKey(3)
	go func() {
		_, err := s.Embedding(ctx, k, sliceImage(3))
		done <- err
	}()
	expectStart(t, p, 3)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait returned %v, want context.Canceled", err)
	}
	waitCancelled(t, p, 1)
	// A new request starts afresh and succeeds.
	close(p.gate)
	if _, err := s.Embedding(context.Background(), k, sliceImage(3)); err != nil {
		t.Fatal(err)
	}
}

func TestServiceCloseAndBadRequests(t *testing.T) {
	p := newProbe(t, true)
	s := engine.NewEncoderService(p, engine.NewEmbeddingCache(1<<30), engine.PrefetchOptions{})
	for _, r := range []engine.PrefetchRequest{
		{At: stackKey(0), Slices: 10},
		{At: stackKey(10), Slices: 10, Load: sliceLoader},
		{At: stackKey(-1), Slices: 10, Load: sliceLoader},
	} {
		if err := s.Prefetch(r); err == nil {
			t.Errorf("Prefetch(%+v) accepted a bad request", r)
		}
	}
	if err := s.Prefetch(engine.PrefetchRequest{At: stackKey(4), Slices: 10, Load: sliceLoader}); err != nil {
		t.Fatal(err)
	}
	expectStart(t, p, 4)
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(20 * time.Second):
		t.Fatal("Close did not stop a held encode")
	}
	if _, err := s.Embedding(context.Background(), stackKey(1), sliceImage(1)); !errors.Is(err, engine.ErrServiceClosed) {
		t.Fatalf("Embedding after Close: %v", err)
	}
	if err := s.Prefetch(engine.PrefetchRequest{At: stackKey(4), Slices: 10, Load: sliceLoader}); !errors.Is(err, engine.ErrServiceClosed) {
		t.Fatalf("Prefetch after Close: %v", err)
	}
}
