package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/propagate"
	"github.com/segtui/segtui/render"
)

// propState is the propagation through the plane (P), embedded in Model:
// its steps come back as propStepMsg and are dropped unless they carry
// propGen.
type propState struct {
	prop     *propagation // nil when none runs
	propGen  int
	propRule propagate.Rule
}

// A propagation carries the active class from a labelled slice through
// the plane, one slice at a time in each direction: each next slice is
// prompted from the mask accepted on the one before it, and the run stops
// where the result looks implausible, for a human to look there. Every
// slice is committed and journaled as it is accepted (crash-safe); the
// whole run is one undo step.
type propagation struct {
	gen     int
	sess    *Session // the run ends if another case is opened
	caseIdx int
	class   datasets.Class
	plane   datasets.Plane
	start   int
	depth   int
	slot    *engineSlot
	slotIdx int
	family  engine.Family
	win     render.Window
	ct      bool
	rule    propagate.Rule
	inRange propagate.IntensityRange // grey values of the start mask
	group   int                      // undo group of the run's edits
	ctx     context.Context
	cancel  context.CancelFunc
	fronts  [2]*propFront // towards higher slice numbers, then lower
	width   int
	height  int
}

// propFront is one direction of a run.
type propFront struct {
	step     int    // +1 or -1
	next     int    // the slice to label next
	prev     []bool // class mask of the slice before next
	prevArea int
	done     int
	stop     string // why the front ended; "" while it runs
}

type propStepMsg struct {
	gen, front, n int
	point         bool // the prompt had the retry's click
	mask          *engine.Mask
	enc, dec      time.Duration
	err           error
}

// propagate starts carrying the active class from this slice through the
// plane in both directions.
func (m *Model) propagate() tea.Cmd {
	if m.prop != nil {
		m.setMsg("already propagating %s; %s stops it", datasets.SanitizeName(m.prop.class.Name), m.km.Cancel.Help().Key)
		return nil
	}
	if len(m.slots) == 0 {
		m.setErr(fmt.Errorf("no model is configured"))
		return nil
	}
	slot := m.slots[m.engine]
	if m.activeSemantic() {
		m.setErr(fmt.Errorf("%s is promptless: it labels every class of a slice at once, so there is no mask to carry to the next slice; %s runs it on each slice",
			datasets.SanitizeName(slot.entry.Name), m.km.Auto.Help().Key))
		return nil
	}
	c, ok := m.activeClass()
	if !ok {
		m.setErr(fmt.Errorf("no class to propagate: the dataset has no class table"))
		return nil
	}
	v := m.view()
	if v.Depth < 2 {
		m.setMsg("this %s stack has one slice: nothing to propagate to", m.plane)
		return nil
	}
	labels, _ := m.sess.Edit.Slice(m.plane, m.n)
	mask, area := classArea(labels, c.ID)
	if area == 0 {
		m.setMsg("label %s on this slice first (%s, or a prompt and %s); %s then carries it to the next slices",
			datasets.SanitizeName(c.Name), m.km.Auto.Help().Key, m.km.Accept.Help().Key, m.km.Propagate.Help().Key)
		return nil
	}
	m.propGen++
	ctx, cancel := context.WithCancel(m.ctx)
	p := &propagation{
		gen: m.propGen, sess: m.sess, caseIdx: m.opened, class: c,
		plane: m.plane, start: m.n, depth: v.Depth, width: v.Width, height: v.Height,
		slot: slot, slotIdx: m.engine, family: slot.entry.Family,
		win: m.window(), ct: m.sess.CT, rule: m.propRule,
		group: m.sess.NewGroup(), ctx: ctx, cancel: cancel,
	}
	grey, _ := m.sess.Image.Slice(m.plane, m.n)
	win := m.window()
	if win.IsAuto() {
		win = m.sess.autoWindow() // the one the frames show, resolved once per case
	}
	p.inRange = propagate.NewIntensityRange(grey, mask, p.rule.RangeMargin*win.Width)
	if p.family == "" {
		p.family = engine.FamilyBuiltin
	}
	for i, step := range []int{1, -1} {
		p.fronts[i] = &propFront{step: step, next: m.n + step, prev: mask, prevArea: area}
	}
	m.prop = p
	m.setMsg("%s", p.progress(m.km.Cancel.Help().Key))
	return m.propNext()
}

