package tui

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/builtin"
)

// heldEngine is the real built-in engine whose encoder can be held up, to
// stand for a slow encoder (a ViT on CPU) while the test looks at what the
// UI does meanwhile. Held encodes end when released or cancelled.
type heldEngine struct {
	*builtin.Engine
	hold      atomic.Bool
	mu        sync.Mutex
	release   chan struct{}
	waiting   atomic.Int32
	cancelled atomic.Int32
	encodes   atomic.Int32
}

func newHeldEngine() *heldEngine {
	return &heldEngine{Engine: builtin.New(), release: make(chan struct{})}
}

func (h *heldEngine) Encode(ctx context.Context, img *engine.Image) (engine.Embedding, error) {
	if h.hold.Load() {
		h.mu.Lock()
		rel := h.release
		h.mu.Unlock()
		h.waiting.Add(1)
		select {
		case <-rel:
			h.waiting.Add(-1)
		case <-ctx.Done():
			h.waiting.Add(-1)
			h.cancelled.Add(1)
			return nil, ctx.Err()
		}
	}
	h.encodes.Add(1)
	return h.Engine.Encode(ctx, img)
}

func (h *heldEngine) letGo() {
	h.hold.Store(false)
	h.mu.Lock()
	close(h.release)
	h.release = make(chan struct{})
	h.mu.Unlock()
}

func heldModel(t *testing.T) (*Model, *heldEngine) {
	cfg := phantomConfig(t, GraphicsNone)
	h := newHeldEngine()
	cfg.Engines = []EngineEntry{{Name: "held", Device: "CPU", Open: func() (engine.Engine, error) { return h, nil }}}
	m := newTestModelCfg(t, cfg)
	drive(m, sizeMsg(160, 48)) // room for the status line's long forms
	return m, h
}

func (m *Model) sliceCached(n int) bool {
	slot := m.slots[m.engine]
	l := slot.live.Load()
	k := m.key()
	k.N = n
	return l != nil && l.svc.Cache().Contains(slot.cacheKey(embKey{m.opened, k}, m.engineImage()))
}

// Opening a case precomputes the slices around it, shown as progress in
// the status line; moving on precomputes ahead in that direction.
func TestPrecomputeAroundSliceAndAhead(t *testing.T) {
	m, h := heldModel(t)
	n0 := m.n
	// No direction yet: two slices either side.
	for _, n := range []int{n0 - 2, n0 - 1, n0, n0 + 1, n0 + 2} {
		if !m.sliceCached(n) {
			t.Errorf("slice %d around the start slice %d is not precomputed", n, n0)
		}
	}
	if st := stripANSI(m.statusView()); !strings.Contains(st, "precompute 5/5") {
		t.Errorf("status line lacks the finished precompute: %s", st)
	}
	press(m, ".")
	// Moving up: four ahead, two behind.
	if !m.sliceCached(n0 + 5) {
		t.Errorf("after moving to %d, slice %d (4 ahead) is not precomputed", n0+1, n0+5)
	}
	if m.sliceCached(n0 - 3) {
		t.Errorf("slice %d behind the window was encoded", n0-3)
	}
	if st := stripANSI(m.statusView()); !strings.Contains(st, "precompute 7/7") {
		t.Errorf("status line after a move: %s", st)
	}
	if got := h.encodes.Load(); got != 8 {
		t.Errorf("%d encodes for 8 distinct slices (5 around the start, 3 more ahead)", got)
	}
}

// While the encoder is busy precomputing, a prompt on a cached slice is
// answered at once, and the status line shows the precompute under way.
func TestPromptOnCachedSliceDoesNotWaitForEncoder(t *testing.T) {
	m, h := heldModel(t)
	n0 := m.n
	h.hold.Store(true)
	a := newAsyncLoop(m)
	a.send(keyMsg(".")) // n0+1 is cached; n0+3..n0+5 are not and their encodes hang
	a.until(t, "held encodes", 30*time.Second, func() bool { return h.waiting.Load() > 0 })
	a.until(t, "progress report", 30*time.Second, func() bool {
		return strings.Contains(stripANSI(m.statusView()), "precompute 4/7")
	})
	if m.n != n0+1 || !m.sliceCached(n0+1) {
		t.Fatalf("on slice %d (cached %v), want cached slice %d", m.n, m.sliceCached(m.n), n0+1)
	}
	liverCentre(t, m)
	a.send(keyMsg(" "))
	a.until(t, "the proposal while the encoder is held", 30*time.Second, func() bool { return m.proposal != nil })
	if h.waiting.Load() == 0 {
		t.Fatal("the encoder was not busy during the prompt; the test proves nothing")
	}
	// A jump of ten slices back cancels the held encodes outside the new
	// window, which now runs downwards.
	a.send(keyMsg("<"))
	a.until(t, "cancelled encodes", 30*time.Second, func() bool { return h.cancelled.Load() > 0 })
	h.letGo()
	a.until(t, "the precompute after the jump", 60*time.Second, func() bool {
		p := m.slots[0].prog
		return p.At.Slice == n0-9 && p.Done == 7 && p.Total == 7
	})
	for _, n := range []int{n0 - 9, n0 - 13, n0 - 7} {
		if !m.sliceCached(n) {
			t.Errorf("slice %d not precomputed after jumping to %d", n, n0-9)
		}
	}
}
