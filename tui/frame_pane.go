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
