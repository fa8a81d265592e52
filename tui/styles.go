package tui

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/segtui/segtui/tui/common"
)

// Styles are the program's styles, shared by every screen part (see
// tui/common).
type Styles = common.Styles

// NewStyles derives every style from r.
func NewStyles(r *lipgloss.Renderer) Styles { return common.NewStyles(r) }

// fitBlock pads or cuts every line to w cells and the block to h lines.
func fitBlock(s string, w, h int) string { return common.FitBlock(s, w, h) }

// scrollRows fits class rows into room lines around the active one.
func scrollRows(rows []string, active, room int, dim func(...string) string) []string {
	return common.ScrollRows(rows, active, room, dim)
}
