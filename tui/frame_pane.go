package tui

import (
	"sync"
	"sync/atomic"

	"github.com/segtui/segtui/render"
)

// paneRenderer composes and encodes the image pane's frames, reusing one
// Composer and one sixel encoder across frames (about half the work of
// starting fresh each time). Frame commands run on Bubble Tea's goroutines,
// possibly several at once while keys repeat, so the mutex serialises
// them: a Composer's frame is valid only until its next Compose, and it
// is encoded before the lock is released.
type paneRenderer struct {
	mu     sync.Mutex
	comp   *render.Composer
	sixel  *render.SixelEncoder
	latest atomic.Int64 // newest frame generation asked for
}

func newPaneRenderer() *paneRenderer {
	return &paneRenderer{comp: render.NewComposer(), sixel: render.NewSixelEncoder()}
}

// want records gen as the newest frame asked for.
func (p *paneRenderer) want(gen int) { p.latest.Store(int64(gen)) }

// frame makes frame gen unless a newer one has been asked for meanwhile:
// the UI would drop it anyway, so a burst of keys costs one frame.
func (p *paneRenderer) frame(gen int, in frameInput) (frameResult, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if int64(gen) != p.latest.Load() {
		return frameResult{}, false
	}
	return makeFrame(p, in), true
}

// kittyImageID is the pane's one kitty image: each frame is sent under it
// (with placement id 1), so kitty replaces the previous frame in place
// instead of stacking images.
const kittyImageID = 1

// hideImage removes the kitty image when text covers the pane (help, a
// table, a prompt) or the program ends: kitty draws images above text
// and keeps them until deleted. Sixel and iTerm2 images are cells that
// the text itself overwrites.
func (m *Model) hideImage() string {
	if m.cfg.Graphics != GraphicsKitty {
		return ""
	}
	del := render.KittyDelete(kittyImageID)
	if m.cfg.Passthrough {
		return render.TmuxWrap([]byte(del))
	}
	return del
}

// imageFootprint is where a graphics frame's pixels land in the pane.
type imageFootprint struct{ padCols, w, h int }

func footprint(f frameResult) imageFootprint {
	return imageFootprint{f.padCols, f.mapping.W, f.mapping.H}
}
