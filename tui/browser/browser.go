// Package browser is the case list on the left of the TUI: the case ids,
// a filter, a cursor and which case is open. It owns its state and keys;
// the root model opens the case it asks for.
package browser

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/keymap"
	"github.com/segtui/segtui/tui/common"
)

// KeyMap is the browser's section of the program's keymap.
type KeyMap struct {
	Filter, Open, Up, Down key.Binding
	PageUp, PageDown       key.Binding // ten cases at a time (the slice±10 keys)
	Clear                  key.Binding // drops the filter (Cancel)
}

// NewKeyMap takes the browser's bindings from the program's keymap, so
// user overrides apply.
func NewKeyMap(km keymap.KeyMap) KeyMap {
	return KeyMap{Filter: km.Filter, Open: km.Open, Up: km.Up, Down: km.Down,
		PageUp: km.PrevSlice10, PageDown: km.NextSlice10, Clear: km.Cancel}
}

// ShortHelp is what the hint line shows for the browser.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Up, k.Down, k.Open, k.Filter} }

// FullHelp lists every browser binding.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Open, k.Filter, k.Clear}}
}

// Model is the browser. The zero Model is not usable; call New.
type Model struct {
	KeyMap KeyMap
	st     common.Styles
	ids    []string // case ids, in the program's order

	filter    textinput.Model
	filtering bool
	cursor    int // index into Visible()

	w, h    int
	focused bool
	opened  int // case index open, -1 before the first load
}

// New lists the cases by id.
func New(ids []string, km KeyMap, st common.Styles) Model {
	ti := textinput.New()
	ti.Prompt = "/"
	ti.Placeholder = "filter"
	ti.CharLimit = 64
	return Model{KeyMap: km, st: st, ids: ids, filter: ti, opened: -1}
}

// SetSize sets the pane's size in cells, borders included.
func (b *Model) SetSize(w, h int) { b.w, b.h = w, h }

// SetFocused says whether the browser has the keyboard (highlights the
// cursor row and the border).
func (b *Model) SetFocused(f bool) { b.focused = f }

// SetOpened marks the open case (-1: none).
func (b *Model) SetOpened(i int) { b.opened = i }

// Filtering reports whether the filter takes every key.
func (b Model) Filtering() bool { return b.filtering }

// Visible returns the indices of cases matching the filter.
func (b Model) Visible() []int {
	f := strings.ToLower(strings.TrimSpace(b.filter.Value()))
	var out []int
	for i, id := range b.ids {
		if f == "" || strings.Contains(strings.ToLower(id), f) {
			out = append(out, i)
		}
	}
	return out
}

// Update handles a key while the browser has focus. open is the case index
// to open, or -1; the root opens it (it owns the session).
func (b Model) Update(msg tea.KeyMsg) (_ Model, _ tea.Cmd, open int) {
	if b.filtering {
		cmd := b.onFilterKey(msg)
		return b, cmd, -1
	}
	vis := b.Visible()
	switch {
	case key.Matches(msg, b.KeyMap.Filter):
		b.filtering = true
		b.filter.Focus()
		return b, nil, -1
	case key.Matches(msg, b.KeyMap.Open):
		if b.cursor < len(vis) {
			return b, nil, vis[b.cursor]
		}
	case key.Matches(msg, b.KeyMap.Up), msg.String() == "up":
		b.cursor = max(0, b.cursor-1)
	case key.Matches(msg, b.KeyMap.Down), msg.String() == "down":
		b.cursor = min(len(vis)-1, b.cursor+1)
	case key.Matches(msg, b.KeyMap.PageUp):
		b.cursor = max(0, b.cursor-10)
	case key.Matches(msg, b.KeyMap.PageDown):
		b.cursor = max(0, min(len(vis)-1, b.cursor+10))
	case key.Matches(msg, b.KeyMap.Clear):
		b.filter.SetValue("")
		b.cursor = 0
	}
	return b, nil, -1
}

// onFilterKey edits the filter; enter keeps it, esc drops it.
func (b *Model) onFilterKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEnter, tea.KeyEsc:
		if msg.Type == tea.KeyEsc {
			b.filter.SetValue("")
		}
		b.filtering = false
		b.filter.Blur()
		b.cursor = 0
		return nil
	}
	var cmd tea.Cmd
	b.filter, cmd = b.filter.Update(msg)
	b.cursor = 0
	return cmd
}

// View draws the pane at its size.
func (b Model) View() string {
	style := b.st.Pane
	if b.focused {
		style = b.st.FocusPane
	}
	innerW, innerH := b.w-2, b.h-2
	var lines []string
	title := b.st.Title.Render("Cases")
	if b.filtering || b.filter.Value() != "" {
		lines = append(lines, ansi.Truncate(b.filter.View(), innerW, "…"))
	} else {
		lines = append(lines, title+b.st.Dim.Render(fmt.Sprintf(" %d", len(b.ids))))
	}
	vis := b.Visible()
	rows := innerH - 1
	top := 0
	if b.cursor >= rows {
		top = b.cursor - rows + 1
	}
	for i := top; i < len(vis) && i < top+rows; i++ {
		idx := vis[i]
		mark := "  "
		if idx == b.opened {
			mark = "▶ "
		}
		name := ansi.Truncate(datasets.SanitizeName(b.ids[idx]), innerW-2, "…")
		line := mark + name
		if i == b.cursor && b.focused {
			line = b.st.Selected.Render(common.FitBlock(line, innerW, 1))
		} else if idx == b.opened {
			line = b.st.Active.Render(line)
		}
		lines = append(lines, line)
	}
	if len(vis) == 0 {
		lines = append(lines, b.st.Dim.Render("no match"))
	}
	return style.Render(common.FitBlock(strings.Join(lines, "\n"), innerW, innerH))
}
