package tui

import (
	"strings"
	"testing"
)

// imageRows are the view's rows that cross the image pane.
func imageRows(m *Model) []string {
	rows := strings.Split(m.View(), "\n")
	_, top := m.imageOrigin()
	_, n := m.imageCells()
	return rows[top : top+n]
}

// A sixel image is erased only where text is written over it, and the
// renderer writes only rows that changed. When the next image covers less
// (axial 256x256 at 1.4 mm, then coronal 256x64 at 3 mm: far shorter),
// the blank rows under the old one must change form so they are rewritten;
// otherwise the old axial pixels stay below the coronal image (seen in a
// real xterm). A slice step keeps the footprint, and then no row may
// change, or every step would flash the pane.
func TestShrinkingImageRewritesTheRowsItLeaves(t *testing.T) {
	m := newTestModel(t, GraphicsSixel, 160, 48)
	axial, axialFP := imageRows(m), footprint(m.frame)

	press(m, ".")
	if got := imageRows(m); strings.Join(got, "\n") != strings.Join(axial, "\n") {
		t.Error("a slice step (same footprint) changed the reserved rows: the renderer would rewrite and flash them")
	}

	press(m, "v") // coronal
	if m.plane.String() != "coronal" {
		t.Fatalf("plane %s after v", m.plane)
	}
	coronal := imageRows(m)
	if fp := footprint(m.frame); fp.h >= axialFP.h {
		t.Fatalf("coronal frame %d px high, axial %d: the test needs a shrinking image", fp.h, axialFP.h)
	}
	for i := range axial {
		if coronal[i] == axial[i] {
			t.Fatalf("image row %d is unchanged after the image shrank: the old image's pixels would stay there", i)
		}
	}
	if !strings.Contains(lastLine(m), "\x1bP") {
		t.Error("no sixel payload after the plane change")
	}
}
