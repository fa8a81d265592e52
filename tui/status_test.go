package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The status line fits its width by shortening and dropping the least
// needed fields first; slice, plane, window, cursor value and latency stay,
// and nothing is cut in the middle of a word.
func TestStatusLineDegrades(t *testing.T) {
	m := newTestModel(t, GraphicsNone, 160, 48)
	press(m, "b", "l", "l", " ") // a box corner and a point: every field has something to say
	full := stripANSI(m.statusView())
	for _, want := range []string{"axial ", "W400/L40", "cursor (", "voxel (", " HU", "enc ", "dec ", "precompute ", "prompts 1+ 0− box…"} {
		if !strings.Contains(full, want) {
			t.Errorf("at 160 columns the status line lacks %q: %q", want, full)
		}
	}
	for _, w := range []int{100, 110, 120, 130} {
		drive(m, sizeMsg(w, 30))
		st := strings.TrimRight(stripANSI(m.statusView()), " ")
		if got := ansi.StringWidth(st); got > w {
			t.Errorf("at %d columns the status line is %d wide", w, got)
		}
		_, val := m.hu()
		for _, want := range []string{"axial ", "/64", "W400/L40", "enc ", "dec ", " HU"} {
			if !strings.Contains(st, want) {
				t.Errorf("at %d columns the status line lacks %q: %q", w, want, st)
			}
		}
		if !strings.Contains(st, fmt.Sprintf(") %.0f HU", val)) {
			t.Errorf("at %d columns the cursor value is missing: %q", w, st)
		}
		// Every field ends whole: the line ends with a field's last form.
		f := m.statusFields()
		ends := false
		for _, x := range f {
			for _, form := range x.Forms {
				if form != "" && strings.HasSuffix(st, form) {
					ends = true
				}
			}
		}
		if !ends {
			t.Errorf("at %d columns the status line ends mid-field: %q", w, st)
		}
	}
}
