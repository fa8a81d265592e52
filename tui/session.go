package tui

import (
	"fmt"
	"slices"
	"sort"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/metrics"
	"github.com/segtui/segtui/render"
)

// sliceKey names one displayed slice.
type sliceKey struct {
	Plane datasets.Plane
	N     int
}

// caseKey folds plane and slice into one int for metrics.CaseDice, which
// keys slices by index.
func (k sliceKey) caseKey() int { return int(k.Plane)<<24 | k.N }

// maxUndo bounds undo history, in edits (each holds two slices). A group
// (a propagation run) is one step and is trimmed whole; the newest group
// is kept whole even past the bound, so u takes back all of a long run;
// a run edits each slice of one plane at most once, which bounds it.
const maxUndo = 200

// edit is one undoable change to a slice of the edited label map.
type edit struct {
	Key                     sliceKey
	Before, After           []uint16
	ScopeBefore, ScopeAfter classScope // which classes were labelled
	Group                   int        // edits of one group (>0) undo and redo together
}

// Session is one open case: the image, its ground truth, the labels the
// user is editing, which slices count as labelled, undo/redo and Dice.
// It knows nothing of the terminal, so its behaviour is tested directly.
type Session struct {
	CaseID  string // sanitised
	Image   *datasets.Volume
	GT      *datasets.LabelMap // nil without ground truth
	Edit    *datasets.LabelMap
	Classes datasets.ClassTable
	// CT is set when Image holds Hounsfield units (engines window it).
	CT bool

	labelled map[sliceKey]classScope // labelled slices only
	dice     *metrics.CaseDice
	undo     []edit
	redo     []edit
	dirty    int // accepted edits since the last save
	groups   int // undo groups handed out
	applied  int // label writes so far; keys scored
	// scored is the last Scores result: View asks on every message, and on
	// a 512x512x300 case the two slice gathers behind it cost ms each.
	scored struct {
		ok      bool
		key     sliceKey
		applied int
		rows    []ClassScore
	}
	autoWin *render.Window // Image's auto window once resolved (see autoWindow)
}

// NewSession starts editing img with empty labels.
func NewSession(caseID string, img *datasets.Volume, gt *datasets.LabelMap, classes datasets.ClassTable) (*Session, error) {
	if gt != nil {
		if err := datasets.CheckGrid(img, gt); err != nil {
			return nil, err
		}
	}
	ids := []uint16{0}
	for _, c := range classes.Classes {
		ids = append(ids, c.ID)
	}
	return &Session{
		CaseID:   datasets.SanitizeName(caseID),
		Image:    img,
		GT:       gt,
		Edit:     datasets.NewLabelMap(img),
		Classes:  classes,
		labelled: map[sliceKey]classScope{},
		dice:     metrics.NewCaseDice(ids),
	}, nil
}

// Depth is the number of slices in plane p.
func (s *Session) Depth(p datasets.Plane) int { return s.Image.View(p).Depth }

// Labelled reports whether the user has accepted labels on the slice.
func (s *Session) Labelled(k sliceKey) bool { return s.labelled[k].Labelled() }

// Scope is which classes the slice was labelled for.
func (s *Session) Scope(k sliceKey) classScope { return s.labelled[k] }

// PartlyLabelled is the number of labelled slices whose scope is some
// classes, not all.
func (s *Session) PartlyLabelled() int {
	n := 0
	for _, sc := range s.labelled {
		if !sc.All {
			n++
		}
	}
	return n
}

// LabelledCount is the number of labelled slices (all planes).
func (s *Session) LabelledCount() int { return len(s.labelled) }

// Dirty is the number of edits not yet saved.
func (s *Session) Dirty() int { return s.dirty }

// MarkSaved records that the labels on disk match the session.
func (s *Session) MarkSaved() { s.dirty = 0 }

// CanUndo and CanRedo report whether history is available.
func (s *Session) CanUndo() bool { return len(s.undo) > 0 }
func (s *Session) CanRedo() bool { return len(s.redo) > 0 }

// SetSlice replaces a slice of the edited labels and marks it labelled for
// the classes in scope (added to those it was labelled for), as one
// undoable step; it returns the edit for the journal.
func (s *Session) SetSlice(k sliceKey, labels []uint16, scope classScope) (edit, error) {
	return s.setSlice(k, labels, scope, 0)
}

