package classpanel

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/keymap"
)

func runeKey(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// [ and ] step from the active class, 1 to 9 pick one; other keys are not
// the panel's. Range checks are the root's (it knows the table).
func TestClassKeys(t *testing.T) {
	p := New(newPanel(Data{}, 20, 10).st)
	p.KeyMap = NewKeyMap(keymap.Default())
	cases := []struct {
		key    string
		active int
		want   int
		asked  bool
	}{
		{"[", 2, 1, true}, {"]", 2, 3, true}, {"[", 0, -1, true},
		{"1", 5, 0, true}, {"5", 0, 4, true}, {"9", 0, 8, true},
		{"0", 3, 3, false}, {"x", 3, 3, false}, {",", 3, 3, false},
	}
	for _, c := range cases {
		if got, asked := p.Update(runeKey(c.key), c.active); got != c.want || asked != c.asked {
			t.Errorf("key %q from class %d: %d,%v, want %d,%v", c.key, c.active, got, asked, c.want, c.asked)
		}
	}
}

// Overrides from keys.conf apply; without a KeyMap the panel takes no keys.
func TestClassKeysRemapped(t *testing.T) {
	km := keymap.Default()
	if err := km.Apply(strings.NewReader("class-1 = !\nnext-class = }\nprev-class =\n"), "keys.conf"); err != nil {
		t.Fatal(err)
	}
	p := New(newPanel(Data{}, 20, 10).st)
	p.KeyMap = NewKeyMap(km)
	for _, c := range []struct {
		key   string
		want  int
		asked bool
	}{{"!", 0, true}, {"1", 4, false}, {"}", 5, true}, {"]", 4, false}, {"[", 4, false}, {"2", 1, true}} {
		if got, asked := p.Update(runeKey(c.key), 4); got != c.want || asked != c.asked {
			t.Errorf("remapped key %q: %d,%v, want %d,%v", c.key, got, asked, c.want, c.asked)
		}
	}
	if _, asked := New(p.st).Update(runeKey("1"), 0); asked {
		t.Error("a panel without keys took 1")
	}
}
