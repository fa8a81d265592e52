package review

import (
	"fmt"
	"strings"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/eval"
)

// Screen is what the root puts on screen for the current failure.
type Screen struct {
	Plane datasets.Plane
	Slice int
	// Class indexes the dataset's class table; 0 (with a note) where the
	// failure's class is not in it.
	Class   int
	Variant string // the variant to switch to, unless Live
	Live    bool   // the session's own labels: no variant to switch to
	Points  []engine.Point
	Box     *engine.Box  // of the last round; nil: none
	Mask    *engine.Mask // the stored prediction, drawn in its own colour
	X, Y    int          // where the prompt was, for the cursor
	Summary string       // the message line
	Notes   []string     // what could not be shown as recorded
}

// Show checks the current failure against the open case's slices in the
// review's plane (w x h, depth of them) and returns what to put on screen;
// the stored prediction counts as shown from now on.
func (rv *Model) Show(w, h, depth int) (Screen, error) {
	f := rv.order[rv.pos]
	if f.Slice.Slice < 0 || f.Slice.Slice >= depth {
		return Screen{}, fmt.Errorf("%s: %s slice %d of %s is outside this case's 0..%d: the data changed since the evaluation", rv.path, rv.plane, f.Slice.Slice, datasets.SanitizeName(f.Res.Case), depth-1)
	}
	pix, err := f.Slice.Mask.Decode()
	if err == nil && (f.Slice.Mask.Width != w || f.Slice.Mask.Height != h) {
		err = fmt.Errorf("stored mask is %dx%d but the %s slice is %dx%d: the data changed since the evaluation", f.Slice.Mask.Width, f.Slice.Mask.Height, rv.plane, w, h)
	}
	if err != nil {
		return Screen{}, fmt.Errorf("%s, %s slice %d: %w", rv.path, datasets.SanitizeName(f.Res.Case), f.Slice.Slice, err)
	}
	s := Screen{Plane: rv.plane, Slice: f.Slice.Slice, Class: -1}
	for i, c := range rv.setup.Classes.Classes {
		if c.ID == f.Slice.Class {
			s.Class = i
		}
	}
	if s.Class < 0 {
		s.Class = 0
		s.Notes = append(s.Notes, fmt.Sprintf("class %d is not in this dataset's class table", f.Slice.Class))
	}
	s.Variant, s.Live = f.Res.Variant, f.Res.Variant == LiveVariant
	if n := len(f.Slice.Prompts); n > 0 {
		last := f.Slice.Prompts[n-1]
		s.Points = append([]engine.Point(nil), last.Points...)
		if last.Box != nil {
			b := *last.Box
			s.Box = &b
		}
	}
	rv.stored = &engine.Mask{Width: w, Height: h, Pix: pix}
	s.Mask = rv.stored
	s.X, s.Y = promptCentre(f.Slice.Prompts, w, h, pix)
	s.Summary = rv.summary(f)
	return s, nil
}

// promptCentre puts the cursor where the prompt was: the first point, the
// box centre, else the prediction's centre, else the slice centre.
func promptCentre(ps []eval.PromptRecord, w, h int, pix []bool) (int, int) {
	clamp := func(x, y float64) (int, int) {
		return max(0, min(w-1, int(x+0.5))), max(0, min(h-1, int(y+0.5)))
	}
	if len(ps) > 0 {
		if len(ps[0].Points) > 0 {
			return clamp(ps[0].Points[0].X, ps[0].Points[0].Y)
		}
		if b := ps[0].Box; b != nil {
			return clamp((b.X0+b.X1)/2, (b.Y0+b.Y1)/2)
		}
	}
	var sx, sy, n float64
	for i, on := range pix {
		if on {
			sx, sy, n = sx+float64(i%w), sy+float64(i/w), n+1
		}
	}
	if n > 0 {
		return clamp(sx/n, sy/n)
	}
	return w / 2, h / 2
}

// Place is where the root's view is.
type Place struct {
	Case  int // index into Setup.Cases
	Plane datasets.Plane
	Slice int
	Class uint16 // the active class's id
	// ClassOK: a class is active; HasGT: the open case has ground truth.
	ClassOK, HasGT bool
}

// At reports whether p is on the current failure's case, plane, slice and
// class, where re-prompts are compared with it.
func (rv *Model) At(p Place) (Failure, bool) {
	if rv.pos < 0 || rv.pending || !p.HasGT {
		return Failure{}, false
	}
	f := rv.order[rv.pos]
	return f, p.ClassOK && p.Case == f.CaseIdx && p.Plane == rv.plane && p.Slice == f.Slice.Slice && p.Class == f.Slice.Class
}

// SetNow records the Dice d of a re-prompt on the failure by variant, and
// returns the message line that puts it next to the stored Dice.
func (rv *Model) SetNow(d float64, variant string) string {
	f := rv.order[rv.pos]
	rv.now, rv.nowBy = &d, variant
	return fmt.Sprintf("now %.3f (%s) vs %.3f in eval (%s) · %s · slice %d", d, datasets.SanitizeName(rv.nowBy),
		f.Dice, datasets.SanitizeName(f.Res.Variant), rv.className(f.Slice.Class), f.Slice.Slice+1)
}

// Opening is the message line while the failure's case loads.
func (rv *Model) Opening() string {
	f := rv.order[rv.pos]
	return fmt.Sprintf("opening %s for failure %d/%d…", datasets.SanitizeName(f.Res.Case), rv.pos+1, len(rv.order))
}

// summary is the message line of a failure: which, where, how bad, and
// the prompt that produced it.
func (rv *Model) summary(f Failure) string {
	parts := []string{
		fmt.Sprintf("%s %d/%d", rv.itemName(), rv.pos+1, len(rv.order)),
		rv.className(f.Slice.Class),
		fmt.Sprintf("slice %d", f.Slice.Slice+1),
		datasets.SanitizeName(f.Res.Variant),
	}
	parts = append(parts, f.scoreTexts()...)
	ps := f.Slice.Prompts
	switch {
	case len(ps) == 0:
		parts = append(parts, noPromptText(f))
	case len(ps) == 1:
		parts = append(parts, promptText(ps[0]))
	default:
		parts = append(parts, fmt.Sprintf("%d rounds, last %s", len(ps), promptText(ps[len(ps)-1])))
	}
	return strings.Join(parts, " · ")
}

// promptText writes one round's prompt as box [x0,y0,x1,y1] +(x,y) −(x,y).
func promptText(p eval.PromptRecord) string {
	var parts []string
	if b := p.Box; b != nil {
		parts = append(parts, fmt.Sprintf("box [%g,%g,%g,%g]", b.X0, b.Y0, b.X1, b.Y1))
	}
	for _, pt := range p.Points {
		sign := "−"
		if pt.Positive {
			sign = "+"
		}
		parts = append(parts, fmt.Sprintf("%s(%g,%g)", sign, pt.X, pt.Y))
	}
	if len(parts) == 0 {
		return "empty prompt"
	}
	return strings.Join(parts, " ")
}

// noPromptText is what the review says of a result with no prompt.
func noPromptText(f Failure) string {
	if f.Res.Variant == LiveVariant {
		return "no prompt recorded"
	}
	return "no prompt (semantic)"
}
