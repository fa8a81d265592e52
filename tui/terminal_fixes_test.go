package tui

import (
	"github.com/muesli/termenv"
	"github.com/segtui/segtui/render"
	"strings"
	"testing"
)

// After + + the message line says "zoom 2x"; a plane change resets the
// zoom (it is per plane), so the line must not keep claiming 2x (seen in
// every terminal after + + v).
func TestPlaneChangeDropsStaleZoomMessage(t *testing.T) {
	m := newTestModel(t, GraphicsBlocks, 160, 48)
	press(m, "+", "+")
	if !strings.Contains(m.hintsView(), "zoom 2x") {
		t.Fatalf("after + +: message line %q, want zoom 2x", stripANSI(m.hintsView()))
	}
	press(m, "v")
	line := stripANSI(m.hintsView())
	if strings.Contains(line, "2x") {
		t.Errorf("after + + v the message line still says %q; the coronal view is at 1x", line)
	}
	if !strings.Contains(line, "1x") {
		t.Errorf("after + + v the message line %q does not say the zoom went back to 1x", line)
	}
	// A plane change without zoom leaves the message line alone.
	press(m, "v")
	m.setMsg("hello")
	press(m, "v")
	if got := stripANSI(m.hintsView()); !strings.Contains(got, "hello") {
		t.Errorf("plane change at 1x replaced the message: %q", got)
	}
}

// The model bar names the image protocol in use, so a user can tell why
// the image looks as it does (blocks in tmux without passthrough, etc.).
func TestModelBarNamesGraphicsProtocol(t *testing.T) {
	for _, c := range []struct {
		g           Graphics
		passthrough bool
		want        string
	}{
		{GraphicsSixel, false, "img sixel"},
		{GraphicsKitty, false, "img kitty"},
		{GraphicsBlocks, false, "img blocks"},
		{GraphicsSixel, true, "img sixel via tmux"},
		{GraphicsNone, false, "img none"},
	} {
		cfg := phantomConfig(t, c.g)
		cfg.Passthrough = c.passthrough
		m := newTestModelCfg(t, cfg)
		drive(m, sizeMsg(160, 48))
		if bar := stripANSI(m.modelBar()); !strings.Contains(bar, c.want) {
			t.Errorf("%s (passthrough %v): model bar %q lacks %q", c.g, c.passthrough, bar, c.want)
		}
	}
}

// mlterm sets TERM=mlterm and no COLORTERM, which termenv reads as no
// colour at all; mlterm answered the sixel query, so it gets 256 colours.
// NO_COLOR (or output that is not a terminal) still means none.
func TestColorProfileUnknownTERMThatAnsweredGraphics(t *testing.T) {
	mlterm := render.Capabilities{Protocol: render.ProtoSixel}
	if got := colorProfile(termenv.Ascii, false, mlterm); got != termenv.ANSI256 {
		t.Errorf("TERM=mlterm that answered sixel: profile %v, want ANSI256", got)
	}
	if got := colorProfile(termenv.Ascii, true, mlterm); got != termenv.Ascii {
		t.Errorf("NO_COLOR: profile %v, want Ascii", got)
	}
	if got := colorProfile(termenv.Ascii, false, render.Capabilities{Protocol: render.ProtoBlocks}); got != termenv.Ascii {
		t.Errorf("unknown TERM, silent terminal: profile %v, want Ascii", got)
	}
}

// Sixel draws whole bands of six pixel rows: an image 748 px high (44 rows
// of Konsole's 17 px cells at 160x48) is drawn 750 px high and its last
// band erases the status row under the pane in Konsole. Every sixel frame
// must end, rounded up to its band, inside the pane's rows.
func TestSixelFrameBandsStayInsideThePane(t *testing.T) {
	for _, c := range []struct{ w, h, cellW, cellH int }{
		{160, 48, 8, 17}, {160, 46, 8, 17}, {160, 48, 10, 20}, {120, 40, 9, 19}, {200, 60, 7, 15},
	} {
		cfg := phantomConfig(t, GraphicsSixel)
		cfg.CellW, cfg.CellH = c.cellW, c.cellH
		m := newTestModelCfg(t, cfg)
		drive(m, sizeMsg(c.w, c.h))
		for _, k := range []string{"", "+", "+", "v"} {
			if k != "" {
				press(m, k)
			}
			_, rows := m.imageCells()
			band := (m.frame.mapping.H + 5) / 6 * 6
			if m.frame.mapping.H == 0 || band > rows*c.cellH {
				t.Errorf("%dx%d cells of %dx%d px after %q: frame %d px high draws %d px, the pane has %d",
					c.w, c.h, c.cellW, c.cellH, k, m.frame.mapping.H, band, rows*c.cellH)
			}
		}
	}
}
