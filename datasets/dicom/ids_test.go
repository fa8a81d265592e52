package dicom

import (
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// Case ids name saved label files and journals, so two series must never
// share one, even when a description already reads like a numbered repeat.
func TestDICOMCaseIDsAreUnique(t *testing.T) {
	dir := t.TempDir()
	for i, desc := range []string{"AX", "AX", "AX 2"} {
		s := ctSpec(uidExplicitLE, 2, 2, 0)
		s.seriesUID, s.seriesNumber, s.desc = "1.2.3."+string(rune('1'+i)), i+1, desc
		writeDICOM(t, filepath.Join(dir, "im"+string(rune('a'+i))), s)
	}
	ds, err := datasets.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range ds.Cases {
		if seen[c.ID] {
			t.Errorf("case id %q used twice: %+v", c.ID, ds.Cases)
		}
		seen[c.ID] = true
	}
	if len(ds.Cases) != 3 {
		t.Fatalf("%d cases; want 3", len(ds.Cases))
	}
}
