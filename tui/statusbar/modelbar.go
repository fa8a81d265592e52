package statusbar

import (
	"fmt"
	"strings"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/tui/common"
)

// Bar is what the model bar shows.
type Bar struct {
	Models []string // the configured variants' names; none: "no model"
	Active int      // index into Models
	Device string   // where the active variant runs; "": CPU
	NoCUDA bool     // it wanted CUDA and fell back to the CPU

	// Graphics is the image protocol ("sixel", "kitty", "blocks", "none"),
	// so a user knows why the image looks as it does; ViaTmux: sent
	// through tmux's passthrough.
	Graphics string
	ViaTmux  bool

	GT, Pred bool    // the overlays shown
	Opacity  float64 // of the overlays, 0 to 1
}

// BarView is the model bar.
func (m Model) BarView() string {
	b, st := m.bar, m.st
	var parts []string
	parts = append(parts, st.Title.Render("segtui"))
	if len(b.Models) == 0 {
		parts = append(parts, st.Dim.Render("no model"))
	} else {
		var names []string
		for i, name := range b.Models {
			n := datasets.SanitizeName(name)
			if i == b.Active {
				n = st.Active.Render("‹" + n + "›")
			} else {
				n = st.Dim.Render(n)
			}
			names = append(names, n)
		}
		dev := b.Device
		if dev == "" {
			dev = "CPU"
		}
		if b.NoCUDA {
			dev += st.Warn.Render(" (no CUDA)")
		}
		parts = append(parts, "model "+strings.Join(names, " "), "device "+dev)
	}
	onOff := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	img := b.Graphics
	if b.ViaTmux {
		img += " via tmux"
	}
	parts = append(parts, "img "+img)
	parts = append(parts, fmt.Sprintf("GT %s · pred %s · opacity %d%%", onOff(b.GT), onOff(b.Pred), int(b.Opacity*100)))
	return common.FitBlock(" "+strings.Join(parts, st.Dim.Render(" │ ")), m.w, 1)
}
