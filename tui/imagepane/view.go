package imagepane

import (
	"strings"

	"github.com/segtui/segtui/tui/common"
)

// Mode is how the pane draws its frame.
type Mode int

const (
	// Graphics reserves blank cells the root overlays a payload on.
	Graphics Mode = iota
	// Blocks draws the frame's half-block rows as text.
	Blocks
	// Text shows Note instead of an image (no graphics).
	Text
)

// Frame is what the pane shows, as plain data the root sets before View:
// its title, and the frame on screen or why there is none.
type Frame struct {
	Title string
	Mode  Mode
	// Err is the frame's error, styled; it replaces the image.
	Err string
	// Note is the line shown in Text mode, styled.
	Note string
	// Lines are the half-block rows (Blocks), nil when the frame on
	// screen was made for another pane size; PadCols blank columns
	// centre them.
	Lines   []string
	PadCols int
}

// SetSize sets the cells the pane's View fills, title included.
func (p *Model) SetSize(w, h int) { p.w, p.h = w, h }

// SetFrame sets what View draws.
func (p *Model) SetFrame(f Frame) { p.shown = f }

// Overlaid reports whether View reserves cells for a graphics payload.
func (p Model) Overlaid() bool { return p.shown.Err == "" && p.shown.Mode == Graphics }

// View is the pane: the title, then the frame's rows, its error, the note,
// or the blank cells a graphics payload is drawn over. After the image's
// footprint changed the blank cells are written in the other of two forms,
// so the renderer rewrites them and the text wipes what the old image left
// outside the new one (sixel and iTerm2 pixels go only when overwritten).
func (p Model) View() string {
	f := p.shown
	switch {
	case f.Err != "":
		return common.FitBlock(f.Title+"\n\n  "+f.Err, p.w, p.h)
	case f.Mode == Text:
		return common.FitBlock(f.Title+"\n"+f.Note, p.w, p.h)
	case f.Mode == Blocks:
		var b strings.Builder
		b.WriteString(f.Title)
		for _, l := range f.Lines {
			b.WriteString("\n" + strings.Repeat(" ", max(0, f.PadCols)) + l)
		}
		return common.FitBlock(b.String(), p.w, p.h)
	}
	blank := common.FitBlock(f.Title, p.w, p.h)
	if p.wipes%2 == 1 {
		blank = CoverImage(blank)
	}
	return blank
}
