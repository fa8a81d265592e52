package browser

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/segtui/segtui/keymap"
	"github.com/segtui/segtui/tui/common"
)

func newBrowser(ids ...string) Model {
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	return New(ids, NewKeyMap(keymap.Default()), common.NewStyles(r))
}

func keys(b Model, ks ...string) (Model, int) {
	open := -1
	for _, k := range ks {
		var msg tea.KeyMsg
		switch k {
		case "enter":
			msg = tea.KeyMsg{Type: tea.KeyEnter}
		case "esc":
			msg = tea.KeyMsg{Type: tea.KeyEsc}
		default:
			msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
		}
		b, _, open = b.Update(msg)
	}
	return b, open
}

// The filter narrows the list by case-insensitive substring, enter keeps
// it and opens the case under the cursor by its index in the full list;
// esc while filtering drops it.
func TestFilterAndOpen(t *testing.T) {
	b := newBrowser("liver_001", "Kidney_002", "kidney_003", "spleen_004")
	b, _ = keys(b, "/", "K", "I", "D")
	if !b.Filtering() {
		t.Fatal("/ did not start the filter")
	}
	if got := b.Visible(); len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Fatalf("filter kid shows %v, want [1 2]", got)
	}
	b, open := keys(b, "enter", "j", "enter")
	if b.Filtering() || open != 2 {
		t.Fatalf("after enter, j, enter: filtering %v, open %d, want false and 2", b.Filtering(), open)
	}
	b, _ = keys(b, "/", "x", "esc")
	if len(b.Visible()) != 4 {
		t.Errorf("esc kept the filter: %v", b.Visible())
	}
}

// The cursor stays on the list at both ends.
func TestCursorClamps(t *testing.T) {
	b := newBrowser("a", "b", "c")
	b, _ = keys(b, "k", "k")
	if _, open := keys(b, "enter"); open != 0 {
		t.Errorf("cursor above the top opens %d, want 0", open)
	}
	b, _ = keys(b, "j", "j", "j", "j", "j")
	if _, open := keys(b, "enter"); open != 2 {
		t.Errorf("cursor below the end opens %d, want 2", open)
	}
}

// View fills its size exactly, marks the open case and strips control
// characters from ids.
func TestView(t *testing.T) {
	b := newBrowser("case_a", "case_\x1b[31mb", "case_c")
	b.SetSize(20, 8)
	b.SetOpened(1)
	b.SetFocused(true)
	lines := strings.Split(b.View(), "\n")
	if len(lines) != 8 {
		t.Fatalf("%d lines, want 8", len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w != 20 {
			t.Errorf("line %d is %d cells wide, want 20: %q", i, w, l)
		}
	}
	v := b.View()
	if !strings.Contains(v, "Cases 3") || !strings.Contains(v, "▶ case_") || strings.Contains(v, "\x1b[31m") {
		t.Errorf("view:\n%s", v)
	}
}
