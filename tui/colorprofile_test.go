package tui

import (
	"testing"

	"github.com/muesli/termenv"
	"github.com/segtui/segtui/render"
)

// Swatches must look like the overlay: a terminal that proved itself
// modern gets at least 256 colours even when TERM says plain xterm; one
// with truecolor gets it; no colour stays none; a richer guess is kept.
func TestColorProfile(t *testing.T) {
	xtermSixel := render.Capabilities{Protocol: render.ProtoSixel}
	for _, c := range []struct {
		name string
		base termenv.Profile
		caps render.Capabilities
		want termenv.Profile
	}{
		{"xterm with sixel, TERM=xterm", termenv.ANSI, xtermSixel, termenv.ANSI256},
		{"version reply only", termenv.ANSI, render.Capabilities{Protocol: render.ProtoBlocks, Terminal: "XTerm(390)"}, termenv.ANSI256},
		{"truecolor", termenv.ANSI, render.Capabilities{Protocol: render.ProtoBlocks, TrueColor: true}, termenv.TrueColor},
		{"kitty", termenv.ANSI256, render.Capabilities{Protocol: render.ProtoKitty, TrueColor: true}, termenv.TrueColor},
		{"silent terminal", termenv.ANSI, render.Capabilities{Protocol: render.ProtoBlocks}, termenv.ANSI},
		{"NO_COLOR or a pipe", termenv.Ascii, xtermSixel, termenv.Ascii},
		{"already truecolor", termenv.TrueColor, xtermSixel, termenv.TrueColor},
	} {
		if got := colorProfile(c.base, c.base == termenv.Ascii, c.caps); got != c.want {
			t.Errorf("%s: profile %v, want %v", c.name, got, c.want)
		}
	}
}