func (s *Session) setSlice(k sliceKey, labels []uint16, scope classScope, g int) (edit, error) {
	if err := s.checkKey(k, len(labels)); err != nil {
		return edit{}, err
	}
	if !scope.Labelled() {
		return edit{}, fmt.Errorf("%s slice %d: an accept must label at least one class", k.Plane, k.N+1)
	}
	before, _ := s.Edit.Slice(k.Plane, k.N)
	was := s.labelled[k]
	e := edit{Key: k, Before: before, After: append([]uint16(nil), labels...), ScopeBefore: was, ScopeAfter: was.Union(scope), Group: g}
	s.apply(e.Key, e.After, e.ScopeAfter)
	s.undo = trimUndo(append(s.undo, e))
	s.redo = nil
	s.dirty++
	return e, nil
}

// NewGroup returns an id for edits that undo and redo as one step.
func (s *Session) NewGroup() int {
	s.groups++
	return s.groups
}

// SetSliceGroup is SetSlice as part of group g.
func (s *Session) SetSliceGroup(k sliceKey, labels []uint16, scope classScope, g int) (edit, error) {
	return s.setSlice(k, labels, scope, g)
}

// trimUndo drops the oldest steps, each whole, past maxUndo edits; it
// never drops the newest step's group, so trimming edit by edit no longer
// leaves the first slices of a long run out of its undo.
func trimUndo(h []edit) []edit {
	newest := h[len(h)-1].Group
	for len(h) > maxUndo {
		g := h[0].Group
		if g != 0 && g == newest {
			break
		}
		h = h[1:]
		for g != 0 && len(h) > 0 && h[0].Group == g {
			h = h[1:]
		}
	}
	return h
}

// UndoGroup and RedoGroup are the group of the edit Undo or Redo would
// take next: 0 for a lone edit or an empty history.
func (s *Session) UndoGroup() int { return topGroup(s.undo) }
func (s *Session) RedoGroup() int { return topGroup(s.redo) }

func topGroup(h []edit) int {
	if len(h) == 0 {
		return 0
	}
	return h[len(h)-1].Group
}

// Undo reverts the last edit, scope included, and returns the slice state
// to journal.
func (s *Session) Undo() (sliceKey, []uint16, classScope, bool) {
	if len(s.undo) == 0 {
		return sliceKey{}, nil, classScope{}, false
	}
	e := s.undo[len(s.undo)-1]
	s.undo = s.undo[:len(s.undo)-1]
	s.redo = append(s.redo, e)
	s.apply(e.Key, e.Before, e.ScopeBefore)
	s.dirty++
	return e.Key, e.Before, e.ScopeBefore, true
}

// Redo re-applies the last undone edit.
func (s *Session) Redo() (sliceKey, []uint16, classScope, bool) {
	if len(s.redo) == 0 {
		return sliceKey{}, nil, classScope{}, false
	}
	e := s.redo[len(s.redo)-1]
	s.redo = s.redo[:len(s.redo)-1]
	s.undo = append(s.undo, e)
	s.apply(e.Key, e.After, e.ScopeAfter)
	s.dirty++
	return e.Key, e.After, e.ScopeAfter, true
}

// Restore applies a journaled slice state (labels and exactly the scope
// recorded, not widened) without touching undo history.
func (s *Session) Restore(k sliceKey, labels []uint16, scope classScope) error {
	if err := s.checkKey(k, len(labels)); err != nil {
		return err
	}
	s.apply(k, labels, scope)
	s.dirty++
	return nil
}

func (s *Session) checkKey(k sliceKey, n int) error {
	if k.Plane < datasets.Axial || k.Plane > datasets.Sagittal {
		return fmt.Errorf("plane %d is not axial, coronal or sagittal", int(k.Plane))
	}
	v := s.Image.View(k.Plane)
	if k.N < 0 || k.N >= v.Depth {
		return fmt.Errorf("%s slice %d is outside 0..%d", k.Plane, k.N, v.Depth-1)
	}
	if n != v.Width*v.Height {
		return fmt.Errorf("%s slice has %d pixels, expected %dx%d=%d", k.Plane, n, v.Width, v.Height, v.Width*v.Height)
	}
	return nil
}

// apply writes labels and scope and refreshes the case Dice of every
// labelled slice the change can touch: the slice itself and labelled
// slices of other planes, which cross it.
func (s *Session) apply(k sliceKey, labels []uint16, scope classScope) {
	s.applied++
	s.Edit.SetSlice(k.Plane, k.N, labels)
	if scope.Labelled() {
		s.labelled[k] = scope
	} else {
		delete(s.labelled, k)
	}
	if s.GT == nil {
		return
	}
	if !scope.Labelled() {
		s.dice.RemoveSlice(k.caseKey())
	}
	for o, sc := range s.labelled {
		if o == k || o.Plane != k.Plane {
			s.recordDice(o, sc)
		}
	}
}

