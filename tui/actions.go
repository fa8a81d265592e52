package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/metrics"
	"github.com/segtui/segtui/engine/region"
)

type caseLoadedMsg struct {
	gen, idx int
	img      *datasets.Volume
	gt       *datasets.LabelMap
	err      error
}

type decodedMsg struct {
	gen         int
	mask        *engine.Mask
	enc, dec    time.Duration
	err         error
	engineIndex int
	region      region.Rect // what the model saw
}

type autoMsg struct {
	gen, caseIdx int
	key          sliceKey
	labels       []uint16
	classes      int
	enc, dec     time.Duration
	err          error
}

// openCase loads case i in the background; a newer open makes it stale.
func (m *Model) openCase(i int) tea.Cmd {
	if i == m.opened && m.sess != nil {
		return nil
	}
	if m.sess != nil && !m.jh.journaled() {
		m.setErr(fmt.Errorf("%s stays open: the edits of %d slices are not journaled (%s); %s saves them", m.sess.CaseID, len(m.jh.pending), m.jh.cause(), m.km.Save.Help().Key))
		return nil
	}
	m.loadGen++
	gen := m.loadGen
	m.loading = m.cfg.Cases[i].ID
	load, ctx := m.caseLoader(), m.ctx
	return func() tea.Msg {
		img, gt, err := load(ctx, i)
		return caseLoadedMsg{gen: gen, idx: i, img: img, gt: gt, err: err}
	}
}

func (m *Model) onCaseLoaded(msg caseLoadedMsg) tea.Cmd {
	if msg.gen != m.loadGen {
		return nil
	}
	m.loading = ""
	if msg.err != nil {
		m.setErr(fmt.Errorf("open %s: %w", datasets.SanitizeName(m.cfg.Cases[msg.idx].ID), msg.err))
		return nil
	}
	id := m.cfg.Cases[msg.idx].ID
	classes, unnamed := m.caseClasses(msg.gt)
	sess, err := NewSession(id, msg.img, msg.gt, classes)
	if err != nil {
		m.setErr(err)
		return nil
	}
	m.useClasses(classes)
	if unnamed && !m.cfg.classes.hinted {
		m.cfg.classes.hinted = true
		m.addNotice(unnamedHint)
	}
	sess.CT = msg.img.LooksCT() // one scan of the volume, not one per call
	if m.journal != nil {
		m.journal.Close()
		m.journal = nil
	}
	m.jh.reset()
	m.sess, m.opened = sess, msg.idx
	m.prefetchAround(msg.idx)
	m.plane = datasets.Axial
	v := m.view()
	m.n, m.cx, m.cy = startSlice(sess), v.Width/2, v.Height/2
	m.pane.ResetWindow(sess.CT) // auto unless the values are HU
	m.clearPrompts()
	if note := m.openLabels(); note != "" {
		m.addNotice(note)
	}
	m.setMsg("opened %s (%s, %s)", sess.CaseID, msg.img.ShapeString(), msg.img.Orientation())
	pj, err := readJournal(m.cfg.OutDir, m.cfg.Root, id, msg.img.Dim)
	if err != nil {
		m.setJournalAside(err)
		return tea.Batch(m.refresh(), m.prefetch())
	}
	if pj != nil && m.labels.loaded && pj.savedTo(m.labels.path) {
		pj.Records = pj.Records[len(pj.Records)-pj.Unsaved:] // the rest is in the file
	}
	if pj != nil && len(pj.Records) > 0 {
		m.restore = pj
		return m.refresh()
	}
	m.openJournal()
	return tea.Batch(m.refresh(), m.prefetch())
}

// openJournal opens the case's journal for new edits; a failure is kept
// on the status line and retried at the next edit.
func (m *Model) openJournal() {
	j, err := OpenJournal(m.cfg.OutDir, m.cfg.Root, m.cfg.Cases[m.opened].ID, m.sess.Image.Dim)
	if err != nil {
		m.jh.failed(err)
		if m.msg == "" {
			m.msg = m.journalWarning()
		} else if !strings.Contains(m.msg, m.journalWarning()) {
			m.msg += " · " + m.journalWarning()
		}
		m.msgErr = true
		return
	}
	if j.Cut > 0 {
		m.addNotice(fmt.Sprintf("journal: cut a torn last record (%d bytes, from a crash or a full disk) so new edits start on a line of their own", j.Cut))
	}
	m.journal = j
}

