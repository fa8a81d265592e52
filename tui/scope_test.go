package tui

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine/metrics"
)

// diceOver is class id's 3-D Dice over the given slices, counted here
// from the label maps so it does not lean on metrics.CaseDice.
func diceOver(s *Session, id uint16, keys []sliceKey) (float64, bool) {
	var o metrics.Overlap
	for _, k := range keys {
		gt, _ := s.GT.Slice(k.Plane, k.N)
		ed, _ := s.Edit.Slice(k.Plane, k.N)
		for i := range gt {
			g, p := gt[i] == id, ed[i] == id
			if g {
				o.GT++
			}
			if p {
				o.Pred++
			}
			if g && p {
				o.Inter++
			}
		}
	}
	return o.Dice()
}

// caseScores maps class id to its row of the Dice panel.
func caseScores(m *Model) map[uint16]ClassScore {
	out := map[uint16]ClassScore{}
	for _, sc := range m.sess.Scores(m.key()) {
		out[sc.Class.ID] = sc
	}
	return out
}

// sameCase reports classes whose case column differs between two panels.
func sameCase(t *testing.T, what string, got, want map[uint16]ClassScore, skip ...uint16) {
	t.Helper()
	for id, w := range want {
		if slices.Contains(skip, id) {
			continue
		}
		g := got[id]
		if g.Case != w.Case || g.CaseOK != w.CaseOK || g.CaseSlices != w.CaseSlices {
			t.Errorf("%s: class %d (%s) case %.6f ok=%v on %d slices, want %.6f ok=%v on %d",
				what, id, w.Class.Name, g.Case, g.CaseOK, g.CaseSlices, w.Case, w.CaseOK, w.CaseSlices)
		}
	}
}

func scopes(s *Session) map[sliceKey]classScope { return maps.Clone(s.labelled) }

func sameScopes(a, b map[sliceKey]classScope) bool {
	return maps.EqualFunc(a, b, func(x, y classScope) bool { return x.Equal(y) })
}

// The case from the issue: a on the start slice (all classes), then P for
// the liver. Every other organ is scored on the start slice alone, the
// liver on every slice it was propagated to; u and ctrl+r restore scopes
// and Dice exactly, and the journal alone rebuilds them after a crash.
func TestCaseDicePerClassAfterPropagation(t *testing.T) {
	m := builtinModel(t)
	start := m.key()
	press(m, "a")
	if !m.sess.Scope(start).All {
		t.Fatalf("a should label every class: scope %v (%s)", m.sess.Scope(start), m.msg)
	}
	afterA, scopesA := caseScores(m), scopes(m.sess)
	press(m, "1")
	runPropagation(t, m)
	if m.sess.LabelledCount() < 10 {
		t.Fatalf("only %d labelled slices after P: %s", m.sess.LabelledCount(), m.msg)
	}
	afterP, scopesP := caseScores(m), scopes(m.sess)
	var keys []sliceKey
	for k, sc := range scopesP {
		keys = append(keys, k)
		if k != start && !sc.Equal(onlyClasses(1)) {
			t.Errorf("propagated slice %v has scope %v, want the liver only", k, sc)
		}
	}
	for id, sc := range afterP {
		if id == 1 {
			continue
		}
		want, ok := diceOver(m.sess, id, []sliceKey{start})
		if sc.CaseSlices != 1 || sc.CaseOK != ok || (ok && sc.Case != want) {
			t.Errorf("%s: case %.6f ok=%v on %d slices, want its start-slice Dice %.6f ok=%v on 1",
				sc.Class.Name, sc.Case, sc.CaseOK, sc.CaseSlices, want, ok)
		}
	}
	sameCase(t, "other organs after P", afterP, afterA, 1)
	liver := afterP[1]
	want, _ := diceOver(m.sess, 1, keys)
	if !liver.CaseOK || liver.Case != want || liver.CaseSlices != len(keys) {
		t.Errorf("liver case %.6f on %d slices, want %.6f over all %d", liver.Case, liver.CaseSlices, want, len(keys))
	}
	view := stripANSI(m.View())
	if !strings.Contains(view, "liver scored on "+strconv.Itoa(len(keys))) {
		t.Errorf("the panel should count the liver's slices:\n%s", view)
	}

	// A crash now: the journal holds every propagated slice with its scope.
	m2 := New(context.Background(), m.cfg, asciiRenderer())
	t.Cleanup(m2.Close)
	drive(m2, sizeMsg(120, 40))
	drive(m2, runCmd(m2.Init())...)
	if m2.restore == nil {
		t.Fatal("no journal offered after P")
	}
	press(m2, "y")
	if !slices.Equal(m2.sess.Edit.Labels, m.sess.Edit.Labels) || !sameScopes(scopes(m2.sess), scopesP) {
		t.Fatalf("restore rebuilt %d labelled slices with scopes %v, want %v", m2.sess.LabelledCount(), scopes(m2.sess), scopesP)
	}
	feed(m2, m2.moveTo(start.Plane, start.N))
	sameCase(t, "restored", caseScores(m2), afterP)

	press(m, "u")
	if !sameScopes(scopes(m.sess), scopesA) {
		t.Fatalf("u left scopes %v, want %v", scopes(m.sess), scopesA)
	}
	feed(m, m.moveTo(start.Plane, start.N))
	sameCase(t, "after u", caseScores(m), afterA)
	press(m, "ctrl+r")
	if !sameScopes(scopes(m.sess), scopesP) {
		t.Fatalf("ctrl+r left scopes %v, want %v", scopes(m.sess), scopesP)
	}
	feed(m, m.moveTo(start.Plane, start.N))
	sameCase(t, "after ctrl+r", caseScores(m), afterP)
}