func (s *Session) recordDice(k sliceKey, scope classScope) {
	gt, _ := s.GT.Slice(k.Plane, k.N)
	ed, _ := s.Edit.Slice(k.Plane, k.N)
	s.dice.SetSliceClasses(k.caseKey(), gt, ed, scope.diceIDs()) // same grid, so lengths match
}

// ClassScore is one row of the Dice panel.
type ClassScore struct {
	Class        datasets.Class
	Slice, Case  float64
	SliceOK      bool // ground truth has the class on this slice
	CaseOK       bool // class present in GT or labels over its slices
	CaseSlices   int  // labelled slices whose scope has the class
	GTOnSlice    int  // ground-truth pixels on the slice
	LabelOnSlice int
}

// Scores returns per-class Dice on slice k and over the labelled slices
// whose scope has the class (a dash for a class no slice was labelled for).
// Slice Dice is shown only where the ground truth has the class (a dash
// otherwise, as the issue asks).
func (s *Session) Scores(k sliceKey) []ClassScore {
	if s.GT == nil {
		return nil
	}
	c := &s.scored
	if !c.ok || c.key != k || c.applied != s.applied {
		c.ok, c.key, c.applied, c.rows = true, k, s.applied, s.scores(k)
	}
	return slices.Clone(c.rows) // callers adjust rows for display
}

func (s *Session) scores(k sliceKey) []ClassScore {
	gt, _ := s.GT.Slice(k.Plane, k.N)
	ed, _ := s.Edit.Slice(k.Plane, k.N)
	ids := make([]uint16, 0, len(s.Classes.Classes))
	for _, c := range s.Classes.Classes {
		ids = append(ids, c.ID)
	}
	counts, _ := metrics.ClassDice(gt, ed, ids)
	out := make([]ClassScore, 0, len(ids)+1)
	bg := datasets.Class{ID: 0, Name: "background"}
	for _, c := range append([]datasets.Class{bg}, s.Classes.Classes...) {
		var o metrics.Overlap
		if c.ID == 0 {
			bgCounts, _ := metrics.ClassDice(gt, ed, []uint16{0})
			o = bgCounts[0]
		} else {
			o = counts[c.ID]
		}
		sc := ClassScore{Class: c, GTOnSlice: int(o.GT), LabelOnSlice: int(o.Pred)}
		if o.HasGT() {
			sc.Slice, sc.SliceOK = o.Dice()
		}
		if sc.CaseSlices = s.dice.SlicesFor(c.ID); sc.CaseSlices > 0 {
			sc.Case, sc.CaseOK = s.dice.Dice(c.ID)
		}
		out = append(out, sc)
	}
	return out
}

// Means averages the scores that have a value: organs only, and with
// background. Slice means use slice scores, case means case scores.
func Means(scores []ClassScore) (sliceOrg, sliceAll, caseOrg, caseAll float64, okS, okC bool) {
	var so, sa, co, ca []float64
	for _, sc := range scores {
		if sc.SliceOK {
			sa = append(sa, sc.Slice)
			if sc.Class.ID != 0 {
				so = append(so, sc.Slice)
			}
		}
		if sc.CaseOK {
			ca = append(ca, sc.Case)
			if sc.Class.ID != 0 {
				co = append(co, sc.Case)
			}
		}
	}
	return metrics.Mean(so), metrics.Mean(sa), metrics.Mean(co), metrics.Mean(ca), len(so) > 0, len(co) > 0
}

// GTClassesOnSlice lists the class ids the ground truth has on slice k,
// in class-table order, with each one's bounding box (inclusive).
func (s *Session) GTClassesOnSlice(k sliceKey) []classBox {
	if s.GT == nil {
		return nil
	}
	gt, v := s.GT.Slice(k.Plane, k.N)
	boxes := map[uint16]*classBox{}
	for i, id := range gt {
		if id == 0 {
			continue
		}
		x, y := i%v.Width, i/v.Width
		b := boxes[id]
		if b == nil {
			boxes[id] = &classBox{ID: id, X0: x, Y0: y, X1: x, Y1: y}
			continue
		}
		b.X0, b.Y0, b.X1, b.Y1 = min(b.X0, x), min(b.Y0, y), max(b.X1, x), max(b.Y1, y)
	}
	out := make([]classBox, 0, len(boxes))
	for _, b := range boxes {
		out = append(out, *b)
	}
	order := map[uint16]int{}
	for i, c := range s.Classes.Classes {
		order[c.ID] = i
	}
	sort.Slice(out, func(i, j int) bool {
		oi, iok := order[out[i].ID]
		oj, jok := order[out[j].ID]
		if iok != jok {
			return iok
		}
		if oi != oj {
			return oi < oj
		}
		return out[i].ID < out[j].ID
	})
	return out
}

type classBox struct {
	ID             uint16
	X0, Y0, X1, Y1 int
}
