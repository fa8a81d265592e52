package export_test

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/segtui/segtui/engine"
)

// promptedLimits are what a prompted variant must meet against its
// reference: the chosen mask's low-res logits within maxLogit, the final
// mask at IoU minIoU or better.
type promptedLimits struct {
	maxLogit, minIoU float64
}

// comparePrompted runs each of the variant's reference cases through
// segtui's engine (the slice read by datasets, encoded, decoded with the
// same prompt; refinements feed segtui's own previous low-res result back)
// and compares with the official predictor's output. It returns the worst
// logit difference and IoU seen.
func comparePrompted(t *testing.T, doc refDoc, variant string, lim promptedLimits) (float64, float64) {
	t.Helper()
	e := openVariant(t, doc, variant)
	ctx := context.Background()
	embs := map[string]engine.Embedding{}
	results := map[string]*engine.Mask{}
	worstDiff, worstIoU, n := 0.0, 1.0, 0
	for _, c := range doc.Cases {
		if c.Variant != variant {
			continue
		}
		n++
		emb, ok := embs[c.Image]
		if !ok {
			var err error
			start := time.Now()
			if emb, err = e.Encode(ctx, loadSlice(t, c.Image)); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: encoded %s in %.2f s", variant, filepath.Base(c.Image), time.Since(start).Seconds())
			embs[c.Image] = emb
		}
		p := prompt(c)
		if c.Prev != "" {
			prev := results[c.Prev]
			if prev == nil {
				t.Fatalf("%s refines %s, which has no result", c.Name, c.Prev)
			}
			p.Prev = prev.LowRes
		}
		start := time.Now()
		m, err := e.Decode(ctx, emb, p)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		dec := time.Since(start)
		results[c.Name] = m
		refLow := readNpy(t, doc.Dir, c.Lowres)
		refMask := readNpy(t, doc.Dir, c.Mask)
		if len(refLow.Float32s()) != len(m.LowRes.Logits) || refMask.Len() != len(m.Pix) {
			t.Fatalf("%s: segtui gave %d low-res logits and %d mask pixels, the reference %d and %d",
				c.Name, len(m.LowRes.Logits), len(m.Pix), len(refLow.Float32s()), refMask.Len())
		}
		diff := maxAbsDiff(m.LowRes.Logits, refLow.Float32s())
		iou, differ := maskIoU(m.Pix, refMask)
		worstDiff, worstIoU = max(worstDiff, diff), min(worstIoU, iou)
		t.Logf("%-40s token %d  logits max|Δ| %.1e  IoU %.5f (%d of %d px differ)  IoU pred %.4f vs %.4f  decode %.0f ms",
			c.Name, c.Token, diff, iou, differ, len(m.Pix), m.Score, c.Score, float64(dec.Microseconds())/1000)
		if diff > lim.maxLogit || math.IsNaN(diff) {
			t.Errorf("%s: low-res logits differ by up to %.2e from the reference, limit %.0e", c.Name, diff, lim.maxLogit)
		}
		if iou < lim.minIoU {
			t.Errorf("%s: mask IoU with the reference %.5f, want at least %g", c.Name, iou, lim.minIoU)
		}
	}
	if n == 0 {
		t.Fatalf("the reference has no cases for variant %q", variant)
	}
	t.Logf("%s: %d cases, worst logit difference %.1e, worst IoU %s", variant, n, worstDiff, fmt.Sprintf("%.5f", worstIoU))
	return worstDiff, worstIoU
}

// SAM exported by the kit vs SamPredictor.predict on real CT slices, with
// multimask_output=True and the best score (segtui's --multimask best) and
// with multimask_output=False (--multimask single).
func TestParitySAMPredictor(t *testing.T) {
	doc := reference(t, "sam")
	comparePrompted(t, doc, "sam", promptedLimits{maxLogit: 1e-3, minIoU: 0.999})
}

// MedSAM exported by the kit vs MedSAM_Inference.py's own preprocessing,
// box handling and medsam_inference, on real CT slices: the kit's token-0
// export, and a four-token export (--all-masks), where segtui's rule must
// take token 0 for the medsam family as medsam_inference does.
func TestParityMedSAMInference(t *testing.T) {
	doc := reference(t, "medsam")
	comparePrompted(t, doc, "medsam", promptedLimits{maxLogit: 1e-3, minIoU: 0.99})
	comparePrompted(t, doc, "medsam4", promptedLimits{maxLogit: 1e-3, minIoU: 0.99})
}

// An adapter fine-tune (adapters after attention and on the MLP path, in
// the image encoder and the mask decoder; parity/adapter_model.py) exported
// with the kit's custom --builder, vs SamPredictor on the same model.
func TestParityAdapterCustom(t *testing.T) {
	doc := reference(t, "adapter")
	comparePrompted(t, doc, "adapter", promptedLimits{maxLogit: 1e-3, minIoU: 0.999})
}
