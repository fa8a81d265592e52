package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/render"
)

// clearsDriving drives the program model like Bubble Tea does and counts
// the screen clears it asks for.
func clearsDriving(p tea.Model, msgs ...tea.Msg) int {
	clearType := fmt.Sprintf("%T", tea.ClearScreen())
	n := 0
	queue := append([]tea.Msg(nil), msgs...)
	for len(queue) > 0 {
		msg := queue[0]
		queue = queue[1:]
		if fmt.Sprintf("%T", msg) == clearType {
			n++
			continue
		}
		var cmd tea.Cmd
		p, cmd = p.Update(msg)
		p.View()
		queue = append(queue, runCmd(cmd)...)
	}
	return n
}

// Konsole keeps sixel pixels under rewritten default-background cells
// (seen with --graphics sixel at 160x48: the zoomed axial image stayed
// under the coronal one, the help was drawn over the old images, and
// strips of the zoomed image stayed beside the axial after ? ? v v).
// There the screen is erased whenever the image's footprint changes or
// text covers it; a slice step (same footprint) never erases, and other
// terminals never do.
func TestKonsoleErasesOldImages(t *testing.T) {
	steps := []struct {
		keys  []string
		erase bool
	}{
		{[]string{"a"}, false},
		{[]string{".", ".", "."}, false},
		{[]string{"+", "+"}, true},
		{[]string{"v"}, true},
		{[]string{"?"}, true},
		{[]string{"?"}, false},
		{[]string{"v", "v"}, true},
	}
	for _, konsole := range []bool{true, false} {
		cfg := phantomConfig(t, GraphicsSixel)
		applyGraphics(&cfg, GraphicsSixel, render.Capabilities{CellW: 8, CellH: 17, EraseClearsImages: konsole})
		m := newTestModelCfg(t, cfg)
		p := programModel(m)
		clearsDriving(p, sizeMsg(160, 48))
		for _, s := range steps {
			var msgs []tea.Msg
			for _, k := range s.keys {
				msgs = append(msgs, keyMsg(k))
			}
			n := clearsDriving(p, msgs...)
			if want := s.erase && konsole; (n > 0) != want {
				t.Errorf("konsole=%v, keys %q: %d screen erases, want erase %v", konsole, strings.Join(s.keys, " "), n, want)
			}
		}
	}
}

// Inside tmux every image protocol is wrapped, detected or forced; with
// passthrough off a forced one says why the pane stays empty.
func TestApplyGraphicsInTmux(t *testing.T) {
	for _, c := range []struct {
		name  string
		g     Graphics
		caps  render.Capabilities
		wrap  bool
		label string
	}{
		{"forced sixel, passthrough on", GraphicsSixel, render.Capabilities{InTmux: true, Passthrough: true, Protocol: render.ProtoBlocks}, true, ""},
		{"forced sixel, passthrough off", GraphicsSixel, render.Capabilities{InTmux: true}, true, "allow-passthrough off"},
		{"blocks in tmux", GraphicsBlocks, render.Capabilities{InTmux: true, Passthrough: true}, false, ""},
		{"tmux draws sixel", GraphicsSixel, render.Capabilities{InTmux: true, TmuxSixel: true}, false, ""},
		{"kitty outside tmux", GraphicsKitty, render.Capabilities{}, false, ""},
	} {
		var cfg Config
		applyGraphics(&cfg, c.g, c.caps)
		notice := strings.Join(cfg.Notices, "\n")
		if cfg.Passthrough != c.wrap || (c.label == "") != (notice == "") || !strings.Contains(notice, c.label) {
			t.Errorf("%s: wrap %v notices %q; want wrap %v and a notice with %q", c.name, cfg.Passthrough, notice, c.wrap, c.label)
		}
	}
}
