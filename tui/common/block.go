package common

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// FitBlock pads or cuts every line to w cells and the block to h lines.
func FitBlock(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lw := ansi.StringWidth(l)
		if lw > w {
			l = ansi.Truncate(l, w, "")
		} else if lw < w {
			l += strings.Repeat(" ", w-lw)
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// PadRight pads s with spaces to w cells.
func PadRight(s string, w int) string {
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}

// ScrollRows fits rows into room lines, keeping the active row in view:
// when they do not fit, a window around it with a dim "↑ N more" /
// "↓ N more" line for what is cut above and below.
func ScrollRows(rows []string, active, room int, dim func(...string) string) []string {
	if len(rows) <= room {
		return rows
	}
	room = max(room, 3) // marker, active row, marker: FitBlock cuts the rest
	active = max(0, min(active, len(rows)-1))
	show := room - 2
	first := max(0, min(active-show/2, len(rows)-show))
	if first == 0 { // no "more above" line: one more row fits
		show++
	}
	last := min(len(rows), first+show)
	if last == len(rows) && first > 0 { // no "more below" line
		first = max(0, last-(room-1))
	}
	out := make([]string, 0, room)
	if first > 0 {
		out = append(out, dim(fmt.Sprintf("   ↑ %d more", first)))
	}
	out = append(out, rows[first:last]...)
	if last < len(rows) {
		out = append(out, dim(fmt.Sprintf("   ↓ %d more", len(rows)-last)))
	}
	return out
}
