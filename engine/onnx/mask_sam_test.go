package onnx

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/segtui/segtui/engine"
	ort "github.com/yalue/onnxruntime_go"
)

// The SAM decoder with its full-size masks cut off (pruneOutputs, samMask)
// must give the masks the whole graph gives, for square and non-square
// images, every channel (candidates), points, boxes and refinement.
func TestCutDecoderMasksMatchTheWholeGraph(t *testing.T) {
	v := fixtureVariant(t, "sam-fixture")
	open := func(whole bool) *onnxEngine {
		e, err := Open(v, testRuntime(t), OpenOptions{Device: testDevice(t), Threads: 2, wholeDecoder: whole})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		return e.(*onnxEngine)
	}
	whole, cut := open(true), open(false)
	if whole.goMasks || !whole.graphMasks || !cut.goMasks || cut.graphMasks {
		t.Fatalf("whole: graph masks %v, Go masks %v; cut: graph masks %v, Go masks %v",
			whole.graphMasks, whole.goMasks, cut.graphMasks, cut.goMasks)
	}
	if slices.Contains(cut.decOutputs, "masks") {
		t.Fatalf("the cut decoder still reads masks: %v", cut.decOutputs)
	}
	ctx := context.Background()
	for _, size := range [][2]int{{512, 512}, {512, 317}, {317, 512}, {300, 517}, {1024, 1024}, {1500, 999}, {61, 97}} {
		w, h := size[0], size[1]
		img := ctImage(w, h, -100, disc{float64(w) * 0.4, float64(h) * 0.55, float64(min(w, h)) / 5, 300})
		embW, err := whole.Encode(ctx, img)
		if err != nil {
			t.Fatal(err)
		}
		embC, err := cut.Encode(ctx, img)
		if err != nil {
			t.Fatal(err)
		}
		prompts := map[string]engine.Prompt{
			"point":      {Points: []engine.Point{{X: float64(w) * 0.4, Y: float64(h) * 0.55, Positive: true}}, Candidates: true},
			"two points": {Points: []engine.Point{{X: float64(w) * 0.4, Y: float64(h) * 0.55, Positive: true}, {X: 3, Y: 2}}, Candidates: true},
			"box":        {Box: &engine.Box{X0: float64(w) * 0.2, Y0: float64(h) * 0.3, X1: float64(w) * 0.6, Y1: float64(h) * 0.8}, Candidates: true},
		}
		for name, p := range prompts {
			mw, err := whole.Decode(ctx, embW, p)
			if err != nil {
				t.Fatal(err)
			}
			p.Prev = mw.LowRes // a refinement, too
			for round, pp := range []engine.Prompt{{Points: p.Points, Box: p.Box, Candidates: true}, p} {
				mw, err := whole.Decode(ctx, embW, pp)
				if err != nil {
					t.Fatal(err)
				}
				mc, err := cut.Decode(ctx, embC, pp)
				if err != nil {
					t.Fatal(err)
				}
				where := fmt.Sprintf("%dx%d %s (round %d)", w, h, name, round)
				if mw.Token != mc.Token || mw.Score != mc.Score || len(mw.Candidates) != len(mc.Candidates) || len(mc.Candidates) < 2 {
					t.Fatalf("%s: whole graph token %d score %g, %d candidates; cut token %d score %g, %d candidates",
						where, mw.Token, mw.Score, len(mw.Candidates), mc.Token, mc.Score, len(mc.Candidates))
				}
				for i := range mw.Candidates {
					a, b := mw.Candidates[i].Pix, mc.Candidates[i].Pix
					if len(a) != w*h || len(b) != w*h {
						t.Fatalf("%s candidate %d: %d and %d pixels, expected %d", where, i, len(a), len(b), w*h)
					}
					diff, on := 0, 0
					for j := range a {
						if a[j] != b[j] {
							diff++
						}
						if a[j] {
							on++
						}
					}
					// Float rounding between ORT's Resize and ours can only
					// flip a pixel whose logit is within ~1e-6 of 0.
					if diff > 2 {
						t.Errorf("%s candidate %d (token %d): %d of %d pixels differ (%d on in the whole graph's mask)",
							where, i, mc.Candidates[i].Token, diff, w*h, on)
					}
				}
			}
		}
	}
}

