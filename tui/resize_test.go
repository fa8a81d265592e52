package tui

import (
	"strings"
	"testing"
)

// TestResizeResendsImage: a resize wipes terminal images, so the next frame
// must carry the image again (a changed overlay line), placed for the new
// layout, and no row of the view may be wider than the new terminal.
func TestResizeResendsImage(t *testing.T) {
	m := newTestModel(t, GraphicsSixel, 160, 48)
	before := lastLine(m)
	if !strings.Contains(before, "\x1bP") {
		t.Fatalf("no sixel payload on the overlay line before the resize")
	}
	drive(m, sizeMsg(120, 36))
	view := m.View()
	after := lastLine(m)
	if after == before {
		t.Fatal("the overlay line did not change after a resize: the renderer would skip it and the image would stay wiped")
	}
	if !strings.Contains(after, "\x1bP") {
		t.Fatal("no sixel payload on the overlay line after the resize")
	}
	// The same size again (a re-attached session): Bubble Tea repaints the
	// whole screen, wiping the image, so the overlay line must still change.
	// Only the Update, not its follow-up commands: this is the frame the
	// renderer paints right after the resize.
	m.Update(sizeMsg(120, 36))
	if lastLine(m) == after {
		t.Error("a same-size WindowSizeMsg left the overlay line unchanged: the wiped image would not be re-sent")
	}
	for i, line := range strings.Split(view, "\n") {
		if w := len([]rune(stripANSI(line))); w > 120 {
			t.Errorf("line %d is %d cells wide after resizing to 120", i, w)
		}
	}
}
