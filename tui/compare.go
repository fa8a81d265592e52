package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/metrics"
)

// compareTable is per-class Dice on one slice for each model variant.
type compareTable struct {
	key     sliceKey
	prompt  string // what the variants were given
	models  []string
	classes []uint16
	dice    [][]float64 // [model][class], NaN when not scored
	ok      [][]bool
	times   []time.Duration
	errs    []string
}

type compareMsg struct {
	gen   int
	table *compareTable
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
	t := &compareTable{key: m.key()}
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
		t.classes = []uint16{c.ID}
		t.prompt = fmt.Sprintf("your prompts for %s", c.Name)
	} else {
		boxes = m.sess.GTClassesOnSlice(m.key())
		if len(boxes) == 0 {
			m.setMsg("no prompts and no ground truth on this slice: nothing to compare")
			return nil
		}
		for _, b := range boxes {
			t.classes = append(t.classes, b.ID)
		}
		t.prompt = "ground-truth boxes"
	}
	for _, s := range m.slots {
		t.models = append(t.models, s.entry.Name)
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

func runCompare(ctx context.Context, t *compareTable, slots []*engineSlot, k embKey, img *engine.Image, gt []uint16, boxes []classBox, user *engine.Prompt) {
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
				paint(labels, t.classes[0], mask.Pix)
			}
		} else {
			labels, _, _, err = runBoxes(ctx, s, k, img, boxes, labels)
		}
		row, ok := make([]float64, len(t.classes)), make([]bool, len(t.classes))
		msg := ""
		if err != nil {
			msg = err.Error()
		} else {
			counts, _ := metrics.ClassDice(gt, labels, t.classes)
			for i, id := range t.classes {
				row[i], ok[i] = counts[id].Dice()
			}
		}
		t.dice, t.ok = append(t.dice, row), append(t.ok, ok)
		t.times, t.errs = append(t.times, time.Since(start)), append(t.errs, msg)
	}
}

func (m *Model) onCompare(msg compareMsg) {
	if msg.gen != m.promptGen {
		return
	}
	m.busy = ""
	m.compare = msg.table
	m.setMsg("compared %d models on %s slice %d; any key closes the table", len(msg.table.models), msg.table.key.Plane, msg.table.key.N+1)
}

// view draws the table w cells wide in the image pane's place.
func (t *compareTable) view(st Styles, classes datasets.ClassTable, w int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n  %s on %s slice %d (%s)\n\n", st.Title.Render("Model comparison"), t.key.Plane, t.key.N+1, t.prompt)
	nameW := 14
	fmt.Fprintf(&b, "  %-*s", nameW, "class")
	for _, n := range t.models {
		fmt.Fprintf(&b, " %9s", ansi.Truncate(datasets.SanitizeName(n), 9, "…"))
	}
	b.WriteString("\n")
	for ci, id := range t.classes {
		c, _ := classes.ByID(id)
		fmt.Fprintf(&b, "  %s %-*s", st.Swatch(classes, c.ID), nameW-2, ansi.Truncate(datasets.SanitizeName(c.Name), nameW-2, "…"))
		for mi := range t.models {
			if t.errs[mi] != "" || !t.ok[mi][ci] {
				fmt.Fprintf(&b, " %9s", "–")
				continue
			}
			d := t.dice[mi][ci]
			b.WriteString(" " + st.Score(d, fmt.Sprintf("%9.3f", d)))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "  %-*s", nameW, "mean")
	for mi := range t.models {
		var s []float64
		for ci := range t.classes {
			if t.errs[mi] == "" && t.ok[mi][ci] {
				s = append(s, t.dice[mi][ci])
			}
		}
		if len(s) == 0 {
			fmt.Fprintf(&b, " %9s", "–")
		} else {
			fmt.Fprintf(&b, " %9.3f", mean(s))
		}
	}
	fmt.Fprintf(&b, "\n  %-*s", nameW, "time")
	for mi := range t.models {
		fmt.Fprintf(&b, " %7dms", t.times[mi].Milliseconds())
	}
	for mi, e := range t.errs {
		if e != "" {
			fmt.Fprintf(&b, "\n  %s", st.Err.Render(ansi.Truncate(datasets.SanitizeName(t.models[mi]+": "+e), w, "…")))
		}
	}
	b.WriteString("\n\n  " + st.Dim.Render("any key closes"))
	return b.String()
}
