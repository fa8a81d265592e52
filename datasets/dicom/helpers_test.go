package dicom

import (
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Copies of the discovery tests' file helpers, for the DICOM folder tests.

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

// treeHash fingerprints every file under root, to prove reads never write.
// requireTreeUnchanged fails when reading changed or added a file under root.
func requireTreeUnchanged(t *testing.T, root string, before map[string][32]byte) {
	t.Helper()
	after := treeHash(t, root)
	for p, h := range before {
		if after[p] != h {
			t.Errorf("%s changed while reading", p)
		}
	}
	if len(after) != len(before) {
		t.Errorf("reading created files: %d before, %d after", len(before), len(after))
	}
}

func treeHash(t *testing.T, root string) map[string][32]byte {
	t.Helper()
	h := map[string][32]byte{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			h[p] = sha256.Sum256(data)
		}
		return nil
	})
	return h
}
