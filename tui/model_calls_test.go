package tui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// runConcurrently runs commands the way Bubble Tea does, each in its own
// goroutine, and returns every message they produce.
func runConcurrently(cmds []tea.Cmd) []tea.Msg {
	var mu sync.Mutex
	var out []tea.Msg
	var wg sync.WaitGroup
	for _, c := range cmds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msgs := runCmd(c)
			mu.Lock()
			out = append(out, msgs...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

// modelCallErr is the error a model call's message carries, and whether
// the message is one.
func modelCallErr(msg tea.Msg) (error, bool) {
	switch m := msg.(type) {
	case autoMsg:
		return m.err, true
	case decodedMsg:
		return m.err, true
	case semanticMsg:
		return m.err, true
	case compareMsg:
		for _, e := range m.table.Errs {
			if e != "" {
				return errors.New(e), true
			}
		}
		return nil, true
	}
	return nil, false
}

// Holding a key that calls the model (a, space, M) must not queue one full
// call per press: each new request cancels the one before, so only the
// last runs to the end (200 presses of a on 512x512x600 ran 19 s and took
// 9 GB before).
func TestModelCallsCancelTheOneInFlight(t *testing.T) {
	for _, key := range []string{"a", " ", "M"} {
		t.Run(key, func(t *testing.T) {
			m := startModel(t, phantomConfig(t, GraphicsNone))
			var cmds []tea.Cmd
			for range 12 {
				_, cmd := m.Update(keyMsg(key))
				cmds = append(cmds, cmd)
			}
			finished, cancelled := 0, 0
			for _, msg := range runConcurrently(cmds) {
				err, ok := modelCallErr(msg)
				switch {
				case !ok:
				case err == nil:
					finished++
				case errors.Is(err, context.Canceled) || strings.HasSuffix(err.Error(), context.Canceled.Error()):
					cancelled++
				default:
					t.Errorf("call failed: %v", err)
				}
			}
			if finished != 1 || cancelled != 11 {
				t.Errorf("12 presses of %q: %d calls ran to the end, %d were cancelled; want 1 and 11", key, finished, cancelled)
			}
		})
	}
}
