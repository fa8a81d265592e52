package tui

import (
	"context"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/eval"
	"github.com/segtui/segtui/engine/region"
	"github.com/segtui/segtui/engine/tile"
)

// autoTiles is the tiling a's auto-prompt uses on this slice: tiles of the
// active model's input size (1024 for the built-in engine) overlapping by
// an eighth, for 2-D images larger than one; off otherwise (volumes' slices
// are prompted whole, as eval does).
func (m *Model) autoTiles() tile.Spec {
	v := m.view()
	if v.Depth != 1 {
		return tile.Spec{}
	}
	s := tile.Default(m.inputSize())
	if !s.Applies(v.Width, v.Height) {
		return tile.Spec{}
	}
	return s
}

// autoTiled is a's auto-prompt on a large 2-D image: each tile, at native
// resolution, gets a ground-truth box per class present in it, and each
// mask paints the tile's core (issue 16). One edit, as the whole-slice a.
func (m *Model) autoTiled(spec tile.Spec) tea.Cmd {
	m.clearPrompts()
	v := m.view()
	gen, caseIdx, k := m.promptGen, m.opened, m.key()
	slot, ctx := m.slots[m.engine], m.newCall()
	labels, _ := m.sess.Edit.Slice(m.plane, m.n)
	gt, _ := m.sess.GT.Slice(m.plane, m.n)
	vol, plane, n, ct := m.sess.Image, m.plane, m.n, m.sess.CT
	var win *engine.Window
	if w := m.window(); !w.IsAuto() {
		win = &engine.Window{Level: w.Level, Width: w.Width}
	}
	tiles := tile.Grid(v.Width, v.Height, spec)
	m.busy = fmt.Sprintf("auto-prompting %d tiles of %d px", len(tiles), spec.Size)
	return func() tea.Msg {
		var enc, dec time.Duration
		decodes := 0
		classes := map[uint16]bool{}
		err := func() error {
			for _, t := range tiles {
				gtTile := region.CropLabels(gt, v.Width, t.Rect)
				ids := eval.PresentIDs(gtTile)
				if len(ids) == 0 {
					continue
				}
				img := region.SliceImage(vol, plane, n, ct, win, t.Rect)
				for _, id := range ids {
					if id == 0 {
						continue
					}
					b, ok := eval.BoxPrompt(classMask(gtTile, id), t.Dx(), t.Dy(), 0, 0, nil)
					if !ok {
						continue
					}
					mask, e, d, err := slot.decodeRegion(ctx, embKey{caseIdx, k}, img, engine.Prompt{Box: &b}, t.Rect)
					if err != nil {
						return fmt.Errorf("tile %s: %w", t.Rect, err)
					}
					enc, dec, decodes = enc+e, dec+d, decodes+1
					classes[id] = true
					paintCore(labels, v.Width, t, id, mask.Pix)
				}
			}
			return nil
		}()
		if err == nil {
			err = context.Cause(ctx)
		}
		return autoMsg{gen: gen, caseIdx: caseIdx, key: k, labels: labels, classes: len(classes), enc: enc, dec: dec * time.Duration(max(1, len(classes))) / time.Duration(max(1, decodes)), err: err}
	}
}

// paintCore paints a tile's mask of class id over the slice labels inside
// the tile's core: set where the mask is, cleared where the class was and
// the mask is not.
func paintCore(labels []uint16, w int, t tile.Tile, id uint16, pix []bool) {
	for y := t.Core.Y0; y < t.Core.Y1; y++ {
		for x := t.Core.X0; x < t.Core.X1; x++ {
			i := y*w + x
			if pix[(y-t.Y0)*t.Dx()+x-t.X0] {
				labels[i] = id
			} else if labels[i] == id {
				labels[i] = 0
			}
		}
	}
}
