package datasets

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileAtomicWritesAndReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	for _, text := range []string{"first", "second, longer than the first"} {
		err := WriteFileAtomic(path, func(w io.Writer) error {
			_, err := io.WriteString(w, text)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := string(mustRead(t, path)); got != text {
			t.Fatalf("file holds %q, want %q", got, text)
		}
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o644 {
		t.Errorf("new file mode %v, want 0644", st.Mode().Perm())
	}
	assertNoTemp(t, dir)
}

// A failed write leaves the old file untouched and no temporary behind.
func TestWriteFileAtomicKeepsOldOnError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "keep.txt")
	os.WriteFile(path, []byte("precious"), 0o600)
	boom := errors.New("disk on fire")
	err := WriteFileAtomic(path, func(w io.Writer) error {
		io.WriteString(w, "half a fi")
		return boom
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %v should wrap the writer's error and name %s", err, path)
	}
	if got := string(mustRead(t, path)); got != "precious" {
		t.Fatalf("old file now holds %q", got)
	}
	assertNoTemp(t, dir)

	// Replacing keeps the old file's permissions.
	if err := WriteFileAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the old file's 0600", st.Mode().Perm())
	}
}

func TestWriteFileAtomicBadTargets(t *testing.T) {
	dir := t.TempDir()
	err := WriteFileAtomic(dir, func(w io.Writer) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("writing over a directory: %v", err)
	}
	missing := filepath.Join(dir, "no", "such", "dir", "f")
	if err := WriteFileAtomic(missing, func(w io.Writer) error { return nil }); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("writing into a missing directory: %v", err)
	}
}

// A reader never sees a partial file: while a large write is under way
// the target still holds the complete old content.
func TestWriteFileAtomicReaderSeesOldOrNew(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big")
	os.WriteFile(path, []byte("old"), 0o644)
	err := WriteFileAtomic(path, func(w io.Writer) error {
		for i := 0; i < 1000; i++ {
			fmt.Fprintf(w, "%01000d", i)
			if i == 500 {
				if got := string(mustRead(t, path)); got != "old" {
					return fmt.Errorf("mid-write the target holds %d bytes, not the old file", len(got))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(mustRead(t, path)); n != 1000*1000 {
		t.Errorf("final size %d, want 1000000", n)
	}
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}
