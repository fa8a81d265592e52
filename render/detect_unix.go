//go:build unix

package render

import (
	"bytes"
	"context"
	"errors"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

func winsize(fd int) (cols, rows, xpix, ypix int, err error) {
	ws, err := unix.IoctlGetWinsize(fd, unix.TIOCGWINSZ)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	return int(ws.Col), int(ws.Row), int(ws.Xpixel), int(ws.Ypixel), nil
}

// readPolled reads with poll(2) so a silent terminal costs the timeout and
// leaves no reader behind to steal later key presses.
func readPolled(ctx context.Context, f *os.File, buf *bytes.Buffer, done func() bool) error {
	fd := int(f.Fd())
	b := make([]byte, 256)
	for {
		deadline, _ := ctx.Deadline()
		ms := int(time.Until(deadline).Milliseconds())
		if ms <= 0 {
			return nil
		}
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, ms)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		if fds[0].Revents&(unix.POLLIN|unix.POLLHUP) == 0 {
			return errors.New("render: terminal not readable")
		}
		k, err := unix.Read(fd, b)
		if k > 0 {
			buf.Write(b[:k])
			if done() {
				return nil
			}
		}
		if err != nil && !errors.Is(err, unix.EAGAIN) && !errors.Is(err, unix.EINTR) {
			return err
		}
		if k == 0 && err == nil {
			return nil // end of file
		}
	}
}