func TestPruneOutputsCutsTheMasksBranch(t *testing.T) {
	testRuntime(t)
	data, err := os.ReadFile("../testdata/models/sam_decoder.onnx")
	if err != nil {
		t.Fatal(err)
	}
	cut, err := pruneOutputs(data, []string{"masks"})
	if err != nil {
		t.Fatal(err)
	}
	_, outs, err := ort.GetInputOutputInfoWithONNXData(cut)
	if err != nil {
		t.Fatalf("the cut model does not load: %v", err)
	}
	var names []string
	for _, o := range outs {
		names = append(names, o.Name)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"iou_predictions", "low_res_masks"}) {
		t.Fatalf("cut model outputs %v, expected iou_predictions and low_res_masks", names)
	}
	if ops := countOps(t, data, "Resize"); ops != 2 {
		t.Fatalf("the fixture has %d Resize nodes, expected the official post-processing's 2", ops)
	}
	if ops := countOps(t, cut, "Resize"); ops != 0 {
		t.Fatalf("the cut model keeps %d Resize nodes", ops)
	}
	if _, err := pruneOutputs(data, []string{"no_such_output"}); err == nil || !strings.Contains(err.Error(), "not all found") {
		t.Fatalf("cutting an output the model lacks: %v", err)
	}
	if _, err := pruneOutputs(data[:len(data)/2], []string{"masks"}); err == nil {
		t.Fatal("a truncated model was cut without an error")
	}
	if _, err := pruneOutputs([]byte("not a model"), []string{"masks"}); err == nil {
		t.Fatal("text was cut as a model without an error")
	}
}

// A node with a subgraph can read values its inputs do not name: such a
// graph is refused, and the decoder stays whole.
func TestPruneOutputsRefusesSubgraphs(t *testing.T) {
	field := func(num int, payload []byte) []byte {
		b := binary.AppendUvarint(nil, uint64(num)<<3|wireLen)
		b = binary.AppendUvarint(b, uint64(len(payload)))
		return append(b, payload...)
	}
	str := func(num int, s string) []byte { return field(num, []byte(s)) }
	sub := str(1, "") // an empty GraphProto payload is enough
	attr := slices.Concat(str(1, "then_branch"), field(attrGraph, sub))
	node := slices.Concat(str(nodeInput, "cond"), str(nodeOutput, "y"), str(4, "If"), field(nodeAttribute, attr))
	graph := slices.Concat(field(graphNode, node), field(graphOutput, str(1, "y")), field(graphOutput, str(1, "masks")))
	model := field(modelGraph, graph)
	if _, err := pruneOutputs(model, []string{"masks"}); err == nil || !strings.Contains(err.Error(), "subgraph") {
		t.Fatalf("a graph with a subgraph was cut: %v", err)
	}
}

func countOps(t *testing.T, model []byte, op string) int {
	t.Helper()
	mf, err := protoFields(model)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range mf {
		if f.num != modelGraph {
			continue
		}
		gf, err := protoFields(f.payload)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range gf {
			if g.num != graphNode {
				continue
			}
			nf, err := protoFields(g.payload)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range nf {
				if x.num == 4 && string(x.payload) == op {
					n++
				}
			}
		}
	}
	return n
}

// BenchmarkSAMMask is samMask alone on a 512x512 slice's low-res logits.
func BenchmarkSAMMask(b *testing.B) {
	lr := make([]float32, 256*256)
	for i := range lr {
		lr[i] = float32(i%509) - 254
	}
	f := newFrame(512, 512, 1024, engine.AspectKeep)
	var scratch []float32
	for i := 0; i < b.N; i++ {
		samMask(lr, 256, f, &scratch)
	}
}