// propNext starts the next slice of the first front still running, or
// ends the run.
func (m *Model) propNext() tea.Cmd {
	p := m.prop
	for i, f := range p.fronts {
		if f.stop != "" {
			continue
		}
		if f.next < 0 || f.next >= p.depth {
			f.stop = "end of stack"
			continue
		}
		if p.classOn(f.next) {
			f.stop = fmt.Sprintf("before %d (labelled)", f.next+1)
			continue
		}
		return tea.Batch(p.stepCmd(i, f, false), m.propPrefetch(f))
	}
	return m.propFinish()
}

// classOn reports whether slice n is labelled with the run's class: such
// a slice is a human's (or an earlier run's) and is never overwritten.
func (p *propagation) classOn(n int) bool {
	k := sliceKey{p.plane, n}
	if !p.sess.Labelled(k) {
		return false
	}
	labels, _ := p.sess.Edit.Slice(p.plane, n)
	_, area := classArea(labels, p.class.ID)
	return area > 0
}

// stepCmd decodes slice f.next off the UI goroutine, through the slot's
// embedding cache (a slice precomputed or seen before is not encoded again).
func (p *propagation) stepCmd(i int, f *propFront, point bool) tea.Cmd {
	gen, n, ctx, slot := p.gen, f.next, p.ctx, p.slot
	vol, plane, win, ct := p.sess.Image, p.plane, p.win, p.ct
	prev, w, h, rule, family, caseIdx := f.prev, p.width, p.height, p.rule, p.family, p.caseIdx
	return func() tea.Msg {
		prompt, _ := rule.Prompt(prev, w, h, family, point) // prev is never empty
		img := sliceImage(vol, plane, n, win, ct)
		mask, enc, dec, err := slot.decode(ctx, embKey{caseIdx, sliceKey{plane, n}}, img, prompt)
		return propStepMsg{gen: gen, front: i, n: n, point: point, mask: mask, enc: enc, dec: dec, err: err}
	}
}

// propPrefetch asks the encoder to work ahead of the front, so for a SAM
// variant the next slices' embeddings are ready when their turn comes.
func (m *Model) propPrefetch(f *propFront) tea.Cmd {
	p := m.prop
	req := engine.PrefetchRequest{
		At:     p.slot.cacheKey(embKey{p.caseIdx, sliceKey{p.plane, f.next}}, sliceImage(p.sess.Image, p.plane, f.next, p.win, p.ct)),
		Slices: p.depth,
		Dir:    f.step,
		Load: func(n int) (*engine.Image, error) {
			return sliceImage(p.sess.Image, p.plane, n, p.win, p.ct), nil
		},
	}
	slot, idx := p.slot, p.slotIdx
	seq := slot.pfSeq.Add(1)
	slot.prog = engine.Progress{At: req.At, Total: -1}
	return func() tea.Msg {
		sent, err := slot.prefetch(seq, req)
		return prefetchMsg{slot: idx, sent: sent, err: err}
	}
}

// onPropStep accepts a slice's result into the class, or ends its front
// where the result is implausible.
func (m *Model) onPropStep(msg propStepMsg) tea.Cmd {
	p := m.prop
	if p == nil || msg.gen != p.gen {
		return nil // cancelled
	}
	if m.sess != p.sess {
		m.propEnd()
		return nil // another case was opened
	}
	if msg.err != nil {
		m.propEnd()
		m.setErr(fmt.Errorf("propagation stopped at %s slice %d: %w", p.plane, msg.n+1, msg.err))
		return m.refresh()
	}
	if msg.enc > 0 {
		m.encDur = msg.enc
	}
	m.decDur = msg.dec
	f := p.fronts[msg.front]
	if reason := p.implausible(f, msg); reason != "" {
		if p.rule.RetryPoint && !msg.point && !strings.HasPrefix(reason, "before") {
			return p.stepCmd(msg.front, f, true) // the embedding is cached now
		}
		f.stop = reason
		return m.propNext()
	}
	k := sliceKey{p.plane, msg.n} // committed: journal it (crash-safety)
	labels, _ := m.sess.Edit.Slice(k.Plane, k.N)
	m.journalAppend("accept", k, labels, m.sess.Scope(k))
	m.setMsg("%s", p.progress(m.km.Cancel.Help().Key))
	// The slice shown changed if it is this one or of another plane, which
	// every slice of the run's plane crosses.
	if p.plane != m.plane || msg.n == m.n {
		return tea.Batch(m.refresh(), m.propNext())
	}
	return m.propNext()
}

