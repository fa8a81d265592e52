package datasets

import (
	"os"
	"path/filepath"
	"testing"
)

// touch writes a file for the internal tests (the discovery tests, which
// are external, have their own).
func touch(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// mustRead reads a file or fails the test (a copy of the NIfTI tests').
func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
