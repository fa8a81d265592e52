package tui

import (
	"testing"

	"github.com/segtui/segtui/datasets"
)

// A propagated axial slice crosses every coronal and sagittal slice, so a
// user watching another plane during the run must get a new frame for
// each committed slice; only a slice of the run's own plane, other than
// the one shown, leaves the view unchanged.
func TestPropagationRefreshesAnotherPlane(t *testing.T) {
	m := builtinModel(t)
	n, _ := largestSlice(m.sess, 1)
	labelFromGTBox(t, m, 0, n)
	cmd := m.propagate()
	if m.prop == nil {
		t.Fatalf("P did not start: %s", m.msg)
	}
	// The user looks at the coronal slice through the liver meanwhile.
	m.plane, m.n = datasets.Coronal, m.cy
	for _, msg := range runCmd(cmd) {
		step, ok := msg.(propStepMsg)
		if !ok {
			continue
		}
		gen := m.pane.Gen()
		m.onPropStep(step)
		if !m.sess.Labelled(sliceKey{datasets.Axial, step.n}) {
			t.Fatalf("axial slice %d was not committed: %s", step.n+1, m.msg)
		}
		if m.pane.Gen() == gen {
			t.Fatalf("committing axial slice %d did not refresh the coronal slice %d shown, which it crosses", step.n+1, m.n+1)
		}
		return
	}
	t.Fatal("P sent no step")
}
