package help

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/segtui/segtui/keymap"
	"github.com/segtui/segtui/tui/common"
)

func styles() common.Styles {
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	return common.NewStyles(r)
}

// The overlay reads the keymap when drawn: a binding changed after New
// shows with its new key and text, a disabled one not at all.
func TestOverlayFollowsKeymap(t *testing.T) {
	km := keymap.Default()
	h := New(&km, styles())
	h.SetSize(100, 28)
	km.Auto.SetKeys("A")
	km.Auto.SetHelp("A", "auto-prompt from GT")
	km.Save.SetEnabled(false)
	v := h.View()
	if !strings.Contains(v, "auto-prompt from GT") {
		t.Errorf("the changed binding is missing:\n%s", v)
	}
	if strings.Contains(v, km.Save.Help().Desc) {
		t.Errorf("the disabled binding %q shows:\n%s", km.Save.Help().Desc, v)
	}
	if n := len(strings.Split(v, "\n")); n != 28 {
		t.Errorf("%d lines, want 28", n)
	}
}

// The hint line is exactly w cells, keys then descriptions.
func TestShortView(t *testing.T) {
	km := keymap.Default()
	line := ShortView(styles(), []key.Binding{km.Help, km.Quit}, 60)
	if ansi.StringWidth(line) != 60 || !strings.Contains(line, km.Quit.Help().Desc) {
		t.Errorf("hint line %q", line)
	}
}
