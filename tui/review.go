package tui

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/eval"
)

// failure is one per-slice result of an evaluation, placed in this
// session's data: which case to open and what to show there.
type failure struct {
	caseIdx int // into cfg.Cases
	res     *eval.CaseResult
	slice   *eval.SliceResult
	dice    float64
	// conf is the combined confidence signal (0 least, 1 most) where the
	// results have one; noDice marks a result without ground truth.
	conf            float64
	hasConf, noDice bool
}

// reviewState steps through an evaluation's per-slice results, worst
// Dice first, showing each one's stored prediction and prompts.
type reviewState struct {
	res     *eval.Results
	path    string // the results file, for messages
	plane   datasets.Plane
	classes map[uint16]string // names recorded in the results
	order   []failure
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
	live     bool // the results are this session's labels (liveResults)
}

// newReview orders res's per-slice results worst first (ties by class id,
// then case, slice and variant order) for the cases this session has.
func newReview(res *eval.Results, path string, cases []CaseEntry) (*reviewState, error) {
	if !hasAnyDice(res) {
		return newConfidenceReview(res, path, cases, "")
	}
	rv, idx, variant, err := reviewBase(res, path, cases)
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
		rv.order = append(rv.order, failure{caseIdx: ci, res: cr, slice: &cr.Slices[ref.Slice], dice: ref.Dice})
	}
	sortFailures(rv.order, variant, func(f failure) float64 { return f.dice })
	if len(rv.order) == 0 {
		if rv.skipped > 0 {
			return nil, fmt.Errorf("%s: none of its %d per-slice results name a case of this dataset (cases %s, ...): is it the evaluated data?", path, rv.skipped, datasets.SanitizeName(res.Cases[0].Case))
		}
		return nil, fmt.Errorf("%s has no per-slice results with a Dice to review", path)
	}
	rv.measureList()
	return rv, nil
}

// reviewBase is what both review orders start from: the plane and class
// names of res, and the positions of this session's cases and of the
// run's variants (for ties).
func reviewBase(res *eval.Results, path string, cases []CaseEntry) (rv *reviewState, caseIdx, variantIdx map[string]int, err error) {
	plane, err := datasets.ParsePlane(res.Plane)
	if err != nil {
		return nil, nil, nil, err
	}
	caseIdx = map[string]int{}
	for i, c := range cases {
		caseIdx[c.ID] = i
	}
	rv = &reviewState{res: res, path: path, plane: plane, pos: -1, show: true, classes: map[uint16]string{}}
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
func sortFailures(order []failure, variantIdx map[string]int, key func(failure) float64) {
	sort.SliceStable(order, func(a, b int) bool {
		fa, fb := order[a], order[b]
		ka, kb := key(fa), key(fb)
		switch {
		case ka != kb:
			return ka < kb
		case fa.slice.Class != fb.slice.Class:
			return fa.slice.Class < fb.slice.Class
		case fa.caseIdx != fb.caseIdx:
			return fa.caseIdx < fb.caseIdx
		case fa.slice.Slice != fb.slice.Slice:
			return fa.slice.Slice < fb.slice.Slice
		}
		return variantIdx[fa.res.Variant] < variantIdx[fb.res.Variant]
	})
}

// measureList notes what the list needs to lay itself out: whether it
// names variants, and the width of the slice numbers.
func (rv *reviewState) measureList() {
	for _, f := range rv.order {
		rv.several = rv.several || f.res.Variant != rv.order[0].res.Variant
		rv.digits = max(rv.digits, len(strconv.Itoa(f.slice.Slice+1)))
	}
}

// StartReview puts the model in review mode on res (read from path):
// Init then opens the worst failure instead of the first case.
func (m *Model) StartReview(res *eval.Results, path string) error {
	rv, err := newReview(res, path, m.cfg.Cases)
	if err != nil {
		return err
	}
	m.review = rv
	return nil
}

// reviewInit opens the worst failure when the model starts in review mode.
func (m *Model) reviewInit() (tea.Cmd, bool) {
	if m.review == nil || m.review.pos >= 0 {
		return nil, false
	}
	return m.jumpFailure(0), true
}

func (rv *reviewState) className(id uint16, t datasets.ClassTable) string {
	if c, ok := t.ByID(id); ok {
		return datasets.SanitizeName(c.Name)
	}
	if n, ok := rv.classes[id]; ok {
		return n
	}
	return fmt.Sprintf("class %d", id)
}

// onReviewKey handles n, N and R; ok reports whether the key was one.
func (m *Model) onReviewKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, m.km.NextFailure), key.Matches(msg, m.km.PrevFailure):
		if m.review == nil {
			m.setMsg("no evaluation results loaded: press %s to look for them, or start with segtui review RESULTS.json", m.km.Review.Help().Key)
			return nil, true
		}
		step := 1
		if key.Matches(msg, m.km.PrevFailure) {
			step = -1
		}
		n := len(m.review.order)
		next := m.review.pos + step
		if m.review.pos < 0 {
			next = 0
		}
		if next < 0 || next >= n {
			m.setMsg("no %s failure: this is %d of %d", map[int]string{1: "further", -1: "worse"}[step], m.review.pos+1, n)
			return nil, true
		}
		return m.jumpFailure(next), true
	case key.Matches(msg, m.km.Review):
		return m.toggleReview(), true
	case key.Matches(msg, m.km.Confidence):
		return m.toggleConfidenceReview(), true
	case key.Matches(msg, m.km.Disagreement) && m.focus != focusBrowser:
		return m.toggleDisagreement(), true
	}
	return nil, false
}

