package tui

import (
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/render"
)

// prefetchMsg says whether a precompute request reached variant slot
// (sent is false when a newer request overtook it) or why it could not.
type prefetchMsg struct {
	slot int
	sent bool
	err  error
}

// progressMsg is the latest precompute progress of variant slot.
type progressMsg struct {
	slot int
	p    engine.Progress
}

// prefetch asks the active variant to precompute the slices around the one
// on screen, nearest first and ahead in the direction the user moves (the
// service takes it from the previous request); encodes for slices that
// fall outside the new window, after a jump, are cancelled. Opening the
// variant, which may take seconds, happens in the command.
func (m *Model) prefetch() tea.Cmd {
	if m.sess == nil || len(m.slots) == 0 || m.restore != nil {
		return nil
	}
	if m.largeDisplay() {
		// A scene of tens of megapixels is encoded when a prompt needs it,
		// for the region the prompt goes to (issue 16), not whole ahead.
		return nil
	}
	idx := m.engine
	slot := m.slots[idx]
	img := m.engineImage()
	req := engine.PrefetchRequest{
		At:     slot.cacheKey(embKey{m.opened, m.key()}, img),
		Slices: m.view().Depth,
		Load:   m.sliceLoader(),
	}
	seq := slot.pfSeq.Add(1)
	slot.prog = engine.Progress{At: req.At, Total: -1} // unknown until the service answers
	return func() tea.Msg {
		sent, err := slot.prefetch(seq, req)
		return prefetchMsg{slot: idx, sent: sent, err: err}
	}
}

// prefetch forwards request seq unless a newer one was made meanwhile
// (commands run concurrently, so an older one may arrive last).
func (s *engineSlot) prefetch(seq int64, req engine.PrefetchRequest) (bool, error) {
	l, err := s.open()
	if err != nil {
		return false, err
	}
	s.pfMu.Lock()
	defer s.pfMu.Unlock()
	if seq != s.pfSeq.Load() {
		return false, nil
	}
	return true, l.svc.Prefetch(req)
}

// onPrefetch listens to the variant's progress until the request is done.
// Every request reports at once, so a listener started now has something
// to read; one runs per variant, only while precompute is unfinished.
func (m *Model) onPrefetch(msg prefetchMsg) tea.Cmd {
	slot := m.slots[msg.slot]
	if msg.err != nil {
		if msg.slot == m.engine {
			m.setErr(fmt.Errorf("precompute: %w", msg.err))
		}
		return nil
	}
	l := slot.live.Load()
	if !msg.sent || slot.listening || l == nil {
		return nil
	}
	slot.listening = true
	return waitProgress(m, msg.slot, l.svc)
}

// waitProgress delivers the service's next progress report; the channel
// keeps only the newest, so the UI never falls behind.
func waitProgress(m *Model, idx int, svc *engine.EncoderService) tea.Cmd {
	ctx := m.ctx
	return func() tea.Msg {
		select {
		case p := <-svc.Progress():
			return progressMsg{slot: idx, p: p}
		case <-ctx.Done():
			return nil
		}
	}
}

func (m *Model) onProgress(msg progressMsg) tea.Cmd {
	slot := m.slots[msg.slot]
	l := slot.live.Load()
	if l == nil {
		slot.listening = false // closed
		return nil
	}
	current := msg.p.At == slot.prog.At
	if current {
		slot.prog = msg.p
		if msg.p.Err != nil && msg.slot == m.engine {
			m.setErr(fmt.Errorf("precompute: %w", msg.p.Err))
		}
	}
	if current && msg.p.Finished() {
		slot.listening = false
		return nil
	}
	return waitProgress(m, msg.slot, l.svc) // more to come, or a newer request's reports
}

// precomputeStatus is the status line's precompute part, long and short:
// the window around the current slice that is encoded ("precompute 3/6 ·
// cache 12", "pre 3/6").
func (m *Model) precomputeStatus() (long, short string) {
	if len(m.slots) == 0 {
		return "", ""
	}
	slot := m.slots[m.engine]
	p := slot.prog
	switch {
	case p.Total < 0:
		long, short = "precompute … · ", "pre …"
	case p.Total > 0:
		short = fmt.Sprintf("pre %d/%d", p.Done, p.Total)
		long = fmt.Sprintf("precompute %d/%d · ", p.Done, p.Total)
		if p.Failed > 0 {
			long = fmt.Sprintf("precompute %d/%d (%d failed) · ", p.Done, p.Total, p.Failed)
			short += "!"
		}
	default:
		short = fmt.Sprintf("cache %d", slot.cachedCount())
	}
	return long + fmt.Sprintf("cache %d", slot.cachedCount()), short
}

// sliceLoader gives the background precompute the slices of the current
// stack as the engine sees them, from the volume (read-only) and a
// snapshot of the window.
func (m *Model) sliceLoader() engine.SliceLoader {
	vol, plane, win, ct := m.sess.Image, m.plane, m.window(), m.sess.CT
	return func(n int) (*engine.Image, error) {
		return sliceImage(vol, plane, n, win, ct), nil
	}
}

// sliceImage copies slice n of plane p for a model call.
func sliceImage(vol *datasets.Volume, p datasets.Plane, n int, win render.Window, ct bool) *engine.Image {
	var w *engine.Window
	if !win.IsAuto() {
		w = &engine.Window{Level: win.Level, Width: win.Width}
	}
	return engine.SliceImage(vol, p, n, ct, w)
}

// encLatency is the active variant's last encoder run, else the last wait
// a prompt had for one.
func (m *Model) encLatency() time.Duration {
	if len(m.slots) > 0 {
		if d := m.slots[m.engine].lastEncode(); d > 0 {
			return d
		}
	}
	return m.encDur
}
