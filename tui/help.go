package tui

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/segtui/segtui/tui/help"
)

// hintBindings are the keys worth showing on the bottom line: the focused
// pane's own, then the root's (focus, help, quit).
func (m *Model) hintBindings() []key.Binding {
	if m.focus == focusBrowser {
		return append(m.browser.KeyMap.ShortHelp(), m.km.Focus, m.km.Help, m.km.Quit)
	}
	hints := append(m.pane.KeyMap.ShortHelp(), m.classPanel.KeyMap.ShortHelp()...)
	return append(hints, m.km.NextModel, m.km.Save, m.km.Help, m.km.Quit)
}

// helpView is the help overlay (tui/help) at w x h.
func (m *Model) helpView(w, h int) string {
	hv := help.New(&m.km, m.st)
	hv.SetSize(w, h)
	return hv.View()
}
