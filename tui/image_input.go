package tui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/tui/imagepane"
)

// applyImage does what the image pane asked for (tui/imagepane decodes its
// keys and mouse): the cursor, slice and prompts it acts on are root state
// that the status line, review and the frames share, and the zoom needs
// the slice and the pane's size. Display options the pane has applied.
func (m *Model) applyImage(a imagepane.Action) tea.Cmd {
	switch a.Kind {
	case imagepane.Move:
		v := m.view()
		m.cx = max(0, min(v.Width-1, m.cx+a.DX))
		m.cy = max(0, min(v.Height-1, m.cy+a.DY))
		m.viewState().Follow(m.zoomFit(), m.cx, m.cy) // keep it off the view's edges
		return m.refresh()
	case imagepane.Slice:
		return m.moveTo(m.plane, m.n+a.Step)
	case imagepane.NextPlane:
		return m.moveTo(m.plane.Next(), m.n)
	case imagepane.CycleWindow, imagepane.ToggleGT, imagepane.TogglePred, imagepane.CycleOpacity:
		return m.refresh() // the pane has applied them
	case imagepane.Point:
		if a.Mouse {
			m.cx, m.cy = a.X, a.Y
		}
		return m.addPoint(m.cx, m.cy, a.Positive)
	case imagepane.BoxCorner:
		return m.boxCorner(m.cx, m.cy)
	case imagepane.BoxDrag:
		m.cx, m.cy = a.X, a.Y
		m.corner = &[2]int{a.FromX, a.FromY}
		return m.boxCorner(a.X, a.Y)
	case imagepane.Cancel:
		if m.corner != nil {
			m.corner = nil
			m.setMsg("box cancelled")
		} else {
			m.clearPrompts()
			m.setMsg("prompts cleared")
		}
		return m.refresh()
	case imagepane.Candidate:
		return m.nextCandidate()
	case imagepane.Accept:
		return m.accept()
	case imagepane.Undo:
		return m.undoRedo(true)
	case imagepane.Redo:
		return m.undoRedo(false)
	case imagepane.Auto:
		return m.auto()
	case imagepane.Propagate:
		return m.propagate()
	case imagepane.Zoom:
		return m.zoomKey(a.Step)
	case imagepane.WheelZoom:
		return m.wheelZoom(a.Step, a.Col, a.Row)
	case imagepane.Focus:
		m.focus = focusImage
	}
	return nil
}
