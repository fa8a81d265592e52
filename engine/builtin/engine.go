// Package builtin is the segmentation engine that needs no model weights:
// an interactive graph cut (GrabCut-style iterated intensity models with a
// contrast-sensitive boundary term, solved exactly by max-flow) driven by the
// same prompts as the SAM family: a box, positive and negative clicks and
// the previous mask. It is the default for the demo and for machines
// without models.
package builtin

import (
	"context"
	"fmt"
	"math"

	"github.com/segtui/segtui/engine"
)

// Engine is the built-in classical engine. It holds no state between calls
// and is safe for concurrent use.
type Engine struct{}

// New returns the built-in engine.
func New() *Engine { return &Engine{} }

func (*Engine) Name() string          { return "builtin" }
func (*Engine) Family() engine.Family { return engine.FamilyBuiltin }
func (*Engine) Close() error          { return nil }

// Encode windows CT to soft tissue, smooths and takes the gradient once per
// slice, so prompts only pay for the cut in their region.
func (*Engine) Encode(ctx context.Context, img *engine.Image) (engine.Embedding, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return prepare(img)
}

// Decode segments the object the prompt describes.
func (*Engine) Decode(ctx context.Context, emb engine.Embedding, p engine.Prompt) (*engine.Mask, error) {
	e, ok := emb.(*embedding)
	if !ok || e == nil {
		return nil, fmt.Errorf("builtin engine: embedding of type %T was not made by this engine's Encode", emb)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	req, err := validate(p, e.w, e.h)
	if err != nil {
		return nil, err
	}
	pr := newProblem(e, req)
	lab, ratio, err := pr.segment(ctx)
	if err != nil {
		return nil, err
	}
	roi := pr.roi
	var pos, neg []int
	for _, s := range req.seeds {
		if !roi.contains(s.x, s.y) {
			continue
		}
		i := (s.y-roi.y0)*roi.w + s.x - roi.x0
		if s.positive {
			pos = append(pos, i)
		} else {
			neg = append(neg, i)
		}
	}
	if len(neg) > 0 {
		seeds := pos
		if len(seeds) == 0 {
			if c := corePixel(lab, roi.w, roi.h, neg); c >= 0 {
				seeds = []int{c}
			}
		}
		grad := make([]float32, roi.w*roi.h)
		for y := 0; y < roi.h; y++ {
			copy(grad[y*roi.w:(y+1)*roi.w], e.grad[(roi.y0+y)*e.w+roi.x0:])
		}
		geodesicSplit(lab, grad, roi.w, roi.h, seeds, neg)
		keepComponents(lab, ratio, roi.w, roi.h, seeds)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return assemble(e, roi, lab, ratio), nil
}

// assemble places the ROI labelling in a full-size mask. Score is the mean
// foreground probability under the final intensity models; LowRes carries
// the mask as logits so it can come back as Prompt.Prev.
func assemble(e *embedding, roi rect, lab []bool, ratio []float64) *engine.Mask {
	m := &engine.Mask{Width: e.w, Height: e.h, Pix: make([]bool, e.w*e.h)}
	logits := make([]float32, e.w*e.h)
	for i := range logits {
		logits[i] = -4
	}
	sum, count := 0.0, 0
	for y := 0; y < roi.h; y++ {
		for x := 0; x < roi.w; x++ {
			i := y*roi.w + x
			if !lab[i] {
				continue
			}
			o := (roi.y0+y)*e.w + roi.x0 + x
			m.Pix[o] = true
			logits[o] = 4
			sum += 1 / (1 + math.Exp(-ratio[i]))
			count++
		}
	}
	if count > 0 {
		m.Score = float32(sum / float64(count))
	}
	m.LowRes = &engine.LowRes{Width: e.w, Height: e.h, Logits: logits}
	return m
}

var _ engine.Engine = (*Engine)(nil)
