package tui

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/metrics"
)

// propLimit bounds waiting for a run: a hang, not a speed check.
const propLimit = 2 * time.Minute

// feed delivers what cmd produces through the model, synchronously.
func feed(m *Model, cmd tea.Cmd) { drive(m, runCmd(cmd)...) }

// largestSlice is the axial slice with the most ground truth of class id.
func largestSlice(s *Session, id uint16) (int, int) {
	best, bestN := -1, 0
	for n := 0; n < s.Depth(datasets.Axial); n++ {
		gt, _ := s.GT.Slice(datasets.Axial, n)
		if _, c := classArea(gt, id); c > bestN {
			best, bestN = n, c
		}
	}
	return best, bestN
}

// labelFromGTBox goes to axial slice n, prompts class index ci with its
// ground-truth bounding box there and accepts the result, as a user would
// with b, b and enter.
func labelFromGTBox(t testing.TB, m *Model, ci, n int) {
	t.Helper()
	feed(m, m.moveTo(datasets.Axial, n))
	feed(m, m.setClass(ci))
	c, _ := m.activeClass()
	for _, b := range m.sess.GTClassesOnSlice(m.key()) {
		if b.ID == c.ID {
			press(m, "esc")
			m.cx, m.cy = b.X0, b.Y0
			press(m, "b")
			m.cx, m.cy = b.X1, b.Y1
			press(m, "b", "enter")
			if _, area := classArea(sliceLabels(m, n), c.ID); area == 0 {
				t.Fatalf("%s: the GT box on slice %d gave an empty mask: %s", c.Name, n+1, m.msg)
			}
			return
		}
	}
	t.Fatalf("no %s ground truth on axial slice %d", c.Name, n+1)
}

func sliceLabels(m *Model, n int) []uint16 {
	l, _ := m.sess.Edit.Slice(m.plane, n)
	return l
}

// runPropagation presses P and runs the loop until the run has ended.
func runPropagation(t *testing.T, m *Model) *asyncLoop {
	t.Helper()
	a := newAsyncLoop(m)
	a.send(keyMsg("P"))
	a.until(t, "the propagation to end", propLimit, func() bool { return m.prop == nil })
	return a
}

// caseDice is the 3-D Dice of class id, edited labels against ground
// truth over the whole volume (every slice, labelled or not).
func caseDice(s *Session, id uint16) float64 {
	gt := classMask(s.GT.Labels, id)
	ed := classMask(s.Edit.Labels, id)
	d, _ := metrics.Dice(gt, ed)
	return d
}

// axialExtent is the first and last axial slice holding class id.
func axialExtent(l *datasets.LabelMap, id uint16) (lo, hi int) {
	lo, hi = -1, -1
	for n := 0; n < l.View(datasets.Axial).Depth; n++ {
		s, _ := l.Slice(datasets.Axial, n)
		if _, c := classArea(s, id); c > 0 {
			if lo < 0 {
				lo = n
			}
			hi = n
		}
	}
	return lo, hi
}

// builtinModel opens the phantom with only the builtin engine.
func builtinModel(t *testing.T) *Model {
	t.Helper()
	cfg := phantomConfig(t, GraphicsNone)
	cfg.Engines = []EngineEntry{builtinEntry}
	return newTestModelCfg(t, cfg)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