// toggleReview shows or hides the review panel; with no results loaded it
// looks for eval's default output folder evaluated on this data.
func (m *Model) toggleReview() tea.Cmd {
	if m.review != nil {
		m.review.show = !m.review.show
		if !m.review.show {
			m.setMsg("review panel hidden; %s brings it back", m.km.Review.Help().Key)
			return m.refresh() // the image pane changed width
		}
		if m.review.pos < 0 {
			return m.jumpFailure(0)
		}
		m.setMsg("%s", m.reviewSummary(m.review.order[m.review.pos]))
		return m.refresh()
	}
	path := "eval-results"
	res, file, err := LoadResults(path)
	if err != nil {
		m.setMsg("no evaluation results for this data in ./%s: run segtui eval --out DIR on it, then segtui review DIR", path)
		return nil
	}
	if !samePath(res.Dataset, m.cfg.Root) {
		m.setMsg("%s evaluated %s, not this data (%s): run segtui review on the right results", file, datasets.SanitizeName(res.Dataset), datasets.SanitizeName(m.cfg.Root))
		return nil
	}
	if err := m.StartReview(res, file); err != nil {
		m.setErr(err)
		return nil
	}
	return m.jumpFailure(0)
}

// jumpFailure goes to failure i: its case (loaded first if need be), then
// plane, slice, class and variant, with its stored prompt and prediction.
func (m *Model) jumpFailure(i int) tea.Cmd {
	rv := m.review
	rv.pos, rv.show, rv.now, rv.stored = i, true, nil, nil
	f := rv.order[i]
	m.focus = focusImage
	if f.caseIdx != m.opened || m.sess == nil {
		rv.pending = true
		m.setMsg("opening %s for failure %d/%d…", datasets.SanitizeName(f.res.Case), i+1, len(rv.order))
		return m.openCase(f.caseIdx)
	}
	return m.showFailure()
}

// reviewAfterLoad finishes a jump whose case has just opened.
func (m *Model) reviewAfterLoad(msg caseLoadedMsg) tea.Cmd {
	rv := m.review
	if rv == nil || !rv.pending || msg.gen != m.loadGen {
		return nil
	}
	rv.pending = false
	if msg.err != nil || m.sess == nil || m.opened != rv.order[rv.pos].caseIdx {
		return nil // the load error is already on the status line
	}
	return m.showFailure()
}

