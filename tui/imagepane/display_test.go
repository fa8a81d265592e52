package imagepane

import (
	"slices"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/keymap"
	"github.com/segtui/segtui/render"
)

// The display keys change the pane's options in Update itself and still
// tell the root (which redraws); other keys leave them alone.
func TestDisplayKeys(t *testing.T) {
	p := New(NewKeyMap(keymap.Default()))
	presets := render.Presets()
	if p.Window() != presets[0] || p.WindowIndex() != 0 || !p.ShowGT() || !p.ShowPred() || p.Opacity() != 0.5 {
		t.Fatalf("new pane: window %v gt %v pred %v opacity %v, want the first preset, both overlays, 0.5",
			p.Window().Name, p.ShowGT(), p.ShowPred(), p.Opacity())
	}
	step := func(s string, want Kind) {
		t.Helper()
		var a Action
		p, a = p.Update(keyMsg(s))
		if a.Kind != want {
			t.Fatalf("key %q: action %+v, want kind %d", s, a, want)
		}
	}
	// w walks the presets, then auto, then wraps.
	for i := 1; i <= len(presets); i++ {
		step("w", CycleWindow)
		if i < len(presets) && p.Window() != presets[i] {
			t.Errorf("after %d w: window %q, want %q", i, p.Window().Name, presets[i].Name)
		}
	}
	if !p.Window().IsAuto() || p.WindowIndex() != len(presets) {
		t.Errorf("after every preset: window %q (index %d), want auto", p.Window().Name, p.WindowIndex())
	}
	step("w", CycleWindow)
	if p.WindowIndex() != 0 {
		t.Errorf("w after auto: index %d, want 0", p.WindowIndex())
	}

	step("g", ToggleGT)
	if p.ShowGT() || !p.ShowPred() {
		t.Errorf("g: gt %v pred %v, want false true", p.ShowGT(), p.ShowPred())
	}
	step("p", TogglePred)
	step("g", ToggleGT)
	if !p.ShowGT() || p.ShowPred() {
		t.Errorf("p g: gt %v pred %v, want true false", p.ShowGT(), p.ShowPred())
	}

	var seen []float64
	for range 4 {
		step("o", CycleOpacity)
		seen = append(seen, p.Opacity())
	}
	if want := []float64{0.75, 1, 0.25, 0.5}; !slices.Equal(seen, want) {
		t.Errorf("o four times: opacities %v, want %v", seen, want)
	}

	before := p.display
	for _, s := range []string{"h", "+", " ", "a", "."} {
		p, _ = p.Update(keyMsg(s))
	}
	p, _ = p.Update(tea.MouseMsg{X: 1, Y: 1, Action: tea.MouseActionPress, Button: tea.MouseButtonWheelUp})
	if p.win != before.win || p.showGT != before.showGT || p.showPred != before.showPred || p.opacity != before.opacity {
		t.Errorf("non-display input changed the display: %+v -> %+v", before, p.display)
	}
}

// A remapped window key cycles; the default one no longer does.
func TestDisplayRemapped(t *testing.T) {
	km := keymap.Default()
	km.Window.SetKeys("W")
	p := New(NewKeyMap(km))
	p, _ = p.Update(keyMsg("w"))
	if p.WindowIndex() != 0 {
		t.Fatalf("unbound w moved the window to %d", p.WindowIndex())
	}
	p, _ = p.Update(keyMsg("W"))
	if p.WindowIndex() != 1 {
		t.Fatalf("W: window index %d, want 1", p.WindowIndex())
	}
}

// A CT case starts on the first preset, anything else on auto.
func TestResetWindow(t *testing.T) {
	p := New(NewKeyMap(keymap.Default()))
	p.ResetWindow(false)
	if !p.Window().IsAuto() {
		t.Errorf("non-CT: window %q, want auto", p.Window().Name)
	}
	p.ResetWindow(true)
	if p.WindowIndex() != 0 || p.Window() != render.Presets()[0] {
		t.Errorf("CT: window %q (index %d), want the first preset", p.Window().Name, p.WindowIndex())
	}
}
