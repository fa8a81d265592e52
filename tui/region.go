package tui

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/region"
)

// Region encoding (issue 16): when the view is zoomed, prompts go to an
// embedding of the region in view, cropped at full resolution, so the
// model's resize brings that region (not the whole scene) to its input.
// At 1x the model sees the whole slice, as before.

// modelRegion is the region of the current slice a prompt p goes to: the
// whole slice at 1x, else what region.ForView makes of the view.
func (m *Model) modelRegion(p engine.Prompt) region.Rect {
	v := m.view()
	if m.viewState().Level() == 0 {
		if m.largeDisplay() && m.inputSize() == 0 && len(m.slots) > 0 && m.slots[m.engine].entry.Family == engine.FamilyBuiltin {
			return builtinAround(p, v.Width, v.Height)
		}
		return region.Whole(v.Width, v.Height)
	}
	r := m.viewState().Shown(m.zoomFit()) // as shown, not following the cursor
	return region.ForView(r.X0, r.Y0, r.X1, r.Y1, v.Width, v.Height, p)
}

// builtinRegionSide bounds what the built-in engine, which works at the
// slice's resolution, is given of a scene at 1x: its graph cut over a box
// spanning a 7200x6800 scene passed 12 GB. Models with an input size see
// the whole slice at 1x, resized to their input.
const builtinRegionSide = 4096

// builtinAround is a builtinRegionSide square around the prompt, grown to
// hold it.
func builtinAround(p engine.Prompt, w, h int) region.Rect {
	r := region.ForView(0, 0, 0, 0, w, h, p) // the prompt's extent, an eighth added
	cx, cy := (r.X0+r.X1)/2, (r.Y0+r.Y1)/2
	a := region.Around(cx, cy, builtinRegionSide, w, h)
	if a.Holds(p) {
		return a
	}
	return r
}

// regionImage is region r of the current slice for a model call (the
// whole slice's copy at 1x).
func (m *Model) regionImage(r region.Rect) *engine.Image {
	v := m.view()
	if r.IsWhole(v.Width, v.Height) {
		return m.engineImage()
	}
	var win *engine.Window
	if w := m.window(); !w.IsAuto() {
		win = &engine.Window{Level: w.Level, Width: w.Width}
	}
	return region.SliceImage(m.sess.Image, m.plane, m.n, m.sess.CT, win, r)
}

// decodeIn runs prompt p (in slice pixels) on the embedding of region r,
// whose pixels img holds, and returns the mask on the w x h slice. The
// region's embedding is cached under its own key beside the slice's.
func (s *engineSlot) decodeIn(ctx context.Context, k embKey, img *engine.Image, p engine.Prompt, r region.Rect, w, h int) (*engine.Mask, time.Duration, time.Duration, error) {
	if r.IsWhole(w, h) {
		return s.decode(ctx, k, img, p)
	}
	mask, encDur, decDur, err := s.decodeRegion(ctx, k, img, region.PromptIn(p, r, w, h), r)
	if err != nil {
		return nil, encDur, decDur, err
	}
	full, err := region.MaskOut(mask, r, w, h)
	if err != nil {
		return nil, encDur, decDur, fmt.Errorf("%s: %w", s.entry.Name, err)
	}
	return full, encDur, decDur, nil
}

// decodeRegion runs prompt p, in region r's own pixels, on the region's
// embedding and returns the region-sized mask.
func (s *engineSlot) decodeRegion(ctx context.Context, k embKey, img *engine.Image, p engine.Prompt, r region.Rect) (*engine.Mask, time.Duration, time.Duration, error) {
	l, err := s.open()
	if err != nil {
		return nil, 0, 0, err
	}
	key := s.cacheKey(k, img)
	key.Region = [4]int{r.X0, r.Y0, r.X1, r.Y1}
	start := time.Now()
	cached := l.svc.Cache().Contains(key)
	emb, err := l.svc.Embedding(ctx, key, img)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("%s encoder: %w", s.entry.Name, err)
	}
	var encDur time.Duration
	if !cached {
		encDur = time.Since(start)
	}
	start = time.Now()
	mask, err := l.eng.Decode(ctx, emb, p)
	if err != nil {
		return nil, encDur, 0, fmt.Errorf("%s decoder: %w", s.entry.Name, err)
	}
	if mask.Width != r.Dx() || mask.Height != r.Dy() || len(mask.Pix) != r.Dx()*r.Dy() {
		return nil, encDur, 0, fmt.Errorf("%s returned a %dx%d mask for the %s region", s.entry.Name, mask.Width, mask.Height, r)
	}
	return mask, encDur, time.Since(start), nil
}

// inputSize is the active variant's input side once it is open (0 for the
// built-in engine, which works at the slice's resolution, or before the
// variant opened).
func (m *Model) inputSize() int {
	if len(m.slots) == 0 {
		return 0
	}
	if l := m.slots[m.engine].live.Load(); l != nil {
		if s, ok := l.eng.(engine.InputSizer); ok {
			return s.InputSize()
		}
	}
	return 0
}

// zoomForms is the status line's zoom field, longest first: the zoom,
// then which region the model sees and at what scale (model input pixels
// per slice pixel; 1x for engines without an input size).
func (m *Model) zoomForms() []string {
	z := m.viewState()
	if z.Level() == 0 {
		return nil // 1x, the default, goes unsaid
	}
	label := z.Label()
	r := m.propRegion
	if r.Empty() {
		r = m.modelRegion(engine.Prompt{})
	}
	scale := "1x"
	if size := m.inputSize(); size > 0 {
		scale = strconv.FormatFloat(r.Scale(size), 'f', 2, 64) + "x"
	} else if len(m.slots) > 0 && m.slots[m.engine].entry.Family != engine.FamilyBuiltin {
		scale = "" // not known until the variant opens
	}
	long, short := "zoom "+label+", model sees "+r.String(), label+" ⌖"+r.String()
	if scale != "" {
		long, short = long+" at "+scale, short+" "+scale
	}
	return []string{long, short, label, ""}
}
