package onnx

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/segtui/segtui/engine"
)

// batchVariant is the SAM fixture with the dynamic-batch encoder
// (scripts/gen_fixtures.py sam_encoder_batch), from a manifest written for
// the test so the shared fixture manifest keeps its variants.
func batchVariant(t testing.TB) engine.Engine {
	t.Helper()
	abs := func(name string) string {
		p, err := filepath.Abs(filepath.Join("../testdata/models", name))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	path := filepath.Join(t.TempDir(), "models.yaml")
	yaml := "variants:\n  - name: sam-batch\n    family: sam\n    encoder: " + abs("sam_encoder_batch.onnx") +
		"\n    decoder: " + abs("sam_decoder.onnx") + "\n"
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := engine.LoadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Open(m.Variants[0], testRuntime(t), OpenOptions{Device: engine.DeviceCPU, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// Slices encoded together give exactly the embeddings (and masks) that
// encoding them one at a time gives, whatever their sizes.
func TestEncodeBatchMatchesEncodeOneByOne(t *testing.T) {
	e := batchVariant(t)
	be, ok := e.(engine.BatchEncoder)
	if !ok || be.MaxBatch() < 2 {
		t.Fatalf("dynamic-batch encoder: BatchEncoder %v, MaxBatch %d; want batching", ok, be.MaxBatch())
	}
	if fixed, ok := openFixture(t, "sam-fixture").(engine.BatchEncoder); !ok || fixed.MaxBatch() != 1 {
		t.Errorf("fixed [1,3,S,S] encoder: MaxBatch should be 1")
	}
	imgs := []*engine.Image{
		ctImage(64, 48, -100, disc{20, 20, 8, 300}),
		ctImage(40, 72, 50, disc{10, 50, 6, -500}, disc{30, 10, 5, 900}),
		ctImage(64, 48, 200),
	}
	for len(imgs) <= be.MaxBatch() {
		imgs = append(imgs, ctImage(30+len(imgs), 30, float32(10*len(imgs)), disc{15, 15, 5, 400}))
	}
	got, err := be.EncodeBatch(context.Background(), imgs)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(imgs) {
		t.Fatalf("%d embeddings for %d images", len(got), len(imgs))
	}
	for i, img := range imgs {
		want := encode(t, e, img).(*onnxEmbedding)
		g := got[i].(*onnxEmbedding)
		if g.f != want.f || len(g.data) != len(want.data) {
			t.Fatalf("image %d: frame %+v, want %+v", i, g.f, want.f)
		}
		for k := range want.data {
			if !slices.Equal(g.dims[k], want.dims[k]) || !slices.Equal(g.data[k], want.data[k]) {
				t.Fatalf("image %d output %d: batched embedding %v differs from the single one %v", i, k, g.dims[k], want.dims[k])
			}
		}
		p := engine.Prompt{Points: []engine.Point{{X: float64(img.Width) / 2, Y: float64(img.Height) / 2, Positive: true}}}
		if !slices.Equal(decode(t, e, g, p).Pix, decode(t, e, want, p).Pix) {
			t.Errorf("image %d: masks from the batched and single embeddings differ", i)
		}
	}
	// The mean-pooled embedding shows which image it came from: batch
	// elements must not be mixed up.
	a, b := got[0].(*onnxEmbedding).data[0], got[2].(*onnxEmbedding).data[0]
	if slices.Equal(a, b) {
		t.Error("embeddings of different images are equal")
	}
	if _, err := be.EncodeBatch(context.Background(), []*engine.Image{imgs[0], {Width: 0, Height: 3}}); err == nil {
		t.Error("a bad image in a batch was encoded")
	}
}

// BenchmarkEncode8Slices compares eight one-slice encoder runs with one
// eight-slice run of the dynamic-batch fixture (per-run overhead only: the
// fixture's graph is a pooling layer).
func BenchmarkEncode8Slices(b *testing.B) {
	e := batchVariant(b)
	imgs := make([]*engine.Image, 8)
	for i := range imgs {
		imgs[i] = ctImage(256, 256, float32(10*i), disc{128, 128, 40, 300})
	}
	b.Run("one-per-run", func(b *testing.B) {
		for b.Loop() {
			for _, img := range imgs {
				if _, err := e.Encode(context.Background(), img); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("batch-of-8", func(b *testing.B) {
		for b.Loop() {
			if _, err := e.(engine.BatchEncoder).EncodeBatch(context.Background(), imgs); err != nil {
				b.Fatal(err)
			}
		}
	})
}
