// Package common holds what every screen part of the TUI shares: the
// styles built per program and the text-block helpers the views use.
package common

import (
	"image/color"

	"github.com/charmbracelet/lipgloss"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/render"
)

// Styles are built per program from that program's renderer, so colour
// decisions follow its output (a test's ASCII profile, an SSH client).
type Styles struct {
	r                              *lipgloss.Renderer
	Title, Dim, Active, Err, Warn  lipgloss.Style
	Pane, FocusPane                lipgloss.Style
	Bar, Key, Selected, StatusLine lipgloss.Style
	Good, Mid, Bad                 lipgloss.Style
}

// Renderer is the program's renderer, for styles built on the fly.
func (s Styles) Renderer() *lipgloss.Renderer { return s.r }

// NewStyles derives every style from r.
func NewStyles(r *lipgloss.Renderer) Styles {
	border := lipgloss.RoundedBorder()
	return Styles{
		r:          r,
		Title:      r.NewStyle().Bold(true).Foreground(lipgloss.Color("111")),
		Dim:        r.NewStyle().Foreground(lipgloss.Color("244")),
		Active:     r.NewStyle().Bold(true).Foreground(lipgloss.Color("229")),
		Err:        r.NewStyle().Bold(true).Foreground(lipgloss.Color("203")),
		Warn:       r.NewStyle().Foreground(lipgloss.Color("214")),
		Pane:       r.NewStyle().Border(border).BorderForeground(lipgloss.Color("240")),
		FocusPane:  r.NewStyle().Border(border).BorderForeground(lipgloss.Color("75")),
		Bar:        r.NewStyle().Foreground(lipgloss.Color("252")).Background(lipgloss.Color("236")),
		Key:        r.NewStyle().Bold(true).Foreground(lipgloss.Color("117")),
		Selected:   r.NewStyle().Reverse(true),
		StatusLine: r.NewStyle().Foreground(lipgloss.Color("252")).Background(lipgloss.Color("235")),
		Good:       r.NewStyle().Foreground(lipgloss.Color("114")),
		Mid:        r.NewStyle().Foreground(lipgloss.Color("221")),
		Bad:        r.NewStyle().Foreground(lipgloss.Color("203")),
	}
}

// Swatch is a class colour block in the colour its overlay uses.
func (s Styles) Swatch(t datasets.ClassTable, id uint16) string {
	return s.r.NewStyle().Foreground(lipgloss.Color(hexColor(render.ClassColor(t, id)))).Render("■")
}

func hexColor(c color.RGBA) string {
	const digits = "0123456789abcdef"
	b := []byte{'#', 0, 0, 0, 0, 0, 0}
	for i, v := range []uint8{c.R, c.G, c.B} {
		b[1+2*i], b[2+2*i] = digits[v>>4], digits[v&15]
	}
	return string(b)
}

// Score colours a Dice value: green from 0.8, amber from 0.5, else red.
func (s Styles) Score(d float64, text string) string {
	switch {
	case d >= 0.8:
		return s.Good.Render(text)
	case d >= 0.5:
		return s.Mid.Render(text)
	}
	return s.Bad.Render(text)
}
