package tui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/render"
)

// imageEraser runs the model for a terminal that keeps sixel pixels under
// cells rewritten with the default background (Konsole 22.12): the blank
// rows that wipe an old image in xterm leave it there, and so does the
// help drawn over it. Only erasing the screen (ED 2) removes them, so
// when the image's footprint changes or text covers it, the eraser asks
// Bubble Tea to clear the screen, which repaints every row and the image.
type imageEraser struct {
	*Model
	on   bool           // an image was placed after the last update
	fp   imageFootprint // and this was its footprint
	view string         // the view Update made, which Bubble Tea renders next
}

func (e *imageEraser) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := e.Model.Update(msg)
	e.view = e.Model.View() // sets imageOn
	on, fp := e.Model.pane.ImageOn(), footprint(e.Model.frame)
	erase := e.on && (!on || fp != e.fp)
	e.on, e.fp = on, fp
	if erase {
		e.Model.link.clear++ // every pixel goes: the link sends the whole frame
		return e, tea.Batch(cmd, tea.ClearScreen)
	}
	return e, cmd
}

// View is the one Update made: building it again for Bubble Tea would
// lay out the whole screen twice on every message.
func (e *imageEraser) View() string {
	if e.view == "" {
		return e.Model.View() // before the first Update
	}
	return e.view
}

// programModel is the model Bubble Tea runs: the eraser where the
// terminal needs it.
func programModel(m *Model) tea.Model {
	if m.cfg.EraseImages {
		return &imageEraser{Model: m}
	}
	return m
}

// applyGraphics sets the image options from what the terminal said: the
// protocol g (detected or forced), tmux passthrough wrapping for every
// image protocol inside tmux, the erase where images outlive text, and a
// notice when tmux will not pass images on.
func applyGraphics(cfg *Config, g Graphics, caps render.Capabilities) {
	cfg.Graphics, cfg.CellW, cfg.CellH = g, caps.CellW, caps.CellH
	p, err := render.ParseProtocol(string(g))
	if err != nil || p == render.ProtoBlocks {
		return
	}
	cfg.Passthrough = caps.Wrap(p)
	cfg.EraseImages = caps.EraseClearsImages && (p == render.ProtoSixel || p == render.ProtoITerm)
	if cfg.Passthrough && !caps.Passthrough {
		cfg.Notices = append(cfg.Notices, "inside tmux with allow-passthrough off, "+string(g)+
			" images cannot reach the terminal: run `tmux set -g allow-passthrough on` or use --graphics blocks")
	}
}
