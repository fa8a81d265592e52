package compare

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/tui/common"
)

// scored is a table of two variants on a 6-pixel slice: one that misses a
// liver pixel, one that failed.
func scored(t *testing.T) *Table {
	t.Helper()
	gt := []uint16{0, 1, 1, 2, 2, 2}
	tb := &Table{Plane: datasets.Axial, N: 2, Prompt: "ground-truth boxes", Models: []string{"fast", "slow"}, Classes: []uint16{1, 2}}
	tb.Score(gt, []uint16{0, 1, 0, 2, 2, 2}, nil, time.Now())
	tb.Score(gt, nil, errors.New("out of memory"), time.Now())
	return tb
}

// Each variant's row holds per-class Dice against ground truth; a failed
// variant's row holds its error and nothing scored.
func TestScoreRows(t *testing.T) {
	tb := scored(t)
	if len(tb.Dice) != 2 || len(tb.OK) != 2 || len(tb.Times) != 2 || len(tb.Errs) != 2 {
		t.Fatalf("rows: %d dice, %d ok, %d times, %d errs; want 2 each", len(tb.Dice), len(tb.OK), len(tb.Times), len(tb.Errs))
	}
	if d := tb.Dice[0][0]; !tb.OK[0][0] || math.Abs(d-2.0/3) > 1e-9 {
		t.Errorf("class 1 Dice %v (ok %v), want 2/3", d, tb.OK[0][0])
	}
	if d := tb.Dice[0][1]; !tb.OK[0][1] || d != 1 {
		t.Errorf("class 2 Dice %v (ok %v), want 1", d, tb.OK[0][1])
	}
	if tb.Errs[0] != "" || tb.Errs[1] != "out of memory" {
		t.Errorf("errors %q, want none and the second variant's", tb.Errs)
	}
	if tb.OK[1][0] || tb.OK[1][1] {
		t.Errorf("a failed variant has scores: %v", tb.OK[1])
	}
}

func newModel(tb *Table, w, h int) Model {
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	m := New(tb, common.NewStyles(r))
	m.SetSize(w, h)
	m.SetClasses(datasets.FLARE22Classes())
	return m
}

// The table names the slice and the prompt, shows three decimals, a dash
// for what was not scored, the mean over scored classes, and the error cut
// to the width; it fills exactly its area.
func TestViewDrawsScoresAndErrors(t *testing.T) {
	tb := scored(t)
	tb.Errs[1] = strings.Repeat("out of memory ", 10)
	const w, h = 60, 20
	v := newModel(tb, w, h).View()
	for _, want := range []string{"Model comparison on axial slice 3 (ground-truth boxes)", "fast", "slow", "liver", "0.667", "1.000", "–", "mean", "0.833", "time", "slow: out of memory", "…", "any key closes"} {
		if !strings.Contains(v, want) {
			t.Errorf("table lacks %q:\n%s", want, v)
		}
	}
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Errorf("table is %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Errorf("line %d is %d cells, want %d: %q", i, got, w, l)
		}
	}
}

// Any key closes the table.
func TestAnyKeyCloses(t *testing.T) {
	m := newModel(scored(t), 60, 20)
	for _, k := range []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune{'j'}}, {Type: tea.KeyEsc}, {Type: tea.KeyEnter}} {
		if _, closed := m.Update(k); !closed {
			t.Errorf("%s left the table open", k)
		}
	}
}
