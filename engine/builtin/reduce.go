package builtin

import (
	"context"
	"math"

	"github.com/segtui/segtui/engine"
)

// maxCutPixels bounds the region one graph cut works on. A cut holds a
// few hundred bytes a pixel (flow graph, edges, labellings, the pooled
// workspace keeps them): a box over a whole 7200x6800 scene passed 12 GB.
// A larger region is cut on a block-averaged copy and its mask scaled
// back, as the TUI already does by giving the engine a 4096-px square.
const maxCutPixels = 4096 * 4096

// reduction is the block size that brings roi within maxCutPixels (1:
// none needed).
func reduction(roi rect) int {
	n := roi.w * roi.h
	if n <= maxCutPixels {
		return 1
	}
	f := int(math.Ceil(math.Sqrt(float64(n) / maxCutPixels)))
	for ((roi.w+f-1)/f)*((roi.h+f-1)/f) > maxCutPixels {
		f++ // the partial blocks at the edges
	}
	return f
}

// decodeReduced segments roi on an f-times smaller copy and places the
// mask back at full size, each coarse pixel covering its f x f block.
func (eng *Engine) decodeReduced(ctx context.Context, e *embedding, req request, roi rect, f int) (*engine.Mask, error) {
	ce, cr := downsample(&workspace{}, e, req, roi, f)
	ce.grad = make([]float32, ce.w*ce.h)
	blockMean(ce.grad, e.grad, e.w, roi, f)
	if cr.prior != nil {
		b := req.priorBox
		x0, y0 := (b.x0-roi.x0)/f, (b.y0-roi.y0)/f
		cr.priorBox = rect{x0, y0, (b.x0+b.w-1-roi.x0)/f - x0 + 1, (b.y0+b.h-1-roi.y0)/f - y0 + 1}
		cr.priorReach = (req.priorReach + f - 1) / f
	}
	small, err := eng.decode(ctx, ce, cr)
	if err != nil {
		return nil, err
	}
	m := &engine.Mask{Width: e.w, Height: e.h, Pix: make([]bool, e.w*e.h), Score: small.Score}
	logits := make([]float32, e.w*e.h)
	for i := range logits {
		logits[i] = -4
	}
	for y := 0; y < roi.h; y++ {
		row := (y / f) * ce.w
		for x := 0; x < roi.w; x++ {
			if small.Pix[row+x/f] {
				o := (roi.y0+y)*e.w + roi.x0 + x
				m.Pix[o], logits[o] = true, 4
			}
		}
	}
	m.LowRes = &engine.LowRes{Width: e.w, Height: e.h, Logits: logits}
	return m, nil
}

// blockMean shrinks the roi part of a plane (row stride w) by f into dst,
// which holds ceil(roi.w/f) x ceil(roi.h/f) values.
func blockMean(dst, src []float32, w int, roi rect, f int) {
	cw, ch := (roi.w+f-1)/f, (roi.h+f-1)/f
	for cy := 0; cy < ch; cy++ {
		y0, y1 := roi.y0+cy*f, min(roi.y0+(cy+1)*f, roi.y0+roi.h)
		for cx := 0; cx < cw; cx++ {
			x0, x1 := roi.x0+cx*f, min(roi.x0+(cx+1)*f, roi.x0+roi.w)
			var s float32
			for y := y0; y < y1; y++ {
				for _, v := range src[y*w+x0 : y*w+x1] {
					s += v
				}
			}
			dst[cy*cw+cx] = s / float32((y1-y0)*(x1-x0))
		}
	}
}
