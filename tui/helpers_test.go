package tui

import (
	"context"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/phantom"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/builtin"
	"github.com/segtui/segtui/keymap"
)

// phantomConfig is the demo: the real phantom and the real built-in engine.
func phantomConfig(t testing.TB, g Graphics) Config {
	t.Helper()
	img, lab := phantom.New(phantom.DefaultSeed)
	return Config{
		Root:    "test-phantom",
		Cases:   []CaseEntry{{ID: phantom.CaseID}, {ID: "SECOND\x1b[31m_CASE"}},
		Classes: datasets.FLARE22Classes(),
		Load: func(ctx context.Context, i int) (*datasets.Volume, *datasets.LabelMap, error) {
			return img, lab, nil
		},
		Engines: []EngineEntry{
			{Name: "builtin", Device: "CPU", Open: func() (engine.Engine, error) { return builtin.New(), nil }},
			{Name: "builtin-2", Device: "CPU", Open: func() (engine.Engine, error) { return builtin.New(), nil }},
		},
		Graphics: g,
		OutDir:   t.TempDir(),
		Keys:     keymap.Default(),
	}
}

func asciiRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	return r
}

// drive sends msg and runs every command it causes, synchronously, feeding
// results back, as the Bubble Tea loop would.
func drive(m *Model, msgs ...tea.Msg) {
	queue := append([]tea.Msg(nil), msgs...)
	for len(queue) > 0 {
		msg := queue[0]
		queue = queue[1:]
		_, cmd := m.Update(msg)
		queue = append(queue, runCmd(cmd)...)
	}
}

func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case nil, tea.QuitMsg:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, runCmd(c)...)
		}
		return out
	default:
		return []tea.Msg{msg}
	}
}

// newTestModel opens the phantom at w x h.
func newTestModel(t testing.TB, g Graphics, w, h int) *Model {
	t.Helper()
	m := New(context.Background(), phantomConfig(t, g), asciiRenderer())
	t.Cleanup(m.Close)
	drive(m, tea.WindowSizeMsg{Width: w, Height: h})
	drive(m, runCmd(m.Init())...)
	if m.sess == nil {
		t.Fatalf("case did not open: %s", m.msg)
	}
	return m
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "ctrl+r":
		return tea.KeyMsg{Type: tea.KeyCtrlR}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "shift+right":
		return tea.KeyMsg{Type: tea.KeyShiftRight}
	case " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func press(m *Model, keys ...string) {
	for _, k := range keys {
		drive(m, keyMsg(k))
	}
}

func stripANSI(s string) string { return ansi.Strip(s) }

func sizeMsg(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

func newTestModelCfg(t testing.TB, cfg Config) *Model {
	t.Helper()
	m := New(context.Background(), cfg, asciiRenderer())
	t.Cleanup(m.Close)
	drive(m, sizeMsg(120, 40))
	drive(m, runCmd(m.Init())...)
	return m
}