// axialWith lists the axial slices whose ground truth has every class in ids.
func axialWith(s *Session, ids ...uint16) []int {
	var out []int
	for n := 0; n < s.Depth(datasets.Axial); n++ {
		gt, _ := s.GT.Slice(datasets.Axial, n)
		all := true
		for _, id := range ids {
			all = all && slices.Contains(gt, id)
		}
		if all {
			out = append(out, n)
		}
	}
	return out
}

// rowOf is the Dice panel row of a class label such as "3 spleen".
func rowOf(t *testing.T, view, label string) string {
	t.Helper()
	for _, l := range strings.Split(view, "\n") {
		if i := strings.Index(l, label); i >= 0 {
			return strings.TrimRight(strings.TrimSpace(l[i+len(label):]), " │")
		}
	}
	t.Fatalf("no %q row in the panel:\n%s", label, view)
	return ""
}

// enter on one class scores that class alone there: other classes keep
// their case Dice, and undo/redo bring back the scope before and after.
func TestEnterScoresOnlyTheAcceptedClass(t *testing.T) {
	m := builtinModel(t)
	both := axialWith(m.sess, 1, 3)
	if len(both) < 3 {
		t.Fatalf("the phantom has %d axial slices with liver and spleen, want 3", len(both))
	}
	first, second, third := both[0], both[len(both)/2], both[len(both)-1]

	// Liver alone on a fresh case: every other class has a dash.
	labelFromGTBox(t, m, 0, first)
	k1 := sliceKey{datasets.Axial, first}
	if !m.sess.Scope(k1).Equal(onlyClasses(1)) {
		t.Fatalf("enter on the liver gave scope %v", m.sess.Scope(k1))
	}
	sc := caseScores(m)
	if d, _ := diceOver(m.sess, 1, []sliceKey{k1}); !sc[1].CaseOK || sc[1].Case != d || sc[1].CaseSlices != 1 {
		t.Fatalf("liver case %.6f ok=%v on %d slices, want %.6f on 1", sc[1].Case, sc[1].CaseOK, sc[1].CaseSlices, d)
	}
	for id, s := range sc {
		if id != 1 && (s.CaseOK || s.CaseSlices != 0) {
			t.Errorf("%s was not labelled but has case %.3f ok=%v on %d slices", s.Class.Name, s.Case, s.CaseOK, s.CaseSlices)
		}
	}
	_, _, co, ca, _, okC := Means(m.sess.Scores(m.key()))
	if !okC || co != sc[1].Case || ca != sc[1].Case {
		t.Errorf("means organs %.6f, with bg %.6f (ok %v): want the liver's %.6f alone", co, ca, okC, sc[1].Case)
	}
	view := stripANSI(m.View())
	if row := rowOf(t, view, "3 spleen"); !strings.HasSuffix(row, "–") || !strings.HasPrefix(row, "0.000") {
		t.Errorf("spleen row %q: want slice 0.000 (missed here) and a dash for the case", row)
	}
	if !strings.Contains(view, "liver scored on 1") {
		t.Errorf("no per-class count for the active class:\n%s", view)
	}

	// a labels every class on a second slice; enter on the liver there
	// keeps it all-class.
	feed(m, m.moveTo(datasets.Axial, second))
	press(m, "a")
	k2 := sliceKey{datasets.Axial, second}
	labelFromGTBox(t, m, 0, second)
	if !m.sess.Scope(k2).All {
		t.Fatalf("enter after a narrowed the scope to %v", m.sess.Scope(k2))
	}
	before := caseScores(m)

	// Liver, then spleen, on a third slice.
	k3 := sliceKey{datasets.Axial, third}
	labelFromGTBox(t, m, 0, third)
	liverOnly := caseScores(m)
	sameCase(t, "after enter on the liver", liverOnly, before, 1)
	if d, _ := diceOver(m.sess, 1, []sliceKey{k1, k2, k3}); liverOnly[1].Case != d || liverOnly[1].CaseSlices != 3 {
		t.Errorf("liver case %.6f on %d slices, want %.6f on 3", liverOnly[1].Case, liverOnly[1].CaseSlices, d)
	}
	labelFromGTBox(t, m, 2, third)
	if !m.sess.Scope(k3).Equal(onlyClasses(1, 3)) {
		t.Fatalf("liver then spleen gave scope %v, want both", m.sess.Scope(k3))
	}
	withSpleen := caseScores(m)
	sameCase(t, "after enter on the spleen", withSpleen, before, 1, 3)
	if d, _ := diceOver(m.sess, 3, []sliceKey{k2, k3}); withSpleen[3].Case != d || withSpleen[3].CaseSlices != 2 {
		t.Errorf("spleen case %.6f on %d slices, want %.6f on 2", withSpleen[3].Case, withSpleen[3].CaseSlices, d)
	}

	press(m, "u")
	if !m.sess.Scope(k3).Equal(onlyClasses(1)) {
		t.Fatalf("u left scope %v, want the liver only", m.sess.Scope(k3))
	}
	sameCase(t, "after u", caseScores(m), liverOnly)
	press(m, "u")
	if m.sess.Labelled(k3) {
		t.Fatalf("a second u left scope %v", m.sess.Scope(k3))
	}
	sameCase(t, "after u u", caseScores(m), before)
	press(m, "ctrl+r", "ctrl+r")
	if !m.sess.Scope(k3).Equal(onlyClasses(1, 3)) {
		t.Fatalf("ctrl+r ctrl+r left scope %v", m.sess.Scope(k3))
	}
	sameCase(t, "after ctrl+r ctrl+r", caseScores(m), withSpleen)
}
