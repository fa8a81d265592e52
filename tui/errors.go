package tui

import (
	"errors"
	"strings"
	"syscall"

	"github.com/segtui/segtui/datasets"
)

// errorLine is an error as the message line shows it: stripped of control
// characters but not cut (the terminal's width does that), and with an
// operating-system cause (no space left on device, read-only file system,
// permission denied) moved to the front, since the paths before it would
// push it off the line.
func errorLine(err error) string {
	s := datasets.SanitizeText(err.Error())
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return s
	}
	cause := errno.Error()
	if rest, ok := strings.CutSuffix(s, ": "+cause); ok && rest != "" {
		return cause + " · " + rest
	}
	return s
}
