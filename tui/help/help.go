// Package help draws the key help: the full overlay (every binding of the
// keymap by group, so user overrides show) and the short hint line.
package help

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/segtui/segtui/keymap"
	"github.com/segtui/segtui/tui/common"
)

const colW = 32

// Model is the help overlay. It reads the program's keymap when drawn, so
// a binding changed after New shows.
type Model struct {
	km   *keymap.KeyMap
	st   common.Styles
	w, h int
}

// New draws the bindings of *km.
func New(km *keymap.KeyMap, st common.Styles) Model { return Model{km: km, st: st} }

// SetSize sets the overlay's size in cells, borders included.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// View lists every enabled binding by help group; the columns wrap into
// rows so everything fits from 100x30 up.
func (m Model) View() string {
	names, groups := m.km.HelpGroups()
	var cols []string
	for i, g := range groups {
		var b strings.Builder
		b.WriteString(m.st.Title.Render(names[i]) + "\n")
		for _, k := range g {
			if !k.Enabled() {
				continue
			}
			hk := ansi.Truncate(k.Help().Key, 9, "…")
			b.WriteString(m.st.Key.Render(hk) + strings.Repeat(" ", 10-ansi.StringWidth(hk)) + m.st.Dim.Render(k.Help().Desc) + "\n")
		}
		cols = append(cols, m.st.Renderer().NewStyle().Width(colW).Render(b.String()))
	}
	perRow := max(1, (m.w-2)/colW)
	var rows []string
	for i := 0; i < len(cols); i += perRow {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, cols[i:min(i+perRow, len(cols))]...))
	}
	foot := m.st.Dim.Render("Mouse: left + point · right − point · drag a box · wheel: slice, ctrl+wheel: zoom. Any key closes.")
	return m.st.FocusPane.Render(common.FitBlock(strings.Join(rows, "\n")+"\n"+foot, m.w-2, m.h-2))
}

// ShortView is the hint line: each binding's key and description, w cells
// wide.
func ShortView(st common.Styles, bindings []key.Binding, w int) string {
	h := []string{}
	for _, b := range bindings {
		h = append(h, st.Key.Render(b.Help().Key)+" "+st.Dim.Render(b.Help().Desc))
	}
	return common.FitBlock(" "+strings.Join(h, "  "), w, 1)
}
