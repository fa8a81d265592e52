package imagepane

import "github.com/segtui/segtui/render"

// opacities are the fill opacities the opacity key steps through.
var opacities = []float64{0.5, 0.75, 1, 0.25}

// display is how the pane draws the slice: the grey window and which
// overlays show, at what fill opacity.
type display struct {
	windows  []render.Window // the presets, then auto
	win      int             // index into windows
	showGT   bool
	showPred bool
	opacity  int // index into opacities
}

func newDisplay() display {
	return display{windows: append(render.Presets(), render.Auto()), showGT: true, showPred: true}
}

// Window is the grey window the slice is drawn with (auto unresolved).
func (p Model) Window() render.Window { return p.windows[p.win] }

// WindowIndex says which window is chosen, for keys that cache on it.
func (p Model) WindowIndex() int { return p.win }

// ResetWindow picks a case's first window: the first preset for CT, whose
// values are Hounsfield units, else auto.
func (p *Model) ResetWindow(ct bool) {
	if ct {
		p.win = 0
	} else {
		p.win = len(p.windows) - 1
	}
}

// ShowGT and ShowPred say whether the ground truth and the edit (with any
// proposal) are drawn.
func (p Model) ShowGT() bool   { return p.showGT }
func (p Model) ShowPred() bool { return p.showPred }

// Opacity is the overlays' fill opacity.
func (p Model) Opacity() float64 { return opacities[p.opacity] }

// applyDisplay does the display actions itself; the root only redraws.
func (p *Model) applyDisplay(a Action) {
	switch a.Kind {
	case CycleWindow:
		p.win = (p.win + 1) % len(p.windows)
	case ToggleGT:
		p.showGT = !p.showGT
	case TogglePred:
		p.showPred = !p.showPred
	case CycleOpacity:
		p.opacity = (p.opacity + 1) % len(opacities)
	}
}