// onRestoreKey answers "restore journaled edits?": y replays them, n moves
// the journal aside (kept, never deleted) and starts fresh.
func (m *Model) onRestoreKey(msg tea.KeyMsg) tea.Cmd {
	pj := m.restore
	switch msg.String() {
	case "y", "enter":
		m.restore = nil
		applied, err := pj.replay(m.sess)
		if err != nil {
			m.setErr(fmt.Errorf("restored %d journaled edits (%d labelled slices), but %w", applied, m.sess.LabelledCount(), err))
		} else {
			m.setMsg("restored %d journaled edits (%d labelled slices)", applied, m.sess.LabelledCount())
			if pj.Unsaved == 0 {
				m.sess.MarkSaved()
			}
		}
		if s := firstLabelled(m.sess); s >= 0 {
			m.n = s
		}
		m.openJournal()
	case "n", "esc":
		m.restore = nil
		j, err := OpenJournal(m.cfg.OutDir, m.cfg.Root, m.cfg.Cases[m.opened].ID, m.sess.Image.Dim)
		if err == nil {
			err = j.Discard()
		}
		if err != nil {
			m.setErr(err)
		} else if m.labels.loaded {
			m.setMsg("journal set aside; starting from the saved labels in %s (%d labelled slices)", filepath.Base(m.labels.path), m.sess.LabelledCount())
		} else {
			m.setMsg("journal set aside; starting with empty labels")
		}
		m.openJournal()
	default:
		return nil
	}
	m.resend()
	return tea.Batch(m.refresh(), m.prefetch())
}

func firstLabelled(s *Session) int {
	best := -1
	for k := range s.labelled {
		if k.Plane == datasets.Axial && (best < 0 || k.N < best) {
			best = k.N
		}
	}
	return best
}

// startSlice is the axial slice with the most labelled ground truth, so a
// case opens on anatomy; the middle slice without ground truth. Labels are
// counted in one pass in storage order: copying each axial slice out made
// 157 MB of garbage on a 512x512x300 case.
func startSlice(s *Session) int {
	v := s.Image.View(datasets.Axial)
	if s.GT == nil {
		return v.Depth / 2
	}
	counts := make([]int, v.Depth)
	d, o := s.GT.Dim, 0
	for k := 0; k < d[2]; k++ {
		for j := 0; j < d[1]; j++ {
			for i, id := range s.GT.Labels[o : o+d[0]] {
				if id != 0 {
					counts[[3]int{i, j, k}[v.Through]]++
				}
			}
			o += d[0]
		}
	}
	best, bestN := v.Depth/2, 0
	for n := range v.Depth {
		if c := counts[v.Voxel(n, 0, 0)[v.Through]]; c > bestN {
			best, bestN = n, c
		}
	}
	return best
}

// engineImage copies the current slice for a model call.
func (m *Model) engineImage() *engine.Image {
	return sliceImage(m.sess.Image, m.plane, m.n, m.window(), m.sess.CT)
}

// runPrompt decodes the current prompts on the active model.
func (m *Model) runPrompt() tea.Cmd {
	if len(m.slots) == 0 {
		m.setErr(fmt.Errorf("no model is configured"))
		return nil
	}
	if len(m.points) == 0 && m.box == nil {
		return nil
	}
	m.promptGen++
	gen, idx := m.promptGen, m.engine
	p := engine.Prompt{Points: append([]engine.Point(nil), m.points...), Candidates: true}
	if m.box != nil {
		b := *m.box
		p.Box = &b
	}
	// The region the prompts went to so far, while it holds them, so a
	// refinement decodes on the same embedding as the mask it refines.
	reg := m.propRegion
	if reg.Empty() || !reg.Holds(p) {
		reg = m.modelRegion(p)
	}
	if m.proposal != nil && len(m.points) > 1 && reg == m.propRegion {
		p.Prev = m.proposal.LowRes // refine the previous mask with the new click
	}
	v := m.view()
	slot, k, img, ctx := m.slots[idx], embKey{m.opened, m.key()}, m.regionImage(reg), m.newCall()
	m.busy = "decoding"
	return func() tea.Msg {
		mask, enc, dec, err := slot.decodeIn(ctx, k, img, p, reg, v.Width, v.Height)
		return decodedMsg{gen: gen, mask: mask, enc: enc, dec: dec, err: err, engineIndex: idx, region: reg}
	}
}

