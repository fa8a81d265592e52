package datasets

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// OpenRegular opens path for reading when it is a regular file (symlinks
// followed), and refuses anything else by name. Opening a named pipe for
// reading waits for a writer that may never come, which hung discovery and
// every command on a pipe; a device can be endless. The open itself does
// not block (O_NONBLOCK, a no-op for regular files) and what was opened is
// what is checked, so nothing can be swapped in between.
func OpenRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, notRegular(path, st.Mode())
	}
	return f, nil
}

// notRegular is the error for a path that is not a regular file.
func notRegular(path string, mode fs.FileMode) error {
	return fmt.Errorf("%s is %s, not a regular file", path, fileKind(mode))
}

// fileKind names what a non-regular file is, for messages.
func fileKind(mode fs.FileMode) string {
	switch {
	case mode.IsDir():
		return "a folder"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	case mode&fs.ModeSymlink != 0:
		return "a broken symbolic link"
	}
	return "a special file"
}

// isRegularEntry reports whether a folder entry is a regular file, through
// a symbolic link too.
func isRegularEntry(dir string, e fs.DirEntry) bool {
	if e.Type().IsRegular() {
		return true
	}
	if e.Type()&fs.ModeSymlink == 0 {
		return false
	}
	st, err := os.Stat(filepath.Join(dir, e.Name()))
	return err == nil && st.Mode().IsRegular()
}

// specialFileWarnings names the named pipes, sockets and devices in root
// and the folders just under it: discovery skips them, and says so.
func specialFileWarnings(root string) []string {
	var out []string
	var scan func(dir string, depth int)
	scan = func(dir string, depth int) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return
		}
		for _, e := range entries {
			p := filepath.Join(dir, e.Name())
			switch {
			case strings.HasPrefix(e.Name(), "."):
			case e.IsDir():
				if depth == 0 {
					scan(p, 1)
				}
			case !isRegularEntry(dir, e):
				mode := e.Type()
				if st, err := os.Stat(p); err == nil {
					mode = st.Mode()
				}
				if !mode.IsDir() {
					out = append(out, fmt.Sprintf("%s; skipped", notRegular(p, mode)))
				}
			}
		}
	}
	scan(root, 0)
	return out
}
