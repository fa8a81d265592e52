package datasets

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameRunes bounds names taken from files so one hostile name cannot
// flood a terminal line.
const maxNameRunes = 200

// SanitizeName makes text that came from a file safe to print to a
// terminal: escape sequences (CSI, OSC, DCS and two-byte ESC forms) are
// removed whole, other control and bidi-override characters are dropped,
// invalid UTF-8 becomes U+FFFD, surrounding space is trimmed and the result
// is cut to 200 runes.
func SanitizeName(s string) string { return sanitize(s, maxNameRunes) }

// SanitizeText is SanitizeName without the length cap, for messages (an
// error quoting a path, a library's report) that must be read whole.
func SanitizeText(s string) string { return sanitize(s, -1) }

// sanitize strips s as SanitizeName says, keeping at most limit runes
// (no limit when negative).
func sanitize(s string, limit int) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(s) && n != limit; {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
			n++
			i++
			continue
		case r == 0x1b:
			i += escapeLen(s[i:])
			continue
		case r == 0x9b || r == 0x9d || r == 0x90: // C1 CSI, OSC, DCS
			i += size + sequenceBodyLen(s[i+size:], r == 0x9b)
			continue
		case unicode.IsControl(r) || isBidiControl(r):
			i += size
			continue
		}
		b.WriteRune(r)
		n++
		i += size
	}
	return strings.TrimSpace(b.String())
}

// escapeLen is the length of the escape sequence starting at s[0] == ESC.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		return 2 + sequenceBodyLen(s[2:], true)
	case ']', 'P', '_', '^', 'X':
		return 2 + sequenceBodyLen(s[2:], false)
	}
	return 2 // ESC plus one final byte, e.g. ESC c
}

// sequenceBodyLen measures a CSI body (parameters up to a final byte
// 0x40..0x7e) or a string body (up to BEL or ST).
func sequenceBodyLen(s string, csi bool) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if csi {
			if c >= 0x40 && c <= 0x7e {
				return i + 1
			}
			if c < 0x20 || c > 0x3f {
				return i // malformed: stop before the odd byte
			}
			continue
		}
		if c == 0x07 {
			return i + 1
		}
		if c == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
			return i + 2
		}
	}
	return len(s)
}

func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// Clip sanitises text from a file (SanitizeName) and cuts it to 120 bytes,
// for quoting a header value or a name in an error message.
func Clip(s string) string {
	s = SanitizeName(s)
	if len(s) > 120 {
		return s[:120] + "..."
	}
	return s
}
