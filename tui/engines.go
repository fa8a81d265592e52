package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segtui/segtui/engine"
)

// embKey names a slice of an open case.
type embKey struct {
	Case int
	Key  sliceKey
}

// maxCacheBytes bounds each variant's embedding cache (SAM 2 needs about
// 12 MiB per slice, so this holds ~80 slices).
const maxCacheBytes = 1 << 30

// Precompute window around the slice on screen: slices ahead in the
// direction the user moves, and behind.
var prefetchOpts = engine.PrefetchOptions{Ahead: 4, Behind: 2}

// engineSlot owns one variant. It is opened on first use, off the UI
// goroutine; from then on an engine.EncoderService hands out embeddings,
// so a prompt and the background precompute share one encode per slice and
// a prompt on a cached slice never waits for the encoder.
type engineSlot struct {
	entry  EngineEntry
	openMu sync.Mutex // held while opening, never by the UI goroutine
	err    error      // guarded by openMu
	live   atomic.Pointer[liveEngine]

	// Precompute requests: the newest sequence number wins (pfMu orders
	// the check and the request).
	pfMu  sync.Mutex
	pfSeq atomic.Int64

	// UI goroutine only: the progress listener runs, and its latest report.
	listening bool
	prog      engine.Progress
	// The CPU-fallback notice has been shown (UI goroutine only).
	noticeShown bool
}

// device is where the variant runs: what the open engine reports (auto
// only resolves to CPU or CUDA once its sessions exist), else the
// configured device; fellBack says auto wanted CUDA and got CPU.
func (s *engineSlot) device() (label string, fellBack bool) {
	if l := s.live.Load(); l != nil {
		if r, ok := l.eng.(engine.DeviceReporter); ok {
			return strings.ToUpper(string(r.Device())), r.DeviceNotice() != ""
		}
	}
	return s.entry.Device, false
}

// liveEngine is an opened variant.
type liveEngine struct {
	eng     engine.Engine
	svc     *engine.EncoderService
	lastEnc atomic.Int64 // duration of the last encoder run, ns
	encRuns atomic.Int64 // encoder runs finished
}

// timedEngine is what the service encodes with: the engine, with each
// encoder run timed for the status line.
type timedEngine struct {
	engine.Engine
	live *liveEngine
}

func (t timedEngine) Encode(ctx context.Context, img *engine.Image) (engine.Embedding, error) {
	start := time.Now()
	e, err := t.Engine.Encode(ctx, img)
	if err == nil {
		t.live.lastEnc.Store(int64(time.Since(start)))
		t.live.encRuns.Add(1)
	}
	return e, err
}

func newSlots(entries []EngineEntry) []*engineSlot {
	s := make([]*engineSlot, len(entries))
	for i, e := range entries {
		s[i] = &engineSlot{entry: e}
	}
	return s
}

// open opens the variant once; later calls return it (or its error).
func (s *engineSlot) open() (*liveEngine, error) {
	if l := s.live.Load(); l != nil {
		return l, nil
	}
	s.openMu.Lock()
	defer s.openMu.Unlock()
	if l := s.live.Load(); l != nil || s.err != nil {
		return l, s.err
	}
	if s.entry.Open == nil {
		s.err = fmt.Errorf("model %s cannot be opened", s.entry.Name)
		return nil, s.err
	}
	eng, err := s.entry.Open()
	if err != nil {
		s.err = fmt.Errorf("model %s: %w", s.entry.Name, err)
		return nil, s.err
	}
	l := &liveEngine{eng: eng}
	l.svc = engine.NewEncoderService(timedEngine{eng, l}, engine.NewEmbeddingCache(maxCacheBytes), prefetchOpts)
	s.live.Store(l)
	return l, nil
}

// semantic reports whether the variant is promptless: from the manifest's
// family, or from the engine once it is open.
func (s *engineSlot) semantic() bool {
	if s.entry.Family != "" {
		return s.entry.Family == engine.FamilySemantic
	}
	if l := s.live.Load(); l != nil {
		_, ok := l.eng.(engine.Semantic)
		return ok
	}
	return false
}

