package imagepane

import (
	"testing"

	"github.com/segtui/segtui/render"
)

// Only the newest request's frame is shown: a late frame of an older one is
// dropped without touching the counters; a shown frame resends the image,
// and one that lands on other cells also flips the blank cells' form.
func TestFrameGenerations(t *testing.T) {
	var p Model
	g1 := p.NextGen()
	g2 := p.NextGen()
	if g1 != 1 || g2 != 2 || p.Gen() != 2 {
		t.Fatalf("generations %d, %d (now %d), want 1, 2", g1, g2, p.Gen())
	}
	if p.Arrived(g1, true) {
		t.Error("a superseded frame was shown")
	}
	if p.Epoch() != 0 || p.wipes != 0 {
		t.Errorf("a dropped frame moved epoch %d wipes %d", p.Epoch(), p.wipes)
	}
	if !p.Arrived(g2, false) || p.Epoch() != 1 || p.wipes != 0 {
		t.Errorf("newest frame, same footprint: epoch %d wipes %d, want 1 0", p.Epoch(), p.wipes)
	}
	g3 := p.NextGen()
	if !p.Arrived(g3, true) || p.Epoch() != 2 || p.wipes != 1 {
		t.Errorf("newest frame, new footprint: epoch %d wipes %d, want 2 1", p.Epoch(), p.wipes)
	}
	p.Resend()
	if p.Epoch() != 3 {
		t.Errorf("Resend: epoch %d, want 3", p.Epoch())
	}
}

// A body that changed resends the image (its rows wiped the pixels); the
// same body again does not.
func TestNoteBody(t *testing.T) {
	var p Model
	if !p.NoteBody("a\nb") || p.Epoch() != 1 {
		t.Fatalf("first body: epoch %d, want 1", p.Epoch())
	}
	if p.NoteBody("a\nb") || p.Epoch() != 1 {
		t.Errorf("same body resent: epoch %d", p.Epoch())
	}
	if !p.NoteBody("a\nc") || p.Epoch() != 2 {
		t.Errorf("changed body: epoch %d, want 2", p.Epoch())
	}
}

// The overlay line differs by the epoch's parity, so a resend rewrites it;
// the blank cells differ by the wipes' parity.
func TestOverlayAndBlank(t *testing.T) {
	var p Model
	even := p.Overlay("PAYLOAD", 4, 2, false)
	if want := render.Place(3, 5, []byte("PAYLOAD"), false); even != want {
		t.Errorf("overlay at epoch 0: %q, want %q", even, want)
	}
	p.Resend()
	if odd := p.Overlay("PAYLOAD", 4, 2, false); odd != even+"\x1b7\x1b8" {
		t.Errorf("overlay at epoch 1: %q, want the even form plus save/restore", odd)
	}
	p.SetSize(3, 2)
	p.SetFrame(Frame{Title: "T"})
	blank := p.View()
	if blank != "T  \n   " || !p.Overlaid() {
		t.Errorf("blank cells %q (overlaid %v)", blank, p.Overlaid())
	}
	p.NextGen()
	p.Arrived(p.Gen(), true)
	if b := p.View(); b != CoverImage(blank) || b == blank {
		t.Errorf("blank cells after a footprint change %q, want the covered form of %q", b, blank)
	}
	p.SetImageOn(true)
	if !p.ImageOn() {
		t.Error("ImageOn lost")
	}
}

// View draws the frame the root set: half-block rows centred under the
// title, the error or the note instead of them; only graphics without an
// error reserve cells for an overlay.
func TestView(t *testing.T) {
	var p Model
	p.SetSize(6, 4)
	for _, c := range []struct {
		f        Frame
		want     string
		overlaid bool
	}{
		{Frame{Title: "T", Mode: Blocks, Lines: []string{"ab", "cd"}, PadCols: 2}, "T     \n  ab  \n  cd  \n      ", false},
		{Frame{Title: "T", Mode: Blocks, PadCols: 2}, "T     \n      \n      \n      ", false},
		{Frame{Title: "T", Mode: Text, Note: "  none"}, "T     \n  none\n      \n      ", false},
		{Frame{Title: "T", Mode: Blocks, Err: "bad", Lines: []string{"ab"}}, "T     \n      \n  bad \n      ", false},
		{Frame{Title: "T", Err: "bad"}, "T     \n      \n  bad \n      ", false},
		{Frame{Title: "Title too long"}, "Title \n      \n      \n      ", true},
	} {
		p.SetFrame(c.f)
		if got := p.View(); got != c.want || p.Overlaid() != c.overlaid {
			t.Errorf("%+v: %q (overlaid %v), want %q (%v)", c.f, got, p.Overlaid(), c.want, c.overlaid)
		}
	}
	if c := CoverImage("a\nb"); c != "a\x1b[0m\nb\x1b[0m" {
		t.Errorf("CoverImage = %q", c)
	}
}