func (m *Model) onDecoded(msg decodedMsg) tea.Cmd {
	if msg.gen != m.promptGen {
		return nil // prompts changed while it ran
	}
	if !m.modelCallDone(msg.err, msg.enc, msg.dec) {
		return nil
	}
	m.proposal, m.propRegion = msg.mask, msg.region
	c, _ := m.activeClass()
	m.setMsg("proposal for %s: %d px, score %.2f; %s accepts%s", datasets.SanitizeName(c.Name), metrics.Area(msg.mask.Pix), msg.mask.Score, m.km.Accept.Help().Key, m.candidateHint(msg.mask))
	return m.refresh()
}

// modelCallDone records a finished model call for the status line: not
// busy, the error if any (false then), else the encoder and decoder times.
func (m *Model) modelCallDone(err error, enc, dec time.Duration) bool {
	m.busy = ""
	if err != nil {
		m.setErr(err)
		return false
	}
	if enc > 0 {
		m.encDur = enc
	}
	m.decDur = dec
	if s := m.slots[m.engine]; !s.noticeShown {
		if _, fellBack := s.device(); fellBack {
			s.noticeShown = true
			m.addNotice(fmt.Sprintf("%s: CUDA unavailable, running on CPU (segtui doctor says why)", datasets.SanitizeName(s.entry.Name)))
		}
	}
	return true
}

// accept writes the proposal into the active class on this slice: the
// class's old pixels here are replaced, other classes are kept except
// where the proposal covers them.
func (m *Model) accept() tea.Cmd {
	if m.semProp != nil {
		return m.acceptSemantic()
	}
	if m.proposal == nil {
		m.setMsg("nothing to accept: place a point (%s) or a box (%s) first", m.km.Positive.Help().Key, m.km.Box.Help().Key)
		return nil
	}
	c, ok := m.activeClass()
	if !ok {
		m.setErr(fmt.Errorf("no class to label: the dataset has no class table"))
		return nil
	}
	labels, _ := m.sess.Edit.Slice(m.plane, m.n)
	paint(labels, c.ID, m.proposal.Pix)
	if err := m.commitScope("accept", labels, onlyClasses(c.ID)); err != nil {
		return nil
	}
	m.clearPrompts()
	m.setMsg("accepted %s on %s slice %d", datasets.SanitizeName(c.Name), m.plane, m.n+1)
	return m.refresh()
}

func paint(labels []uint16, id uint16, pix []bool) {
	for i, on := range pix {
		if on {
			labels[i] = id
		} else if labels[i] == id {
			labels[i] = 0
		}
	}
}

// commit records a slice edit labelling every class (auto-prompt and a
// semantic model's accept-all) in the session and the journal.
func (m *Model) commit(op string, labels []uint16) error {
	return m.commitScope(op, labels, allClasses())
}

// commitScope is commit for the classes in scope (added to the slice's).
func (m *Model) commitScope(op string, labels []uint16, scope classScope) error {
	k := m.key()
	e, err := m.sess.SetSlice(k, labels, scope)
	if err != nil {
		m.setErr(err)
		return err
	}
	m.journalAppend(op, k, labels, e.ScopeAfter)
	return nil
}

