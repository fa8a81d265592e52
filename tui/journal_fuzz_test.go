package tui

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/segtui/segtui/datasets"
)

// FuzzJournal feeds mutated journals to what a restart runs: reading
// (header check, damaged lines skipped), replaying onto a session (bad
// records skipped by name), then opening for new edits, which must leave
// the file on a record boundary so that the next record reads back whole.
// Never a panic, a hang or an allocation beyond the slice size.
func FuzzJournal(f *testing.F) {
	const root, caseID = "fuzz-root", "c"
	img := &datasets.Volume{Grid: datasets.Grid{Dim: [3]int{4, 3, 2}, Spacing: [3]float64{1, 1, 1},
		Affine: datasets.Affine{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}}, DataType: datasets.Int16}
	img.Voxels = make([]float32, img.Len())
	header := `{"segtui_journal":"1","root":"fuzz-root","case":"c","shape":[4,3,2],"created":"2025-01-01T00:00:00Z"}` + "\n"
	for _, recs := range []string{
		`{"op":"accept","plane":0,"n":1,"labelled":true,"rle":[0,6,1,6],"time":"t"}` + "\n",
		`{"op":"accept","plane":1,"n":0,"labelled":true,"classes":[1,2],"rle":[2,8],"time":"t"}` + "\n" +
			`{"op":"saved","time":"t","file":"x"}` + "\n" + `{"op":"undo","plane":1,"n":0,"labelled":false,"rle":[0,8],"time":"t"}` + "\n",
		`{"op":"accept","plane":2,"n":3,"labelled":true,"rle":[5,6],"time":"t"}` + "\n" + `{"op":"acc`,
	} {
		f.Add([]byte(header + recs))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		out := filepath.Join(dir, fmt.Sprintf("out-%d", os.Getpid()))
		p := journalPath(out, root, caseID)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := NewSession(caseID, img, nil, datasets.FLARE22Classes())
		if err != nil {
			t.Fatal(err)
		}
		pj, err := readJournal(out, root, caseID, img.Dim)
		if err != nil {
			return // not this case's journal: set aside, never appended to
		}
		if pj != nil {
			applied, _ := pj.replay(s)
			if applied > len(pj.Records) {
				t.Fatalf("applied %d of %d records", applied, len(pj.Records))
			}
		}
		j, err := OpenJournal(out, root, caseID, img.Dim)
		if err != nil {
			t.Fatal(err)
		}
		defer j.Close()
		labels := []uint16{1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 0, 0}
		if err := j.Append("accept", sliceKey{datasets.Axial, 0}, labels[:s.Image.View(datasets.Axial).Width*s.Image.View(datasets.Axial).Height], allClasses()); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasSuffix(b, []byte("\n")) {
			t.Fatal("the journal does not end on a record after an append")
		}
		after, err := readJournal(out, root, caseID, img.Dim)
		if err != nil || after == nil {
			t.Fatalf("the appended record does not read back: %v", err)
		}
		if last := after.Records[len(after.Records)-1]; last.Op != "accept" || last.N != 0 || last.Plane != datasets.Axial {
			t.Fatalf("last record read back is %+v", last)
		}
	})
}
