package tui

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// TestGoldenReview runs the real Bubble Tea loop in review mode at 100x30
// (ASCII profile, no image backend), steps to the third failure and back
// to the second, and compares the screen with testdata/review_main.golden
// (update with: go test ./tui -run GoldenReview -update).
func TestGoldenReview(t *testing.T) {
	res, path := reviewFixture(t, fixtureItems)
	m := New(context.Background(), phantomConfig(t, GraphicsNone), asciiRenderer())
	m.stableStatus = true
	t.Cleanup(m.Close)
	if err := m.StartReview(res, path); err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	wait := func(s string) {
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) }, teatest.WithDuration(30*time.Second))
	}
	wait("failure 1/")
	tm.Send(keyMsg("n"))
	wait("failure 2/")
	tm.Send(keyMsg("n"))
	wait("failure 3/")
	tm.Send(keyMsg("N"))
	time.Sleep(100 * time.Millisecond)
	tm.Send(tea.QuitMsg{})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*Model)
	final.quitting = false
	requireGolden(t, "review_main.golden", []byte(final.View()))
}

// requireGolden compares out with testdata/name, rewriting it with -update
// (the flag the golden package registers).
func requireGolden(t *testing.T, name string, out []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(p, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(want, out) {
		t.Fatalf("screen differs from %s:\n--- want\n%s\n--- got\n%s", p, want, out)
	}
}