// undoRedo takes back (or re-applies) the last edit, or the whole group
// it belongs to (a propagation run), journaling each slice.
func (m *Model) undoRedo(undo bool) tea.Cmd {
	if m.prop != nil {
		m.propEnd() // a run would go on from slices being taken back
	}
	op, step, group := "undo", m.sess.Undo, m.sess.UndoGroup
	if !undo {
		op, step, group = "redo", m.sess.Redo, m.sess.RedoGroup
	}
	g := group()
	var k sliceKey
	n := 0
	for {
		key, labels, scope, ok := step()
		if !ok {
			break
		}
		m.journalAppend(op, key, labels, scope)
		k = key
		n++
		if g == 0 || group() != g {
			break
		}
	}
	if n == 0 {
		m.setMsg("nothing to %s", op)
		return nil
	}
	m.clearPrompts()
	if n > 1 {
		m.setMsg("%s of a propagation: %d %s slices", op, n, k.Plane)
	} else {
		m.setMsg("%s on %s slice %d", op, k.Plane, k.N+1)
	}
	if k != m.key() {
		m.plane, m.n = k.Plane, k.N
		return tea.Batch(m.refresh(), m.prefetch())
	}
	return m.refresh()
}

// auto prompts the active model with each ground-truth class's bounding box
// on this slice (the zero-shot protocol) and accepts all results as one edit.
func (m *Model) auto() tea.Cmd {
	if m.activeSemantic() {
		return m.runSemantic(true) // no ground truth needed: no prompts
	}
	if m.sess.GT == nil {
		m.setErr(fmt.Errorf("auto-prompt needs ground truth; this case has none"))
		return nil
	}
	boxes := m.sess.GTClassesOnSlice(m.key())
	if len(boxes) == 0 {
		m.setMsg("no ground truth on this slice")
		return nil
	}
	if len(m.slots) == 0 {
		m.setErr(fmt.Errorf("no model is configured"))
		return nil
	}
	if spec := m.autoTiles(); !spec.Off() {
		return m.autoTiled(spec) // a large 2-D image: tile by tile
	}
	m.clearPrompts()
	gen, caseIdx, k := m.promptGen, m.opened, m.key()
	slot, img, ctx := m.slots[m.engine], m.engineImage(), m.newCall()
	labels, _ := m.sess.Edit.Slice(m.plane, m.n)
	m.busy = fmt.Sprintf("auto-prompting %d classes", len(boxes))
	return func() tea.Msg {
		out, enc, dec, err := runBoxes(ctx, slot, embKey{caseIdx, k}, img, boxes, labels)
		return autoMsg{gen: gen, caseIdx: caseIdx, key: k, labels: out, classes: len(boxes), enc: enc, dec: dec, err: err}
	}
}

// runBoxes decodes one box per class and paints the masks over labels.
func runBoxes(ctx context.Context, slot *engineSlot, k embKey, img *engine.Image, boxes []classBox, labels []uint16) ([]uint16, time.Duration, time.Duration, error) {
	out := append([]uint16(nil), labels...)
	var enc, dec time.Duration
	for _, b := range boxes {
		p := engine.Prompt{Box: &engine.Box{X0: float64(b.X0), Y0: float64(b.Y0), X1: float64(b.X1), Y1: float64(b.Y1)}}
		mask, e, d, err := slot.decode(ctx, k, img, p)
		if err != nil {
			return nil, enc, dec, err
		}
		enc += e
		dec += d
		paint(out, b.ID, mask.Pix)
	}
	return out, enc, dec, nil
}

func (m *Model) onAuto(msg autoMsg) tea.Cmd {
	if msg.gen != m.promptGen || msg.caseIdx != m.opened || msg.key != m.key() {
		return nil
	}
	if !m.modelCallDone(msg.err, msg.enc, msg.dec/time.Duration(max(1, msg.classes))) {
		return nil
	}
	if err := m.commit("accept", msg.labels); err != nil {
		return nil
	}
	m.setMsg("auto-prompted %d classes from ground-truth boxes and accepted", msg.classes)
	return m.refresh()
}

// save writes the labels under the out folder; it reports success.
func (m *Model) save() bool {
	if m.sess == nil {
		return false
	}
	path, format, note, err := m.saveLabels()
	if note != "" {
		m.addNotice(note)
	}
	if err != nil {
		m.setErr(err)
		return false
	}
	m.sess.MarkSaved()
	m.journalSaved(path)
	m.setMsg("saved %s as %s (%d labelled slices)", path, format, m.sess.LabelledCount())
	return true
}