// cacheKey names everything that changes the encoder's input.
func (s *engineSlot) cacheKey(k embKey, img *engine.Image) engine.CacheKey {
	key := engine.CacheKey{Variant: s.entry.Name, Case: strconv.Itoa(k.Case), Plane: k.Key.Plane, Slice: k.Key.N}
	if img != nil && img.Window != nil {
		key.Window = *img.Window
	}
	return key
}

// embedding returns the slice's embedding (cached, joined to an encode in
// flight, or encoded now) and how long the caller waited for the encoder.
func (s *engineSlot) embedding(ctx context.Context, k embKey, img *engine.Image) (*liveEngine, engine.Embedding, time.Duration, error) {
	l, err := s.open()
	if err != nil {
		return nil, nil, 0, err
	}
	key := s.cacheKey(k, img)
	start := time.Now()
	cached := l.svc.Cache().Contains(key)
	emb, err := l.svc.Embedding(ctx, key, img)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("%s encoder: %w", s.entry.Name, err)
	}
	if cached {
		return l, emb, 0, nil
	}
	return l, emb, time.Since(start), nil
}

// decode runs one prompt, encoding first if needed.
func (s *engineSlot) decode(ctx context.Context, k embKey, img *engine.Image, p engine.Prompt) (*engine.Mask, time.Duration, time.Duration, error) {
	l, emb, encDur, err := s.embedding(ctx, k, img)
	if err != nil {
		return nil, encDur, 0, err
	}
	start := time.Now()
	m, err := l.eng.Decode(ctx, emb, p)
	if err != nil {
		return nil, encDur, 0, fmt.Errorf("%s decoder: %w", s.entry.Name, err)
	}
	if m.Width != img.Width || m.Height != img.Height || len(m.Pix) != img.Width*img.Height {
		return nil, encDur, 0, fmt.Errorf("%s returned a %dx%d mask for a %dx%d slice", s.entry.Name, m.Width, m.Height, img.Width, img.Height)
	}
	return m, encDur, time.Since(start), nil
}

// labels runs a promptless variant on the slice: a label id per pixel,
// and the class ids the model predicts.
func (s *engineSlot) labels(ctx context.Context, k embKey, img *engine.Image) ([]uint16, []uint16, time.Duration, time.Duration, error) {
	l, emb, encDur, err := s.embedding(ctx, k, img)
	if err != nil {
		return nil, nil, encDur, 0, err
	}
	sem, ok := l.eng.(engine.Semantic)
	if !ok {
		return nil, nil, encDur, 0, fmt.Errorf("%s takes prompts; it does not label classes by itself", s.entry.Name)
	}
	start := time.Now()
	lab, err := sem.Labels(ctx, emb)
	if err != nil {
		return nil, nil, encDur, 0, fmt.Errorf("%s: %w", s.entry.Name, err)
	}
	if len(lab) != img.Width*img.Height {
		return nil, nil, encDur, 0, fmt.Errorf("%s returned %d labels for a %dx%d slice", s.entry.Name, len(lab), img.Width, img.Height)
	}
	var ids []uint16
	for _, c := range sem.Classes() {
		ids = append(ids, c.ID)
	}
	return lab, ids, encDur, time.Since(start), nil
}

// lastEncode is the latest encoder run's duration (0 before any).
func (s *engineSlot) lastEncode() time.Duration {
	if l := s.live.Load(); l != nil {
		return time.Duration(l.lastEnc.Load())
	}
	return 0
}

// encoderRuns counts the encoder runs finished so far.
func (s *engineSlot) encoderRuns() int64 {
	if l := s.live.Load(); l != nil {
		return l.encRuns.Load()
	}
	return 0
}

// cachedCount is the number of cached embeddings, without waiting.
func (s *engineSlot) cachedCount() int {
	if l := s.live.Load(); l != nil {
		return l.svc.Cache().Len()
	}
	return 0
}

func (s *engineSlot) close() {
	s.openMu.Lock()
	defer s.openMu.Unlock()
	if l := s.live.Swap(nil); l != nil {
		l.svc.Close()
		l.eng.Close()
	}
}
