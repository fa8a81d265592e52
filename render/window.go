package render

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/segtui/segtui/datasets"
)

// Window maps intensities to grey: Level-Width/2 is black, Level+Width/2
// white. A zero Width means "auto": the 1st..99th percentile of the data.
type Window struct {
	Name         string
	Width, Level float64
}

// Presets are the standard CT windows in Hounsfield units.
var presets = []Window{
	{Name: "abdomen", Width: 400, Level: 40},
	{Name: "liver", Width: 150, Level: 30},
	{Name: "bone", Width: 1800, Level: 400},
	{Name: "lung", Width: 1500, Level: -600},
	{Name: "brain", Width: 80, Level: 40},
}

// Presets returns the named CT windows in cycling order.
func Presets() []Window { return slices.Clone(presets) }

// AutoWindow is the percentile window used for non-CT images.
var autoWindow = Window{Name: "auto"}

// Auto returns the window that resolves from the data's percentiles.
func Auto() Window { return autoWindow }

// IsAuto reports whether the window still has to be resolved from data.
func (w Window) IsAuto() bool { return w.Width <= 0 }

func (w Window) String() string {
	if w.IsAuto() {
		return "auto"
	}
	if w.Name != "" {
		return fmt.Sprintf("%s W%g/L%g", w.Name, w.Width, w.Level)
	}
	return fmt.Sprintf("W%g/L%g", w.Width, w.Level)
}

// ParseWindow accepts a preset name, "auto", or "W,L" in the data's units.
func ParseWindow(s string) (Window, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "auto" {
		return autoWindow, nil
	}
	for _, p := range presets {
		if s == p.Name {
			return p, nil
		}
	}
	ws, ls, ok := strings.Cut(s, ",")
	if !ok {
		return Window{}, fmt.Errorf("unknown window %q: expected auto, abdomen, liver, bone, lung, brain or W,L (e.g. 400,40)", s)
	}
	width, err1 := strconv.ParseFloat(strings.TrimSpace(ws), 64)
	level, err2 := strconv.ParseFloat(strings.TrimSpace(ls), 64)
	if err1 != nil || err2 != nil || math.IsNaN(width) || math.IsInf(width, 0) || math.IsNaN(level) || math.IsInf(level, 0) {
		return Window{}, fmt.Errorf("window %q: expected two numbers W,L (e.g. 400,40)", s)
	}
	if width <= 0 {
		return Window{}, fmt.Errorf("window %q: width must be positive, found %g", s, width)
	}
	return Window{Width: width, Level: level}, nil
}

// Resolve returns w itself, or for an auto window the 1st..99th percentile
// range of values (NaNs ignored). Pass a whole volume for a window that
// stays put while scrolling, or one slice.
func (w Window) Resolve(values []float32) Window {
	if !w.IsAuto() {
		return w
	}
	lo, hi, ok := datasets.DisplayRange(values)
	if !ok {
		return Window{Name: "auto", Width: 1, Level: 0.5}
	}
	if hi <= lo { // constant data: widen around it so it shows mid-grey
		lo, hi = lo-0.5, lo+0.5
	}
	return Window{Name: "auto", Width: hi - lo, Level: (hi + lo) / 2}
}

// bounds returns the value mapped to black and the scale to 0..1.
func (w Window) bounds() (lo, scale float32) {
	return float32(w.Level - w.Width/2), float32(1 / w.Width)
}
