package tui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/segtui/segtui/render"
)

// FrameDumpEnv names a folder where segtui writes, for checking what a
// real terminal shows (make term-matrix), each composed frame as PNG and
// the screen state as screen.json. A debugging aid: off unless set.
const FrameDumpEnv = "SEGTUI_FRAME_DUMP"

// screenDump is what the screen should show: the text, and the image
// (a frame file) placed at a cell with its size in pixels.
type screenDump struct {
	Frame string `json:"frame"` // file in the dump folder; "" when no image is placed
	Col   int    `json:"col"`   // the image's top-left cell, 0-based
	Row   int    `json:"row"`
	W     int    `json:"w"` // frame size in pixels
	H     int    `json:"h"`
	// DrawW, DrawH: the size the terminal shows it at (kitty and iTerm2
	// scale a frame to whole cells; sixel draws it pixel for pixel).
	DrawW    int      `json:"draw_w"`
	DrawH    int      `json:"draw_h"`
	CellW    int      `json:"cell_w"`
	CellH    int      `json:"cell_h"`
	Graphics Graphics `json:"graphics"`
	Lines    []string `json:"lines"` // the text rows without styling
}

// framePath is where frame gen is dumped; "" when dumping is off.
func (m *Model) framePath(gen int) string {
	if m.cfg.FrameDump == "" {
		return ""
	}
	return filepath.Join(m.cfg.FrameDump, fmt.Sprintf("frame-%06d.png", gen))
}

// dumpFrame writes a composed frame as PNG; failures only lose the dump.
func dumpFrame(path string, img image.Image) {
	if path == "" {
		return
	}
	var b bytes.Buffer
	if png.Encode(&b, img) == nil {
		writeReplace(path, b.Bytes())
	}
}

// dumpScreen writes screen.json when what the screen should show changed.
func (m *Model) dumpScreen(text string) {
	if m.cfg.FrameDump == "" {
		return
	}
	d := screenDump{Graphics: m.cfg.Graphics, CellW: m.cfg.CellW, CellH: m.cfg.CellH}
	for _, l := range strings.Split(text, "\n") {
		d.Lines = append(d.Lines, ansi.Strip(l))
	}
	if m.pane.ImageOn() {
		d.Frame = filepath.Base(m.frame.dump)
		d.Col, d.Row = m.imageOrigin()
		d.W, d.H = m.frame.mapping.W, m.frame.mapping.H
		d.DrawW, d.DrawH = d.W, d.H
		if m.cfg.Graphics == GraphicsKitty || m.cfg.Graphics == GraphicsITerm {
			cols, rows := render.CellsFor(d.W, d.H, d.CellW, d.CellH)
			d.DrawW, d.DrawH = cols*d.CellW, rows*d.CellH
		}
	}
	b, err := json.MarshalIndent(d, "", " ")
	if err != nil || bytes.Equal(b, m.lastDump) {
		return
	}
	m.lastDump = b
	writeReplace(filepath.Join(m.cfg.FrameDump, "screen.json"), b)
}

// writeReplace writes through a temporary file and a rename, so a reader
// never sees half a file.
func writeReplace(path string, b []byte) {
	tmp := path + ".tmp"
	if os.WriteFile(tmp, b, 0o644) == nil {
		os.Rename(tmp, path)
	}
}
