package review

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// view draws rv w x h with d and checks the block's size; it returns the
// lines without styles or borders.
func view(t *testing.T, rv *Model, d Data, w, h int) []string {
	t.Helper()
	rv.SetSize(w, h)
	rv.SetData(d)
	lines := strings.Split(ansi.Strip(rv.View()), "\n")
	if len(lines) != h {
		t.Fatalf("panel is %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if ansi.StringWidth(l) != w {
			t.Fatalf("line %d is %d cells wide, want %d: %q", i, ansi.StringWidth(l), w, l)
		}
		lines[i] = strings.TrimRight(strings.TrimSuffix(strings.TrimPrefix(l, "│"), "│"), " ")
	}
	return lines[1 : h-1]
}

func has(lines []string, s string) bool {
	for _, l := range lines {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// The panel shows the failure (class, case, plane and slice, model,
// stored Dice, the re-prompt's, every round's prompt, whether the stored
// mask shows and whether the view left it), then the list around it.
func TestViewFailureDetails(t *testing.T) {
	rv := newModel(t, results(items, true, false))
	if lines := view(t, rv, Data{}, 34, 30); lines[0] != "Review 0/7 worst first" || has(lines, "eval Dice") {
		t.Fatalf("before the first jump: %q", lines)
	}
	goTo(t, rv, 1) // spleen, 2 rounds
	lines := view(t, rv, Data{OnIt: true, Stored: true}, 34, 30)
	for i, want := range []string{
		"Review 2/7 worst first",
		"■ spleen",
		"CASE_A",
		"axial slice 41",
		"model builtin",
		"eval Dice 0.300",
		"now  Dice –",
		"2 rounds:",
		"1 box 1,1–4,4",
		"2 box 1,1–4,4 +2,2 −6,5",
		"magenta = eval",
		strings.Repeat("─", 32),
	} {
		if lines[i] != want {
			t.Errorf("line %d %q, want %q", i, lines[i], want)
		}
	}
	if has(lines, "(moved off it)") {
		t.Error("on the failure, the panel says the view left it")
	}
	if hint := lines[len(lines)-1]; hint != "n next N prev R hide" {
		t.Errorf("hint %q", hint)
	}
	rv.SetNow(0.8125, "builtin-2")
	lines = view(t, rv, Data{}, 34, 30)
	if !has(lines, "now  Dice 0.812") || !has(lines, "  by builtin-2") || !has(lines, "(moved off it)") || has(lines, "magenta = eval") {
		t.Errorf("after a re-prompt off the failure: %q", lines)
	}
	rv.SetPending(true)
	if has(view(t, rv, Data{}, 34, 30), "(moved off it)") {
		t.Error("while its case loads, the panel says the view left the failure")
	}
}

// listRows are the lines under the separator, up to the padding.
func listRows(lines []string) []string {
	sep := 0
	for sep < len(lines) && !strings.HasPrefix(lines[sep], "─") {
		sep++
	}
	end := sep + 1
	for end < len(lines) && lines[end] != "" {
		end++
	}
	return lines[sep+1 : end]
}

// The list shows every result's value, slice (aligned) and class, the
// variant where several failed, and marks the current one.
func TestViewList(t *testing.T) {
	rv := newModel(t, results(items, true, false))
	goTo(t, rv, 2) // aorta, builtin-2
	rows := listRows(view(t, rv, Data{OnIt: true}, 34, 30))
	for i, f := range rv.Order() {
		mark := " "
		if i == rv.Pos() {
			mark = "▸"
		}
		want := fmt.Sprintf("%s %.3f %2d %s", mark, f.Dice, f.Slice.Slice+1, rv.className(f.Slice.Class))
		if ansi.StringWidth(want)+3+len(f.Res.Variant) <= 32 { // the variant where it fits
			want += "  " + f.Res.Variant
		}
		if rows[i] != want {
			t.Errorf("row %d %q, want %q", i, rows[i], want)
		}
	}
	// A narrow panel drops the variants, then cuts the names.
	narrow := view(t, rv, Data{OnIt: true}, 20, 30)
	rows = listRows(narrow)
	if len(rows) != known || rows[2] != "▸ 0.600 37 aorta" || rows[known-1] != "  1.000 41 stomach" || rows[known-2] != "  1.000 41 inferi…" {
		t.Errorf("narrow list: %q", rows)
	}
}

// In a short panel the list scrolls to keep the current failure in view.
func TestViewListScrolls(t *testing.T) {
	var many []item
	for i := range 40 {
		many = append(many, item{caseA, "builtin", i, 1, float64(i) / 40, 0, false})
	}
	rv := newModel(t, results(many, true, false))
	rv.First()
	for range 30 {
		*rv, _, _ = rv.Update(keyMsg("n"), Context{Opened: 0})
	}
	lines := view(t, rv, Data{OnIt: true}, 34, 24)
	if !has(lines, fmt.Sprintf("▸ %.3f 31 liver", 30.0/40)) || has(lines, "0.000  1 liver") {
		t.Errorf("failure 31 of 40 is not in the short list: %q", lines)
	}
}

// Least confident first, the panel shows the confidence and the signals
// under it, and without ground truth no Dice to compare with.
func TestViewConfidence(t *testing.T) {
	rv := newModel(t, results(items, false, true))
	rv.First()
	lines := view(t, rv, Data{}, 34, 30)
	f := rv.Current()
	for _, want := range []string{
		"Review 1/7 least confident",
		fmt.Sprintf("confidence %.2f", f.Conf),
		" contrast",
		"eval Dice – (no GT)",
		fmt.Sprintf("▸ %.3f", f.Conf),
	} {
		if !has(lines, want) {
			t.Errorf("panel lacks %q: %q", want, lines)
		}
	}
	if has(lines, "now  Dice") || has(lines, "(moved off it)") {
		t.Errorf("panel compares with a Dice it does not have: %q", lines)
	}
	one, err := NewConfidence(results(items, true, true), "r.json", setup(), caseA)
	if err != nil {
		t.Fatal(err)
	}
	one.First()
	if lines := view(t, one, Data{}, 34, 30); lines[0] != "Review 1/6 this case" || !has(lines, "eval Dice ") || has(lines, "(no GT)") {
		t.Errorf("one case by confidence: %q", lines)
	}
}
