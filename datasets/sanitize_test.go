package datasets

import (
	"strings"
	"testing"
)

func TestSanitizeName(t *testing.T) {
	cases := []struct{ in, want string }{
		{"liver", "liver"},
		{"  right kidney\t", "right kidney"},
		{"\x1b[31mred\x1b[0m", "red"},
		{"a\x1b]0;pwned\x07b", "ab"},
		{"a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "alink"},
		{"x\x1bPq#0;2;0;0;0\x1b\\y", "xy"},
		{"bell\x07 and\r\nnewline", "bell andnewline"},
		{"c1\u009b2Jcsi", "c1csi"},
		{"bidi\u202eevil", "bidievil"},
		{"bad\xffutf8", "bad\ufffdutf8"},
		{"ESC at end\x1b", "ESC at end"},
		{"Leber (Lebe\u0301r) 肝臓", "Leber (Lebe\u0301r) 肝臓"},
	}
	for _, c := range cases {
		if got := SanitizeName(c.in); got != c.want {
			t.Errorf("SanitizeName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	long := strings.Repeat("é", 500)
	if got := []rune(SanitizeName(long)); len(got) != maxNameRunes {
		t.Errorf("long name kept %d runes, want %d", len(got), maxNameRunes)
	}
	for _, c := range cases {
		for _, r := range SanitizeName(c.in) {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Errorf("SanitizeName(%q) kept control %U", c.in, r)
			}
		}
	}
}
