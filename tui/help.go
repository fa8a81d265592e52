package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// hintBindings are the keys worth showing on the bottom line.
func (m *Model) hintBindings() []key.Binding {
	if m.focus == focusBrowser {
		return []key.Binding{m.km.Up, m.km.Down, m.km.Open, m.km.Filter, m.km.Focus, m.km.Help, m.km.Quit}
	}
	return []key.Binding{m.km.Positive, m.km.Negative, m.km.Box, m.km.Accept, m.km.Auto, m.km.Undo,
		m.km.PrevSlice, m.km.NextSlice, m.km.Class[0], m.km.NextModel, m.km.Save, m.km.Help, m.km.Quit}
}

const helpColW = 32

// helpView lists every binding from the keymap, so user overrides show.
func (m *Model) helpView(w, h int) string {
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
		cols = append(cols, m.st.Renderer().NewStyle().Width(helpColW).Render(b.String()))
	}
	// Columns wrap into rows so everything fits from 100x30 up.
	perRow := max(1, (w-2)/helpColW)
	var rows []string
	for i := 0; i < len(cols); i += perRow {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, cols[i:min(i+perRow, len(cols))]...))
	}
	foot := m.st.Dim.Render("Mouse: left + point · right − point · drag a box · wheel: slice, ctrl+wheel: zoom. Any key closes.")
	return m.st.FocusPane.Render(fitBlock(strings.Join(rows, "\n")+"\n"+foot, w-2, h-2))
}
