// Package review is review mode's panel: an evaluation's per-slice
// results ordered worst Dice first (or least confident first), the
// position in that order, what the panel lists and which stored mask is on
// screen. It owns its state and keys; the root opens the case, moves to
// the slice and puts the stored prompts and mask on screen when it asks
// (Intent, Show), and gives it the re-prompt's Dice (SetNow).
package review

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/eval"
	"github.com/segtui/segtui/tui/common"
)

// LiveVariant names the results ranked from this session's own labels.
const LiveVariant = "your labels"

// Failure is one per-slice result of an evaluation, placed in this
// session's data: which case to open and what to show there.
type Failure struct {
	CaseIdx int // into Setup.Cases
	Res     *eval.CaseResult
	Slice   *eval.SliceResult
	Dice    float64
	// Conf is the combined confidence signal (0 least, 1 most) where the
	// results have one; NoDice marks a result without ground truth.
	Conf            float64
	HasConf, NoDice bool
}

// Setup is what every review of a session draws on.
type Setup struct {
	Cases   []string            // this session's case ids, in its order
	Classes datasets.ClassTable // the dataset's, for names and swatches
	Keys    KeyMap
	Styles  common.Styles
}

// Model steps through an evaluation's per-slice results, worst Dice (or
// least confident) first, showing each one's stored prediction and
// prompts. A nil *Model is no review.
type Model struct {
	KeyMap  KeyMap
	setup   Setup
	res     *eval.Results
	path    string // the results file, for messages
	plane   datasets.Plane
	classes map[uint16]string // names recorded in the results
	order   []Failure
	skipped int // results naming cases this dataset does not have
	pos     int // index into order; -1 before the first jump
	show    bool
	several bool // more than one variant failed: the list names them
	digits  int  // of the highest slice number, to align the list

	pending bool         // the jump waits for its case to load
	stored  *engine.Mask // the stored prediction as last put on screen
	now     *float64     // Dice of the latest re-prompt on the failure
	nowBy   string       // the variant that produced now

	// byConf orders by the combined confidence signal, least confident
	// first, instead of by Dice (results without ground truth, or C on
	// one case); caseOnly is that case's id ("" for every case).
	byConf   bool
	caseOnly string
	live     bool // the results are this session's labels (Labels)

	w, h int
	data Data
}

// New orders res's per-slice results worst first (ties by class id, then
// case, slice and variant order) for the cases of s; results without any
// Dice are ordered least confident first instead.
func New(res *eval.Results, path string, s Setup) (*Model, error) {
	if !hasAnyDice(res) {
		return NewConfidence(res, path, s, "")
	}
	rv, idx, variant, err := base(res, path, s)
	if err != nil {
		return nil, err
	}
	for _, ref := range res.WorstFirst() {
		cr := &res.Cases[ref.Case]
		ci, ok := idx[cr.Case]
		if !ok {
			rv.skipped++
			continue
		}
		rv.order = append(rv.order, Failure{CaseIdx: ci, Res: cr, Slice: &cr.Slices[ref.Slice], Dice: ref.Dice})
	}
	sortFailures(rv.order, variant, func(f Failure) float64 { return f.Dice })
	if len(rv.order) == 0 {
		if rv.skipped > 0 {
			return nil, fmt.Errorf("%s: none of its %d per-slice results name a case of this dataset (cases %s, ...): is it the evaluated data?", path, rv.skipped, datasets.SanitizeName(res.Cases[0].Case))
		}
		return nil, fmt.Errorf("%s has no per-slice results with a Dice to review", path)
	}
	rv.measureList()
	return rv, nil
}

