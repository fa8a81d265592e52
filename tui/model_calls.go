package tui

import "context"

// newCall starts a model call (a prompt's decode, an auto-prompt, a
// promptless model's run, a comparison): the call in flight is cancelled,
// since its result would be dropped as stale anyway, and the new one gets
// its own context. Holding a key so runs one call at a time instead of
// queueing a full call per press (200 presses of a on a 512x512x600 volume
// kept running for 19 s and took 9 GB).
func (m *Model) newCall() context.Context {
	m.cancelCall()
	ctx, cancel := context.WithCancel(m.ctx)
	m.callCancel = cancel
	return ctx
}

// cancelCall stops the model call in flight, if any.
func (m *Model) cancelCall() {
	if m.callCancel != nil {
		m.callCancel()
		m.callCancel = nil
	}
}
