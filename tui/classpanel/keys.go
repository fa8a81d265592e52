package classpanel

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/keymap"
)

// KeyMap is the class panel's section of the program's keymap: the keys
// that choose the active class.
type KeyMap struct {
	Prev, Next key.Binding
	Class      [9]key.Binding // classes 1 to 9 of the table
}

// NewKeyMap takes the panel's bindings from the program's keymap, so user
// overrides apply.
func NewKeyMap(km keymap.KeyMap) KeyMap {
	return KeyMap{Prev: km.PrevClass, Next: km.NextClass, Class: km.Class}
}

// ShortHelp is the panel's part of the hint line.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Class[0]} }

// FullHelp lists every panel binding.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{append([]key.Binding{k.Prev, k.Next}, k.Class[:]...)}
}

// Update decodes a key while the image pane has focus: the index (into
// the class table) of the class it asks for, given the active one, and
// whether the key was the panel's. The root owns the active class and
// checks the index against the table (setClass), so a step past either
// end asks for a class that is not there and changes nothing.
func (p Model) Update(msg tea.KeyMsg, active int) (class int, asked bool) {
	switch {
	case key.Matches(msg, p.KeyMap.Prev):
		return active - 1, true
	case key.Matches(msg, p.KeyMap.Next):
		return active + 1, true
	}
	for i, b := range p.KeyMap.Class {
		if key.Matches(msg, b) {
			return i, true
		}
	}
	return active, false
}
