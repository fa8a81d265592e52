package eval

import (
	"context"
	"fmt"
	"sync"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/region"
	"github.com/segtui/segtui/engine/tile"
)

// tiled reports whether a variant evaluates slices of this view in tiles:
// its tiling is on, the data is a 2-D image (one slice) and the slice is
// larger than a tile.
func tiled(v Variant, view datasets.SliceView) bool {
	return view.Depth == 1 && v.Tile.Applies(view.Width, view.Height)
}

// runTiledSlice evaluates a large 2-D slice tile by tile (issue 16): each
// tile is cropped at full resolution and encoded on its own, the protocol
// runs for every class present in the tile's ground truth with prompts
// from that tile, and the tiles' masks are stitched (each pixel from the
// tile whose core holds it) and scored on the whole slice. A semantic
// variant labels each tile and the labels are stitched.
func runTiledSlice(ctx context.Context, cfg Config, v Variant, caseID string, vol *datasets.Volume, lab *datasets.LabelMap, n int, ct bool) sliceOut {
	view := lab.View(cfg.Plane)
	w, h := view.Width, view.Height
	gtLab, _ := lab.Slice(cfg.Plane, n)
	grey, _ := vol.Slice(cfg.Plane, n)
	tiles := tile.Grid(w, h, v.Tile)
	sem, isSem := v.Engine.(engine.Semantic)
	var mu sync.Mutex
	pred := map[uint16][]bool{}
	prompts := map[uint16][]PromptRecord{}
	var semLabels []uint16
	if isSem {
		semLabels = make([]uint16, w*h)
	}
	errs := make([]error, len(tiles))
	runJobs(ctx, v.Workers, len(tiles), func(i int) {
		t := tiles[i]
		img := region.SliceImage(vol, cfg.Plane, n, ct, nil, t.Rect)
		emb, err := v.Engine.Encode(ctx, img)
		if err != nil {
			errs[i] = fmt.Errorf("tile %s: %w", t.Rect, err)
			return
		}
		if isSem {
			l, err := sem.Labels(ctx, emb)
			if err != nil {
				errs[i] = fmt.Errorf("tile %s: %w", t.Rect, err)
				return
			}
			mu.Lock()
			tile.Stitch(semLabels, w, t, l)
			mu.Unlock()
			return
		}
		gt := region.CropLabels(gtLab, w, t.Rect)
		for _, id := range PresentIDs(gt) {
			m, recs, err := promptClass(ctx, cfg, v.Engine, emb, classMask(gt, id), t.Dx(), t.Dy(), promptRNG(cfg.Seed, fmt.Sprintf("%s/tile %s", caseID, t.Rect), n, id))
			if err != nil {
				errs[i] = fmt.Errorf("tile %s class %d: %w", t.Rect, id, err)
				return
			}
			mu.Lock()
			if pred[id] == nil {
				pred[id] = make([]bool, w*h)
			}
			tile.Stitch(pred[id], w, t, m.Pix)
			for _, r := range recs {
				prompts[id] = append(prompts[id], shiftRecord(r, t.Rect))
			}
			mu.Unlock()
		}
	})
	if err := ctx.Err(); err != nil {
		return sliceOut{err: err}
	}
	for _, err := range errs {
		if err != nil {
			return sliceOut{err: err}
		}
	}
	out := sliceOut{masks: map[uint16][]bool{}}
	ids := PresentIDs(gtLab)
	if isSem {
		ids = onlyIDs(PresentIDs(gtLab, semLabels), scoredIDs(v))
	}
	for _, id := range ids {
		p := pred[id]
		if isSem {
			p = classMask(semLabels, id)
		} else if p == nil {
			p = make([]bool, w*h)
		}
		r, err := sliceResult(cfg, view, n, id, classMask(gtLab, id), p, prompts[id])
		if err != nil {
			return sliceOut{err: err}
		}
		// Stitched from several decodes: only the signals of the whole mask.
		r.Signals = maskSignals(nil, grey, p, w, h)
		out.results = append(out.results, r)
		out.masks[id] = p
	}
	return out
}

// shiftRecord moves a tile's prompt record into slice pixels.
func shiftRecord(r PromptRecord, t region.Rect) PromptRecord {
	dx, dy := float64(t.X0), float64(t.Y0)
	out := PromptRecord{}
	if r.Box != nil {
		out.Box = &engine.Box{X0: r.Box.X0 + dx, Y0: r.Box.Y0 + dy, X1: r.Box.X1 + dx, Y1: r.Box.Y1 + dy}
	}
	for _, p := range r.Points {
		out.Points = append(out.Points, engine.Point{X: p.X + dx, Y: p.Y + dy, Positive: p.Positive})
	}
	return out
}
