package tui

import (
	"bytes"
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
)

// Goldens run the real Bubble Tea loop (teatest) at a fixed size with the
// ASCII profile and no image backend, then compare the final view. Update
// with: go test ./tui -run Golden -update
func goldenView(t *testing.T, w, h int, keys ...string) {
	t.Helper()
	cfg := phantomConfig(t, GraphicsNone)
	m := New(context.Background(), cfg, asciiRenderer())
	m.stableStatus = true
	t.Cleanup(m.Close)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("opened")) || bytes.Contains(b, []byte("needs a terminal"))
	},
		teatest.WithDuration(30*time.Second))
	for _, k := range keys {
		tm.Send(keyMsg(k))
		time.Sleep(50 * time.Millisecond)
	}
	if len(keys) > 0 && keys[0] == "a" {
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("auto-prompted")) }, teatest.WithDuration(30*time.Second))
	}
	tm.Send(tea.QuitMsg{})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*Model)
	final.quitting = false
	golden.RequireEqual(t, []byte(final.View()))
}

func TestGoldenMainAfterAuto(t *testing.T) { goldenView(t, 100, 30, "a") }
func TestGoldenMainWide(t *testing.T)      { goldenView(t, 140, 40, "3") }
func TestGoldenHelp(t *testing.T)          { goldenView(t, 100, 30, "?") }
func TestGoldenTooSmall(t *testing.T)      { goldenView(t, 80, 24) }
func TestGoldenBrowser(t *testing.T)       { goldenView(t, 100, 30, "tab", "/", "S") }
