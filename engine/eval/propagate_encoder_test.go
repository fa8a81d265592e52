package eval

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"math"
	"sync"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/phantom"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/builtin"
	"github.com/segtui/segtui/engine/metrics"
)

// countingEngine passes everything to a real engine and counts its encoder
// runs per slice, recognising each slice by its pixels.
type countingEngine struct {
	engine.Engine
	slices map[uint64]int // pixel hash -> slice index

	mu      sync.Mutex
	encodes map[int]int // slice -> encoder runs
}

func pixelHash(img *engine.Image) uint64 {
	h := fnv.New64a()
	var b [4]byte
	for _, g := range img.Grey {
		u := math.Float32bits(g)
		b[0], b[1], b[2], b[3] = byte(u), byte(u>>8), byte(u>>16), byte(u>>24)
		h.Write(b[:])
	}
	h.Write(img.RGB)
	return h.Sum64()
}

func (e *countingEngine) Encode(ctx context.Context, img *engine.Image) (engine.Embedding, error) {
	n, ok := e.slices[pixelHash(img)]
	if !ok {
		n = -1 // not a slice of the case: the test fails on it below
	}
	e.mu.Lock()
	e.encodes[n]++
	e.mu.Unlock()
	return e.Engine.Encode(ctx, img)
}

func (e *countingEngine) total() int {
	t := 0
	for _, c := range e.encodes {
		t += c
	}
	return t
}

// countEncodes wraps eng for the one case of ds; the case's slices must
// differ in pixels for the count per slice to mean anything.
func countEncodes(t *testing.T, ds *datasets.Dataset, eng engine.Engine) *countingEngine {
	t.Helper()
	vol, _, err := ds.Load(ds.Cases[0])
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Plane: datasets.Axial}
	ct := vol.LooksCT()
	depth := vol.View(datasets.Axial).Depth
	ce := &countingEngine{Engine: eng, slices: map[uint64]int{}, encodes: map[int]int{}}
	for n := 0; n < depth; n++ {
		ce.slices[pixelHash(sliceImage(cfg, vol, n, ct))] = n
	}
	if len(ce.slices) != depth {
		t.Fatalf("the phantom has %d distinct axial slices of %d: encodes cannot be told apart", len(ce.slices), depth)
	}
	return ce
}

// runPropagate runs the propagate protocol on ds's one case with v, the
// embedding cache at budget bytes (negative: none), and returns the case
// result without its wall time.
func runPropagate(t *testing.T, ds *datasets.Dataset, v Variant, budget int64) CaseResult {
	t.Helper()
	p, err := ParseProtocol("propagate")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Config{
		Dataset: ds, DatasetPath: ds.Root, Protocol: p, JitterPX: 2, Seed: 3, Variants: []Variant{v},
		Plane: datasets.Axial, Rules: metrics.FLARE22Rules(), OutDir: t.TempDir(), PropagateCacheBytes: budget,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Cases) != 1 {
		t.Fatalf("%d case results, want 1", len(res.Cases))
	}
	cr := res.Cases[0]
	cr.Seconds = 0
	return cr
}

// The classes of one case share slice embeddings: with the cache each slice
// any class reaches is encoded exactly once, where without it every class
// encodes its own, and the scores, masks and stop reasons are identical.
func TestPropagateEncodesEachSliceOncePerCase(t *testing.T) {
	ds := wholePhantom(t)
	for _, tc := range []struct {
		name string
		open func(t *testing.T) Variant
	}{
		{"builtin", func(*testing.T) Variant {
			return Variant{Name: "builtin", Engine: builtin.New(), Workers: BuiltinWorkers()}
		}},
		{"sam-fixture", func(t *testing.T) Variant { return openFixtureVariant(t, fixtureModels, "sam-fixture") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.open(t)
			plain := countEncodes(t, ds, v.Engine)
			shared := countEncodes(t, ds, v.Engine)
			before := runPropagate(t, ds, Variant{Name: v.Name, Engine: plain, Workers: v.Workers}, -1)
			after := runPropagate(t, ds, Variant{Name: v.Name, Engine: shared, Workers: v.Workers}, 0)

			if plain.encodes[-1] > 0 || shared.encodes[-1] > 0 {
				t.Fatalf("encoded images that are no slice of the case: %d uncached, %d cached", plain.encodes[-1], shared.encodes[-1])
			}
			if len(shared.encodes) != len(plain.encodes) {
				t.Errorf("cached run reached %d distinct slices, uncached %d", len(shared.encodes), len(plain.encodes))
			}
			for n, c := range shared.encodes {
				if c != 1 {
					t.Errorf("slice %d encoded %d times with the cache, want once", n, c)
				}
				if plain.encodes[n] == 0 {
					t.Errorf("slice %d encoded with the cache but never reached without it", n)
				}
			}
			classes := len(before.Propagation)
			if classes < 2 || plain.total() <= len(plain.encodes) {
				t.Errorf("%d classes, %d uncached encodes of %d distinct slices: the case does not exercise sharing", classes, plain.total(), len(plain.encodes))
			}
			t.Logf("%s: %d classes, encoder runs %d without the cache, %d with it (%d distinct slices)",
				v.Name, classes, plain.total(), shared.total(), len(plain.encodes))

			want, _ := json.Marshal(before)
			got, _ := json.Marshal(after)
			if string(got) != string(want) {
				t.Errorf("results differ with the cache:\nwithout %s\nwith    %s", want, got)
			}
			for i, pr := range after.Propagation {
				if d := after.Classes[i].Dice; d != nil {
					t.Logf("class %d: Dice %.3f, slices %d..%d", pr.Class, *d, pr.First+1, pr.Last+1)
				}
			}
		})
	}
}

// BenchmarkPropagatePhantom times one propagate case (the whole default
// phantom, 13 classes) with the built-in engine, with and without the
// shared embedding cache.
func BenchmarkPropagatePhantom(b *testing.B) {
	dir := b.TempDir()
	if _, _, err := phantom.Write(dir, phantom.DefaultSeed); err != nil {
		b.Fatal(err)
	}
	ds, err := datasets.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	p, _ := ParseProtocol("propagate")
	for _, bc := range []struct {
		name   string
		budget int64
	}{{"uncached", -1}, {"cached", 0}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				_, err := Run(context.Background(), Config{
					Dataset: ds, DatasetPath: ds.Root, Protocol: p, JitterPX: 2, Seed: 3,
					Variants: []Variant{{Name: "builtin", Engine: builtin.New(), Workers: BuiltinWorkers()}},
					Plane:    datasets.Axial, Rules: metrics.FLARE22Rules(), OutDir: b.TempDir(), PropagateCacheBytes: bc.budget,
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
