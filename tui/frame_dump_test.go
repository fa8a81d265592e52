package tui

import (
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The frame dump (make term-matrix's reference) names the frame on screen,
// where it is placed and the text rows; with text over the pane, no frame.
func TestFrameDumpDescribesTheScreen(t *testing.T) {
	dir := t.TempDir()
	cfg := phantomConfig(t, GraphicsSixel)
	cfg.FrameDump = dir
	m := newTestModelCfg(t, cfg)
	drive(m, sizeMsg(160, 48))
	m.View()
	read := func() screenDump {
		var d screenDump
		b, err := os.ReadFile(filepath.Join(dir, "screen.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	d := read()
	col, row := m.imageOrigin()
	if d.Frame == "" || d.Col != col || d.Row != row || len(d.Lines) != 48 || !strings.Contains(d.Lines[0], "img sixel") {
		t.Fatalf("dump %+v: want the frame at cell (%d,%d) and 48 plain rows", d, col, row)
	}
	f, err := os.Open(filepath.Join(dir, d.Frame))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil || img.Bounds().Dx() != d.W || img.Bounds().Dy() != d.H || d.DrawH != d.H {
		t.Fatalf("frame %s: %v, bounds %v; dump says %dx%d", d.Frame, err, img.Bounds(), d.W, d.H)
	}
	press(m, "?")
	m.View()
	if d := read(); d.Frame != "" {
		t.Errorf("help covers the pane, but the dump names frame %s", d.Frame)
	}
}
