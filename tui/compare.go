package tui

import (
	"context"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/tui/compare"
)

// compareMsg brings a finished comparison (tui/compare); gen is the
// promptGen it was started at, so a newer prompt or slice drops it.
type compareMsg struct {
	gen   int
	table *compare.Table
}

// startCompare runs every variant on the current prompts (the active
// class), or, with no prompts, on ground-truth boxes for every class on
// the slice, and tabulates per-class Dice against ground truth.
func (m *Model) startCompare() tea.Cmd {
	if m.sess.GT == nil {
		m.setErr(fmt.Errorf("compare needs ground truth to score against; this case has none"))
		return nil
	}
	if len(m.slots) == 0 {
		m.setErr(fmt.Errorf("no model is configured"))
		return nil
	}
	t := &compare.Table{Plane: m.plane, N: m.n}
	var boxes []classBox
	var user *engine.Prompt
	c, _ := m.activeClass()
	if len(m.points) > 0 || m.box != nil {
		p := engine.Prompt{Points: append([]engine.Point(nil), m.points...)}
		if m.box != nil {
			b := *m.box
			p.Box = &b
		}
		user = &p
		t.Classes = []uint16{c.ID}
		t.Prompt = fmt.Sprintf("your prompts for %s", c.Name)
	} else {
		boxes = m.sess.GTClassesOnSlice(m.key())
		if len(boxes) == 0 {
			m.setMsg("no prompts and no ground truth on this slice: nothing to compare")
			return nil
		}
		for _, b := range boxes {
			t.Classes = append(t.Classes, b.ID)
		}
		t.Prompt = "ground-truth boxes"
	}
	for _, s := range m.slots {
		t.Models = append(t.Models, s.entry.Name)
	}
	gt, _ := m.sess.GT.Slice(m.plane, m.n)
	caseIdx, k, img, ctx, slots := m.opened, m.key(), m.engineImage(), m.newCall(), m.slots
	m.promptGen++
	gen := m.promptGen
	m.busy = fmt.Sprintf("comparing %d models", len(slots))
	return func() tea.Msg {
		runCompare(ctx, t, slots, embKey{caseIdx, k}, img, gt, boxes, user)
		return compareMsg{gen: gen, table: t}
	}
}

func runCompare(ctx context.Context, t *compare.Table, slots []*engineSlot, k embKey, img *engine.Image, gt []uint16, boxes []classBox, user *engine.Prompt) {
	for _, s := range slots {
		start := time.Now()
		labels := make([]uint16, len(gt))
		var err error
		if s.semantic() {
			var lab []uint16
			if lab, _, _, _, err = s.labels(ctx, k, img); err == nil {
				labels = lab // its own classes; the table scores the ones asked for
			}
		} else if user != nil {
			var mask *engine.Mask
			mask, _, _, err = s.decode(ctx, k, img, *user)
			if err == nil {
				paint(labels, t.Classes[0], mask.Pix)
			}
		} else {
			labels, _, _, err = runBoxes(ctx, s, k, img, boxes, labels)
		}
		t.Score(gt, labels, err, start)
	}
}

func (m *Model) onCompare(msg compareMsg) {
	if msg.gen != m.promptGen {
		return
	}
	m.busy = ""
	c := compare.New(msg.table, m.st)
	m.compare = &c
	m.setMsg("compared %d models on %s slice %d; any key closes the table", len(msg.table.Models), msg.table.Plane, msg.table.N+1)
}
