package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// A click while the comparison table covers the image closes the table,
// as a key does, and places no prompt behind it: the user cannot see
// where it would land.
func TestClickWhileCompareOpenClosesItOnly(t *testing.T) {
	m := newTestModel(t, GraphicsBlocks, 140, 45)
	if m.frame.mapping.W == 0 {
		t.Fatalf("no frame: %v", m.frame.err)
	}
	col, row := m.imageOrigin()
	mc, mr := col+m.frame.mapping.W/2, row+m.frame.mapping.H/4
	press(m, "M")
	if m.compare == nil {
		t.Fatalf("M showed no table: %s", m.msg)
	}
	drive(m, tea.MouseMsg{X: mc, Y: mr, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft},
		tea.MouseMsg{X: mc, Y: mr, Action: tea.MouseActionRelease, Button: tea.MouseButtonLeft})
	if len(m.points) != 0 || m.box != nil {
		t.Errorf("a click on the table placed prompts behind it: points %+v box %+v", m.points, m.box)
	}
	if m.compare != nil || strings.Contains(m.View(), "Model comparison") {
		t.Error("a click leaves the table open")
	}
	drive(m, tea.MouseMsg{X: mc, Y: mr, Action: tea.MouseActionPress, Button: tea.MouseButtonRight})
	if len(m.points) != 1 || m.points[0].Positive {
		t.Errorf("once the table is closed a right click places a negative point: %+v", m.points)
	}
}

// The help overlay is closed by a click the same way, and a wheel turn
// while it is open neither closes it nor changes the slice behind it.
func TestClickWhileHelpOpenClosesItOnly(t *testing.T) {
	m := newTestModel(t, GraphicsBlocks, 140, 45)
	col, row := m.imageOrigin()
	mc, mr := col+m.frame.mapping.W/2, row+m.frame.mapping.H/4
	press(m, "?")
	if !m.help {
		t.Fatal("? opened no help")
	}
	n := m.n
	drive(m, tea.MouseMsg{X: mc, Y: mr, Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown})
	if !m.help || m.n != n {
		t.Errorf("wheel under help: help %v, slice %d -> %d", m.help, n, m.n)
	}
	drive(m, tea.MouseMsg{X: mc, Y: mr, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft},
		tea.MouseMsg{X: mc, Y: mr, Action: tea.MouseActionRelease, Button: tea.MouseButtonLeft})
	if m.help || len(m.points) != 0 {
		t.Errorf("click under help: help %v, points %+v", m.help, m.points)
	}
}