// implausible commits slice msg.n when its result passes the run's rule
// and returns "", else says why the front stops there.
func (p *propagation) implausible(f *propFront, msg propStepMsg) string {
	if p.classOn(msg.n) { // labelled while the model ran
		return fmt.Sprintf("before %d (labelled)", msg.n+1)
	}
	k := sliceKey{p.plane, msg.n}
	labels, _ := p.sess.Edit.Slice(p.plane, msg.n)
	paintFree(labels, p.class.ID, msg.mask.Pix)
	mask, area := classArea(labels, p.class.ID)
	grey, _ := p.sess.Image.Slice(p.plane, msg.n)
	if reason := p.rule.Stop(msg.n, mask, area, f.prevArea, grey, p.inRange); reason != "" {
		return reason
	}
	if _, err := p.sess.SetSliceGroup(k, labels, onlyClasses(p.class.ID), p.group); err != nil {
		return err.Error()
	}
	f.done++
	f.prev, f.prevArea, f.next = mask, area, msg.n+f.step
	return ""
}

// propFinish ends a run whose fronts have both stopped and says where a
// human should look: each front's last slice number and why it stopped
// there, short enough for a 120-column message line with the FLARE22
// class names ("propagated liver: axial 52 → 26–60 (34 new); ↑ 61: 100%
// off-range, ↓ 25: area ÷2.4; u undoes").
func (m *Model) propFinish() tea.Cmd {
	p := m.prop
	m.propEnd()
	up, down := p.fronts[0], p.fronts[1]
	total := up.done + down.done
	lo, hi := p.start-down.done, p.start+up.done
	what := fmt.Sprintf("propagated %s: %s %d → %d–%d (%d new)",
		datasets.SanitizeName(p.class.Name), p.plane, p.start+1, lo+1, hi+1, total)
	if total == 0 {
		what = fmt.Sprintf("%s did not propagate from %s %d", datasets.SanitizeName(p.class.Name), p.plane, p.start+1)
	}
	m.setMsg("%s; ↑ %s, ↓ %s%s", what, up.stop, down.stop, undoHint(total, m.km.Undo.Help().Key))
	return m.refresh()
}

func undoHint(n int, key string) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("; %s undoes", key)
}

// propCancel stops a run at the user's request; slices done stay.
func (m *Model) propCancel() tea.Cmd {
	p := m.prop
	m.propEnd()
	n := p.fronts[0].done + p.fronts[1].done
	m.setMsg("propagation of %s stopped: %d slices labelled%s", datasets.SanitizeName(p.class.Name), n, undoHint(n, m.km.Undo.Help().Key))
	return m.refresh()
}

// propEnd forgets the run and abandons its model call in flight.
func (m *Model) propEnd() {
	if m.prop != nil {
		m.prop.cancel()
		m.prop = nil
	}
}

// progress is the message line while a run goes on.
func (p *propagation) progress(stopKey string) string {
	return fmt.Sprintf("propagating %s %s … (%s stops)", datasets.SanitizeName(p.class.Name), p.counts(), stopKey)
}

// counts is "↑ 12 slices, ↓ 7", a front that has ended marked done.
func (p *propagation) counts() string {
	parts := make([]string, 2)
	for i, f := range p.fronts {
		arrow := "↑"
		if f.step < 0 {
			arrow = "↓"
		}
		parts[i] = fmt.Sprintf("%s %d", arrow, f.done)
		if f.stop != "" {
			parts[i] += " (done)"
		}
	}
	return strings.Join(parts, ", ") + " slices"
}

// propStatus is the status line's busy field during a run.
func (m *Model) propStatus() string {
	if m.prop == nil {
		return ""
	}
	return fmt.Sprintf("propagating %s %s", datasets.SanitizeName(m.prop.class.Name), m.prop.counts())
}
