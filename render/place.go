package render

import (
	"strconv"
	"strings"
)

// Place returns the overlay string for a Bubble Tea v1 view: save cursor,
// move to (row, col) (1-based), the image, restore cursor. Appended to the
// view's last line it measures as zero width and goes out in the same
// write as the frame (notes/terminal.md). With tmux set, the image is
// wrapped for passthrough while the cursor moves stay with tmux, which
// positions the outer cursor before forwarding.
func Place(row, col int, payload []byte, tmux bool) string {
	var sb strings.Builder
	sb.Grow(len(payload) + 32)
	sb.WriteString("\x1b7\x1b[")
	sb.WriteString(strconv.Itoa(max(1, row)))
	sb.WriteByte(';')
	sb.WriteString(strconv.Itoa(max(1, col)))
	sb.WriteByte('H')
	if tmux {
		sb.WriteString(TmuxWrap(payload))
	} else {
		sb.Write(payload)
	}
	sb.WriteString("\x1b8")
	return sb.String()
}

// TmuxWrap wraps an escape sequence for tmux passthrough: DCS tmux; with
// every ESC doubled, then ST. Needs `set -g allow-passthrough on`.
func TmuxWrap(payload []byte) string {
	var sb strings.Builder
	sb.Grow(len(payload) + len(payload)/64 + 16)
	sb.WriteString("\x1bPtmux;")
	for _, c := range payload {
		if c == 0x1b {
			sb.WriteByte(0x1b)
		}
		sb.WriteByte(c)
	}
	sb.WriteString("\x1b\\")
	return sb.String()
}
