package keymap

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A default keys.conf that cannot be read (a folder, a named pipe) is an
// UnreadableError with the default keys, so start-up can go on and say
// so; named with --keys it stays an error. A pipe must not hang.
func TestUnreadableDefaultConfig(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "folder.conf")
	os.Mkdir(folder, 0o755)
	pipe := filepath.Join(dir, "pipe.conf")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
	for _, p := range []string{folder, pipe} {
		done := make(chan error, 1)
		go func() {
			_, err := Load(p, false)
			done <- err
		}()
		var err error
		select {
		case err = <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("Load(%s) hangs", p)
		}
		var ue *UnreadableError
		if !errors.As(err, &ue) {
			t.Errorf("Load(%s, false) = %v; want an UnreadableError", p, err)
		}
		if _, err := Load(p, true); err == nil {
			t.Errorf("Load(%s, true) accepted an unreadable --keys file", p)
		}
	}
}
