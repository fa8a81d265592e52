//go:build !unix

package render

import (
	"bytes"
	"context"
	"errors"
	"os"
)

func winsize(int) (int, int, int, int, error) { return 0, 0, 0, 0, errors.New("no TIOCGWINSZ") }

func readPolled(context.Context, *os.File, *bytes.Buffer, func() bool) error {
	return errors.New("no poll")
}
