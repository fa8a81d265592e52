package classpanel

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/tui/common"
)

func newPanel(d Data, w, h int) Model {
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	p := New(common.NewStyles(r))
	p.SetSize(w, h, 12)
	p.SetData(d)
	return p
}

func classes(n int) datasets.ClassTable {
	var t datasets.ClassTable
	for i := 1; i <= n; i++ {
		t.Classes = append(t.Classes, datasets.Class{ID: uint16(i), Name: fmt.Sprintf("organ%d", i)})
	}
	return t
}

// Scores show as three decimals; a class the slice has no ground truth for
// shows a dash, as does a case without ground truth, which says so.
func TestScoresAndDashes(t *testing.T) {
	d := Data{Classes: classes(2), Active: 0, Open: true, HasGT: true, SliceDone: true,
		Scores: map[uint16]Score{
			1: {Slice: 0.912, Case: 0.85, SliceOK: true, CaseOK: true},
			2: {Case: 0.4, CaseOK: true},
		},
		SliceOrg: 0.912, CaseOrg: 0.625, SliceMeansOK: true, CaseMeansOK: true, LabelledSlices: 3}
	v := newPanel(d, 12+RowW+2, 16).View()
	for _, want := range []string{"1 organ1", "0.912", "0.850", "0.400", "mean organs", "0.625", "case: 3 labelled slices"} {
		if !strings.Contains(v, want) {
			t.Errorf("panel lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "not labelled yet") {
		t.Errorf("a labelled slice is called unlabelled:\n%s", v)
	}
	d.HasGT = false
	if v := newPanel(d, 12+RowW+2, 16).View(); !strings.Contains(v, "no ground truth") || strings.Contains(v, "0.912") {
		t.Errorf("without ground truth:\n%s", v)
	}
}

// Forty classes in a short pane scroll to keep the active one and the
// means in view, and every line fits the pane's width.
func TestManyClassesKeepActiveInView(t *testing.T) {
	d := Data{Classes: classes(40), Active: 30, Open: true, HasGT: true, SliceDone: true}
	w := 12 + RowW + 2
	v := newPanel(d, w, 20).View()
	lines := strings.Split(v, "\n")
	if len(lines) != 20 {
		t.Fatalf("%d lines, want 20", len(lines))
	}
	for i, l := range lines {
		if ansi.StringWidth(l) != w {
			t.Errorf("line %d is %d wide, want %d", i, ansi.StringWidth(l), w)
		}
	}
	for _, want := range []string{"▸", "31 organ31", "more", "mean with bg"} {
		if !strings.Contains(v, want) {
			t.Errorf("panel lacks %q:\n%s", want, v)
		}
	}
}
