package tui

import (
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/datasets"
)

// semanticProposal is a promptless model's labels for one slice, shown
// until accepted (all its classes at once) or dropped.
type semanticProposal struct {
	labels []uint16 // model output, one label per pixel
	ids    []uint16 // the classes the model predicts
	model  string
}

type semanticMsg struct {
	gen, caseIdx, engineIndex int
	key                       sliceKey
	labels, ids               []uint16
	accept                    bool
	enc, dec                  time.Duration
	err                       error
}

// activeSemantic reports whether the active variant takes no prompts.
func (m *Model) activeSemantic() bool {
	return len(m.slots) > 0 && m.slots[m.engine].semantic()
}

// refusePrompt explains, on the message line, why a point or box does
// nothing with a promptless variant.
func (m *Model) refusePrompt() {
	m.setErr(fmt.Errorf("%s takes no prompts: it labels all its classes at once; %s or %s runs it on this slice, %s accepts",
		datasets.SanitizeName(m.slots[m.engine].entry.Name), m.km.Auto.Help().Key, m.km.NextModel.Help().Key, m.km.Accept.Help().Key))
}

// runSemantic runs the active promptless variant once on the slice: as a
// proposal, or accepted at once (auto).
func (m *Model) runSemantic(accept bool) tea.Cmd {
	m.clearPrompts()
	gen, caseIdx, idx, k := m.promptGen, m.opened, m.engine, m.key()
	slot, img, ctx := m.slots[idx], m.engineImage(), m.newCall()
	m.busy = "labelling with " + datasets.SanitizeName(slot.entry.Name)
	return func() tea.Msg {
		lab, ids, enc, dec, err := slot.labels(ctx, embKey{caseIdx, k}, img)
		return semanticMsg{gen: gen, caseIdx: caseIdx, engineIndex: idx, key: k, labels: lab, ids: ids, accept: accept, enc: enc, dec: dec, err: err}
	}
}

func (m *Model) onSemantic(msg semanticMsg) tea.Cmd {
	if msg.gen != m.promptGen || msg.caseIdx != m.opened || msg.key != m.key() || msg.engineIndex != m.engine {
		return nil
	}
	if !m.modelCallDone(msg.err, msg.enc, msg.dec) {
		return nil
	}
	p := &semanticProposal{labels: msg.labels, ids: msg.ids, model: datasets.SanitizeName(m.slots[msg.engineIndex].entry.Name)}
	found := m.classNames(presentIDs(msg.labels, msg.ids))
	if msg.accept {
		m.semProp = p
		return m.acceptSemantic()
	}
	m.semProp = p
	m.setMsg("%s labelled %s; %s accepts all of them", p.model, found, m.km.Accept.Help().Key)
	return m.refresh()
}

// acceptSemantic writes every class of the proposal into the slice: each
// class's old pixels here are replaced, other labels kept.
func (m *Model) acceptSemantic() tea.Cmd {
	p := m.semProp
	labels, _ := m.sess.Edit.Slice(m.plane, m.n)
	paintLabels(labels, p.labels, p.ids)
	// The model labels its own classes only; others keep their scope.
	if err := m.commitScope("accept", labels, onlyClasses(p.ids...)); err != nil {
		return nil
	}
	m.clearPrompts()
	m.setMsg("accepted %s from %s on %s slice %d", m.classNames(presentIDs(p.labels, p.ids)), p.model, m.plane, m.n+1)
	return m.refresh()
}

// paintLabels replaces classes ids in labels with their pixels in prop.
func paintLabels(labels, prop, ids []uint16) {
	for _, id := range ids {
		for i, v := range prop {
			if v == id {
				labels[i] = id
			} else if labels[i] == id {
				labels[i] = 0
			}
		}
	}
}

// presentIDs lists the ids that occur in labels, in ids' order.
func presentIDs(labels, ids []uint16) []uint16 {
	seen := map[uint16]bool{}
	for _, v := range labels {
		seen[v] = true
	}
	var out []uint16
	for _, id := range ids {
		if seen[id] && id != 0 {
			out = append(out, id)
		}
	}
	return out
}

func (m *Model) classNames(ids []uint16) string {
	if len(ids) == 0 {
		return "no class on this slice"
	}
	var names []string
	for _, id := range ids {
		if c, ok := m.cfg.Classes.ByID(id); ok {
			names = append(names, datasets.SanitizeName(c.Name))
		} else {
			names = append(names, fmt.Sprintf("class %d", id))
		}
	}
	return strings.Join(names, ", ")
}

// semanticOverlay is what the pane shows for a pending proposal: the
// labels with the proposal's classes painted in, and its outline.
func (p *semanticProposal) overlay(labels []uint16) ([]uint16, []bool) {
	out := append([]uint16(nil), labels...)
	paintLabels(out, p.labels, p.ids)
	mask := make([]bool, len(p.labels))
	for i, v := range p.labels {
		mask[i] = v != 0
	}
	return out, mask
}