// base is what both review orders start from: the plane and class names
// of res, and the positions of this session's cases and of the run's
// variants (for ties).
func base(res *eval.Results, path string, s Setup) (rv *Model, caseIdx, variantIdx map[string]int, err error) {
	plane, err := datasets.ParsePlane(res.Plane)
	if err != nil {
		return nil, nil, nil, err
	}
	caseIdx = map[string]int{}
	for i, id := range s.Cases {
		caseIdx[id] = i
	}
	rv = &Model{KeyMap: s.Keys, setup: s, res: res, path: path, plane: plane, pos: -1, show: true, classes: map[uint16]string{}}
	for _, c := range res.Classes {
		rv.classes[c.ID] = datasets.SanitizeName(c.Name)
	}
	variantIdx = map[string]int{}
	for i, v := range res.Variants {
		variantIdx[v] = i
	}
	return rv, caseIdx, variantIdx, nil
}

// sortFailures orders by key, lowest first, ties by class id, then case,
// slice and variant order.
func sortFailures(order []Failure, variantIdx map[string]int, key func(Failure) float64) {
	sort.SliceStable(order, func(a, b int) bool {
		fa, fb := order[a], order[b]
		ka, kb := key(fa), key(fb)
		switch {
		case ka != kb:
			return ka < kb
		case fa.Slice.Class != fb.Slice.Class:
			return fa.Slice.Class < fb.Slice.Class
		case fa.CaseIdx != fb.CaseIdx:
			return fa.CaseIdx < fb.CaseIdx
		case fa.Slice.Slice != fb.Slice.Slice:
			return fa.Slice.Slice < fb.Slice.Slice
		}
		return variantIdx[fa.Res.Variant] < variantIdx[fb.Res.Variant]
	})
}

// measureList notes what the list needs to lay itself out: whether it
// names variants, and the width of the slice numbers.
func (rv *Model) measureList() {
	for _, f := range rv.order {
		rv.several = rv.several || f.Res.Variant != rv.order[0].Res.Variant
		rv.digits = max(rv.digits, len(strconv.Itoa(f.Slice.Slice+1)))
	}
}

// Order is every result in review order.
func (rv *Model) Order() []Failure { return rv.order }

// Pos is the index into Order of the failure on screen, -1 before the
// first jump.
func (rv *Model) Pos() int { return rv.pos }

// Current is the failure at Pos; call only once Pos >= 0.
func (rv *Model) Current() Failure { return rv.order[rv.pos] }

// Skipped counts the results naming cases this session does not have.
func (rv *Model) Skipped() int { return rv.skipped }

// Plane is the plane the results were evaluated in.
func (rv *Model) Plane() datasets.Plane { return rv.plane }

// Visible reports whether the panel owns the left column.
func (rv *Model) Visible() bool { return rv.show }

// SetVisible shows or hides the panel.
func (rv *Model) SetVisible(show bool) { rv.show = show }

// Pending reports whether the jump waits for its case to load.
func (rv *Model) Pending() bool { return rv.pending }

// SetPending marks the jump as waiting for its case (true) or arrived.
func (rv *Model) SetPending(p bool) { rv.pending = p }

// Stored is the stored prediction as last put on screen (nil: none since
// the jump).
func (rv *Model) Stored() *engine.Mask { return rv.stored }

// Now is the Dice of the latest re-prompt on the failure (nil: none since
// the jump), and NowBy the variant that produced it.
func (rv *Model) Now() *float64 { return rv.now }

// NowBy is the variant of the latest re-prompt's Dice.
func (rv *Model) NowBy() string { return rv.nowBy }

// ByConfidence reports whether the order is least confident first.
func (rv *Model) ByConfidence() bool { return rv.byConf }

// CaseOnly is the one case a confidence ranking covers ("" every case).
func (rv *Model) CaseOnly() string { return rv.caseOnly }

// Live reports whether the results are this session's labels (Labels).
func (rv *Model) Live() bool { return rv.live }

func (rv *Model) className(id uint16) string {
	if c, ok := rv.setup.Classes.ByID(id); ok {
		return datasets.SanitizeName(c.Name)
	}
	if n, ok := rv.classes[id]; ok {
		return n
	}
	return fmt.Sprintf("class %d", id)
}
