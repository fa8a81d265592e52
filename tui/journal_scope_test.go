package tui

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/phantom"
)

// restart opens the same data as a process started after a crash would
// and answers y to the restore offer.
func restart(t *testing.T, cfg Config) *Model {
	t.Helper()
	m := New(context.Background(), cfg, asciiRenderer())
	t.Cleanup(m.Close)
	drive(m, sizeMsg(120, 40))
	drive(m, runCmd(m.Init())...)
	if m.restore == nil {
		t.Fatal("no journal offered")
	}
	press(m, "y")
	return m
}

// The journal keeps each slice's class scope: a restore brings back which
// classes each slice was labelled for, and a record without one (as
// written before scopes) restores as labelled for every class.
func TestJournalRestoresClassScope(t *testing.T) {
	m := builtinModel(t)
	both := axialWith(m.sess, 1, 3)
	kAll, kLiver := m.key(), sliceKey{datasets.Axial, both[0]}
	if kAll == kLiver {
		kLiver.N = both[len(both)-1]
	}
	press(m, "a")
	labelFromGTBox(t, m, 0, kLiver.N)
	feed(m, m.moveTo(kAll.Plane, kAll.N))
	want := caseScores(m)

	raw, err := os.ReadFile(journalPath(m.cfg.OutDir, m.cfg.Root, phantom.CaseID))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(lines) != 3 || strings.Contains(lines[1], `"classes"`) || !strings.Contains(lines[2], `"labelled":true,"classes":[1],`) {
		t.Fatalf("want a header, an all-class record without classes and a liver record with classes [1]:\n%.300s", raw)
	}

	b := restart(t, m.cfg)
	if !b.sess.Scope(kAll).All || !b.sess.Scope(kLiver).Equal(onlyClasses(1)) || b.sess.LabelledCount() != 2 {
		t.Fatalf("restored scopes %v, want %v all classes and %v the liver", b.sess.labelled, kAll, kLiver)
	}
	feed(b, b.moveTo(kAll.Plane, kAll.N))
	sameCase(t, "restored", caseScores(b), want)
	b.Close()

	// The same journal as an earlier version wrote it.
	old := strings.Replace(string(raw), `"classes":[1],`, "", 1)
	if err := os.WriteFile(journalPath(m.cfg.OutDir, m.cfg.Root, phantom.CaseID), []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	c := restart(t, m.cfg)
	if !c.sess.Scope(kAll).All || !c.sess.Scope(kLiver).All {
		t.Fatalf("a record without classes restored scopes %v, want all classes", c.sess.labelled)
	}
	feed(c, c.moveTo(kAll.Plane, kAll.N))
	if d, _ := diceOver(c.sess, 3, []sliceKey{kAll, kLiver}); caseScores(c)[3].Case != d {
		t.Errorf("spleen case %.6f, want %.6f over both slices as before scopes", caseScores(c)[3].Case, d)
	}
}

// A record whose classes cannot be a scope is refused by file and record.
func TestJournalBadClassScope(t *testing.T) {
	m := builtinModel(t)
	labelFromGTBox(t, m, 0, m.n)
	path := journalPath(m.cfg.OutDir, m.cfg.Root, phantom.CaseID)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct{ from, to, want string }{
		{`"classes":[1]`, `"classes":[0,1]`, "0, the background"},
		{`"labelled":true`, `"labelled":false`, "not labelled"},
		// A plane past sagittal indexed the plane table before any check.
		{`"plane":0`, `"plane":3`, "plane 3"},
		{`"plane":0`, `"plane":-1`, "plane -1"},
	} {
		if err := os.WriteFile(path, []byte(strings.Replace(string(raw), bad.from, bad.to, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		pj, err := readJournal(m.cfg.OutDir, m.cfg.Root, phantom.CaseID, m.sess.Image.Dim)
		if err != nil {
			t.Fatal(err)
		}
		s, err := NewSession(phantom.CaseID, m.sess.Image, m.sess.GT, m.sess.Classes)
		if err != nil {
			t.Fatal(err)
		}
		err = pj.replay(s)
		if err == nil || !strings.Contains(err.Error(), bad.want) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "record 1") {
			t.Errorf("%s: want an error naming %q, the file and record 1, got %v", bad.to, bad.want, err)
		}
	}
}

func TestClassScopeUnion(t *testing.T) {
	for _, c := range []struct {
		a, b, want classScope
	}{
		{classScope{}, onlyClasses(3), onlyClasses(3)},
		{onlyClasses(3), onlyClasses(1, 3), onlyClasses(1, 3)},
		{onlyClasses(5, 1), allClasses(), allClasses()},
		{allClasses(), onlyClasses(2), allClasses()},
	} {
		if got := c.a.Union(c.b); !got.Equal(c.want) {
			t.Errorf("%v ∪ %v = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	if s := onlyClasses(4, 0, 2, 4); !s.Equal(classScope{IDs: []uint16{2, 4}}) || s.Has(0) || !s.Has(4) || s.Has(3) {
		t.Errorf("onlyClasses(4, 0, 2, 4) = %v", s)
	}
	if onlyClasses(0).Labelled() || !allClasses().Has(9) {
		t.Error("background alone is no scope; all classes has every class")
	}
}