// showFailure sets plane, slice, class and variant of the current failure
// on the open case and puts its stored prompts and prediction on screen.
func (m *Model) showFailure() tea.Cmd {
	rv := m.review
	f := rv.order[rv.pos]
	v := m.sess.Image.View(rv.plane)
	if f.slice.Slice < 0 || f.slice.Slice >= v.Depth {
		m.setErr(fmt.Errorf("%s: %s slice %d of %s is outside this case's 0..%d: the data changed since the evaluation", rv.path, rv.plane, f.slice.Slice, datasets.SanitizeName(f.res.Case), v.Depth-1))
		return nil
	}
	pix, err := f.slice.Mask.Decode()
	if err == nil && (f.slice.Mask.Width != v.Width || f.slice.Mask.Height != v.Height) {
		err = fmt.Errorf("stored mask is %dx%d but the %s slice is %dx%d: the data changed since the evaluation", f.slice.Mask.Width, f.slice.Mask.Height, rv.plane, v.Width, v.Height)
	}
	if err != nil {
		m.setErr(fmt.Errorf("%s, %s slice %d: %w", rv.path, datasets.SanitizeName(f.res.Case), f.slice.Slice, err))
		return nil
	}
	m.plane, m.n = rv.plane, f.slice.Slice
	var notes []string
	m.class = -1
	for i, c := range m.cfg.Classes.Classes {
		if c.ID == f.slice.Class {
			m.class = i
		}
	}
	if m.class < 0 {
		m.class = 0
		notes = append(notes, fmt.Sprintf("class %d is not in this dataset's class table", f.slice.Class))
	}
	if f.res.Variant == liveVariant {
		// the session's own labels: no variant to switch to
	} else if s := m.slotIndex(f.res.Variant); s >= 0 {
		m.engine = s
	} else {
		notes = append(notes, fmt.Sprintf("variant %s is not loaded (pass --models)", datasets.SanitizeName(f.res.Variant)))
	}
	m.clearPrompts()
	if n := len(f.slice.Prompts); n > 0 {
		last := f.slice.Prompts[n-1]
		m.points = append([]engine.Point(nil), last.Points...)
		if last.Box != nil {
			b := *last.Box
			m.box = &b
		}
	}
	rv.stored = &engine.Mask{Width: v.Width, Height: v.Height, Pix: pix}
	m.proposal = rv.stored
	m.cx, m.cy = promptCentre(f.slice.Prompts, v.Width, v.Height, pix)
	m.setMsg("%s", m.reviewSummary(f))
	if len(notes) > 0 {
		m.msg += " (" + strings.Join(notes, "; ") + ")"
	}
	return tea.Batch(m.refresh(), m.prefetch())
}

func (m *Model) slotIndex(name string) int {
	for i, s := range m.slots {
		if s.entry.Name == name {
			return i
		}
	}
	return -1
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

// onFailure reports whether the view is on the current failure's case,
// plane, slice and class, where re-prompts are compared with it.
func (m *Model) onFailure() (failure, bool) {
	rv := m.review
	if rv == nil || rv.pos < 0 || rv.pending || m.sess == nil || m.sess.GT == nil {
		return failure{}, false
	}
	f := rv.order[rv.pos]
	c, ok := m.activeClass()
	return f, ok && m.opened == f.caseIdx && m.plane == rv.plane && m.n == f.slice.Slice && c.ID == f.slice.Class
}

// reviewAfterDecode scores a new proposal on the failure's class against
// ground truth and puts it next to the stored Dice.
func (m *Model) reviewAfterDecode(msg decodedMsg) {
	f, ok := m.onFailure()
	if !ok || msg.err != nil || msg.mask == nil || m.proposal != msg.mask {
		return
	}
	gt, _ := m.sess.GT.Slice(m.plane, m.n)
	d := maskDice(classMask(gt, f.slice.Class), msg.mask.Pix)
	rv := m.review
	rv.now, rv.nowBy = &d, m.slots[msg.engineIndex].entry.Name
	m.setMsg("now %.3f (%s) vs %.3f in eval (%s) · %s · slice %d", d, datasets.SanitizeName(rv.nowBy),
		f.dice, datasets.SanitizeName(f.res.Variant), rv.className(f.slice.Class, m.cfg.Classes), f.slice.Slice+1)
}

// maskDice is Dice with the FLARE22 convention eval uses: both empty is 1.
func maskDice(gt, pred []bool) float64 {
	var inter, g, p int
	for i, on := range gt {
		if on {
			g++
			if pred[i] {
				inter++
			}
		}
		if pred[i] {
			p++
		}
	}
	if g+p == 0 {
		return 1
	}
	return 2 * float64(inter) / float64(g+p)
}

func classMask(l []uint16, id uint16) []bool {
	m := make([]bool, len(l))
	for i, v := range l {
		m[i] = v == id
	}
	return m
}

// storedShown reports whether the proposal on screen is the stored
// prediction, drawn in its own colour.
func (m *Model) storedShown() bool {
	return m.review != nil && m.review.stored != nil && m.proposal == m.review.stored
}

// reviewSummary is the status line of a failure: which, where, how bad,
// and the prompt that produced it.
func (m *Model) reviewSummary(f failure) string {
	rv := m.review
	parts := []string{
		fmt.Sprintf("%s %d/%d", rv.itemName(), rv.pos+1, len(rv.order)),
		rv.className(f.slice.Class, m.cfg.Classes),
		fmt.Sprintf("slice %d", f.slice.Slice+1),
		datasets.SanitizeName(f.res.Variant),
	}
	parts = append(parts, f.scoreTexts()...)
	ps := f.slice.Prompts
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
