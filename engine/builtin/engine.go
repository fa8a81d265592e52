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
	"slices"
	"sync"

	"github.com/segtui/segtui/engine"
)

// Engine is the built-in classical engine. It keeps no results between
// calls, only a pool of scratch buffers, and is safe for concurrent use.
type Engine struct {
	scratch sync.Pool // *workspace
}

// New returns the built-in engine.
func New() *Engine { return &Engine{} }

func (*Engine) Name() string          { return "builtin" }
func (*Engine) Family() engine.Family { return engine.FamilyBuiltin }
func (*Engine) Close() error          { return nil }

// Encode windows CT to soft tissue, denoises and takes the gradient once per
// slice, so prompts only pay for the cut in their region.
func (*Engine) Encode(ctx context.Context, img *engine.Image) (engine.Embedding, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return prepare(img)
}

// Decode segments the object the prompt describes.
func (eng *Engine) Decode(ctx context.Context, emb engine.Embedding, p engine.Prompt) (*engine.Mask, error) {
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
	return eng.decode(ctx, e, req)
}

// decode segments a validated request on e.
func (eng *Engine) decode(ctx context.Context, e *embedding, req request) (*engine.Mask, error) {
	if spot := smallSpot(e, req); spot != nil {
		return spotMask(e, spot), nil // a target a few pixels wide (spot.go)
	}
	roi := req.region(e.w, e.h)
	if f := reduction(roi); f > 1 {
		return eng.decodeReduced(ctx, e, req, roi, f) // reduce.go
	}
	ws, _ := eng.scratch.Get().(*workspace)
	if ws == nil {
		ws = &workspace{}
	}
	defer eng.scratch.Put(ws)
	lab, ratio, err := segment(ctx, ws, e, req, roi)
	if err != nil {
		return nil, err
	}
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
		keepComponents(&ws.comp, lab, ratio, roi.w, roi.h, seeds)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return assemble(e, roi, lab, ratio), nil
}

// segment labels roi: the model search on a coarse copy for large objects
// followed by one full-resolution cut, or the search at full resolution.
// The results live in ws.
func segment(ctx context.Context, ws *workspace, e *embedding, req request, roi rect) ([]bool, []float64, error) {
	b := newBinner(e, roi, &ws.counts)
	lab, ratio, err := segmentWith(ctx, ws, e, req, roi, b, false)
	if err == nil && req.box != nil && req.prior == nil && !slices.Contains(lab, true) {
		// Nothing in the box differs from what continues outside it: the
		// box lies inside one region, so return that region's part. (Under
		// a prior an empty result is an answer: the object has ended.)
		lab, ratio, err = segmentWith(ctx, ws, e, req, roi, b, true)
		if err == nil && !slices.Contains(lab, true) {
			centreMode(ws, e, *req.box, roi, b, lab)
		}
	}
	return lab, ratio, err
}

func segmentWith(ctx context.Context, ws *workspace, e *embedding, req request, roi rect, b binner, noLeakCost bool) ([]bool, []float64, error) {
	fine := newProblem(e, req, roi, b, 1, &ws.fine, &ws.comp)
	fine.noLeakCost = noLeakCost
	if f := coarseFactor(req, roi); f > 1 {
		ce, creq := downsample(ws, e, req, roi, f)
		coarse := newProblem(ce, creq, rect{0, 0, ce.w, ce.h}, b, f, &ws.coarse, &ws.comp)
		coarse.noLeakCost = noLeakCost
		best, err := coarse.search(ctx)
		if err != nil {
			return nil, nil, err
		}
		lab, ratio, err := fine.final(ctx, best)
		if err != nil {
			return nil, nil, err
		}
		fine.settle(lab)
		return lab, ratio, nil
	}
	best, err := fine.search(ctx)
	if err != nil {
		return nil, nil, err
	}
	fine.settle(best.lab)
	return best.lab, best.ratio, nil
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
