package tui

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/phantom"
	"github.com/segtui/segtui/engine/eval"
	"github.com/segtui/segtui/engine/metrics"
)

const secondCase = "SECOND\x1b[31m_CASE" // phantomConfig's second case

// fixtureItems: results in several slices, classes and variants, one in
// the second case (the worst), two that tie at Dice 1 listed against
// class order (stomach before inferior vena cava), and one naming a case
// the dataset lacks.
var fixtureItems = []storedCase{
	{phantom.CaseID, "builtin", 40, 1, 0.9, false},   // liver, mild
	{phantom.CaseID, "builtin", 40, 3, 0.3, true},    // spleen, bad, 2 rounds
	{phantom.CaseID, "builtin-2", 36, 5, 0.6, false}, // aorta
	{secondCase, "builtin", 30, 4, 0.05, false},      // pancreas, worst, other case
	{phantom.CaseID, "builtin", 44, 13, 0.75, false}, // left kidney
	{phantom.CaseID, "builtin", 40, 11, 1, false},    // stomach, Dice 1
	{phantom.CaseID, "builtin", 40, 6, 1, false},     // IVC, Dice 1: before stomach
	{"GONE_CASE", "builtin", 40, 1, 0.1, false},      // not in this dataset
}

const known = 7 // fixtureItems in the phantom config's cases

func TestReviewOrderAndNavigation(t *testing.T) {
	res, path := reviewFixture(t, fixtureItems)
	m := newReviewModel(t, res, path, GraphicsNone, 120, 40)
	rv := m.review
	if rv.Skipped() != 1 || len(rv.Order()) != known {
		t.Fatalf("order has %d results, %d skipped; want %d and the GONE_CASE one skipped", len(rv.Order()), rv.Skipped(), known)
	}
	// Expected: every result of a known case, by stored Dice, ties by class.
	type want struct {
		caseIdx, slice int
		class          uint16
		variant        string
	}
	var exp []want
	var dices []float64
	for _, it := range fixtureItems[:known] {
		ci := 0
		if it.caseID == secondCase {
			ci = 1
		}
		exp = append(exp, want{ci, it.slice, it.class, it.variant})
		dices = append(dices, sliceDice(res, it.caseID, it.variant, it.slice, it.class))
	}
	for i := range exp { // insertion sort by (Dice, class): independent of the code under test
		for j := i; j > 0 && (dices[j] < dices[j-1] || dices[j] == dices[j-1] && exp[j].class < exp[j-1].class); j-- {
			exp[j], exp[j-1], dices[j], dices[j-1] = exp[j-1], exp[j], dices[j-1], dices[j]
		}
	}
	if exp[0].caseIdx != 1 || exp[known-2].class != 6 || exp[known-1].class != 11 {
		t.Fatalf("fixture: want the second case's result first and the Dice-1 tie in class order, got %+v", exp)
	}
	check := func(i int) {
		t.Helper()
		w := exp[i]
		c, _ := m.activeClass()
		if rv.Pos() != i || m.opened != w.caseIdx || m.plane != datasets.Axial || m.n != w.slice || c.ID != w.class || m.slots[m.engine].entry.Name != w.variant {
			t.Fatalf("failure %d: at pos %d case %d slice %d class %d model %s; want %+v", i+1, rv.Pos(), m.opened, m.n, c.ID, m.slots[m.engine].entry.Name, w)
		}
		if p := fmt.Sprintf("failure %d/%d · ", i+1, known); !strings.HasPrefix(m.msg, p) && !strings.HasPrefix(m.msg, "no ") {
			t.Errorf("status %q does not start %q", m.msg, p)
		}
	}
	check(0) // the model opens on the worst one
	for i := 1; i < known; i++ {
		press(m, "n")
		check(i)
	}
	press(m, "n")
	check(known - 1)
	if !strings.Contains(m.msg, "no further failure") {
		t.Errorf("n past the last: %q", m.msg)
	}
	for i := known - 2; i >= 0; i-- {
		press(m, "N")
		check(i)
	}
	press(m, "N")
	check(0)
	if !strings.Contains(m.msg, "no worse failure") {
		t.Errorf("N before the first: %q", m.msg)
	}
}

func TestReviewShowsStoredPromptAndMask(t *testing.T) {
	res, path := reviewFixture(t, fixtureItems)
	m := newReviewModel(t, res, path, GraphicsBlocks, 120, 40)
	// Go to the spleen result with two rounds.
	for m.review.Order()[m.review.Pos()].Slice.Class != 3 {
		press(m, "n")
	}
	f := m.review.Order()[m.review.Pos()]
	want, err := f.Slice.Mask.Decode()
	if err != nil {
		t.Fatal(err)
	}
	if m.proposal == nil || !m.storedShown() || !equalMask(m.proposal.Pix, want) {
		t.Fatal("the stored prediction is not the proposal on screen")
	}
	last := f.Slice.Prompts[len(f.Slice.Prompts)-1]
	if m.box == nil || *m.box != *last.Box || len(m.points) != 2 || m.points[0] != last.Points[0] || m.points[1] != last.Points[1] {
		t.Fatalf("prompts on screen box %v points %v; want the last round's %v %v", m.box, m.points, last.Box, last.Points)
	}
	d := sliceDice(res, phantom.CaseID, "builtin", 40, 3)
	screen := ansi.Strip(m.View())
	for _, s := range []string{
		fmt.Sprintf("failure %d/%d · spleen", m.review.Pos()+1, known) + " · slice 41 · builtin · Dice " + f3(d) + " · 2 rounds, last box [",
		"eval Dice " + f3(d),
		"2 rounds:",
		"magenta = eval",
	} {
		if !strings.Contains(screen, s) {
			t.Errorf("screen lacks %q:\n%s", s, screen)
		}
	}
	if !m.pane.ShowGT() {
		t.Error("ground truth is hidden in review")
	}
}

func TestReviewRepromptComparesWithStored(t *testing.T) {
	res, path := reviewFixture(t, fixtureItems)
	m := newReviewModel(t, res, path, GraphicsBlocks, 200, 60)
	for m.review.Order()[m.review.Pos()].Slice.Class != 1 { // liver on slice 41
		press(m, "n")
	}
	f := m.review.Order()[m.review.Pos()]
	// The frame draws the stored mask in its own colour (truecolor half
	// blocks write it as 2;R;G;B), not the live proposal's gold.
	const magenta, gold = "2;255;0;255m", "2;255;215;0m"
	if frame := strings.Join(m.frame.lines, "\n"); !strings.Contains(frame, magenta) || strings.Contains(frame, gold) {
		t.Error("half-block frame does not show the stored prediction in magenta (and only it)")
	}
	// A positive point at the liver's centre added to the stored box.
	gtLab, _ := m.sess.GT.Slice(datasets.Axial, f.Slice.Slice)
	gt := make([]bool, len(gtLab))
	for i, id := range gtLab {
		gt[i] = id == 1
	}
	press(m, " ")
	if m.review.Now() == nil || m.storedShown() {
		t.Fatalf("re-prompt did not replace the stored mask: %q", m.msg)
	}
	want, _ := metrics.Dice(gt, m.proposal.Pix)
	if diff := *m.review.Now() - want; diff > 1e-9 || diff < -1e-9 {
		t.Errorf("now Dice %.6f, metrics.Dice of the proposal %.6f", *m.review.Now(), want)
	}
	msg := "now " + f3(want) + " (builtin) vs " + f3(f.Dice) + " in eval (builtin)"
	if !strings.HasPrefix(m.msg, msg) || !strings.Contains(ansi.Strip(m.View()), "now  Dice "+f3(want)) {
		t.Errorf("status %q / panel lack %q", m.msg, msg)
	}
	if frame := strings.Join(m.frame.lines, "\n"); strings.Contains(frame, magenta) || !strings.Contains(frame, gold) {
		t.Error("the re-prompted proposal is not drawn in the live gold")
	}
	// m re-runs the same prompts on the next variant and compares again.
	press(m, "m")
	if m.review.NowBy() != "builtin-2" || !strings.Contains(m.msg, "(builtin-2) vs "+f3(f.Dice)+" in eval (builtin)") {
		t.Errorf("after m: now by %q, status %q", m.review.NowBy(), m.msg)
	}
	// Off the failure (another slice), new proposals are not compared.
	press(m, ".")
	before := m.review.Now()
	press(m, " ")
	if m.review.Now() != before {
		t.Error("a proposal on another slice was compared with the failure")
	}
	if !strings.Contains(ansi.Strip(m.View()), "(moved off it)") {
		t.Error("panel does not say the view left the failure")
	}
}

func TestReviewKeyFindsDefaultResults(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	m := newTestModel(t, GraphicsNone, 120, 40)
	press(m, "n")
	if m.review != nil || !strings.Contains(m.msg, "no evaluation results loaded") {
		t.Fatalf("n without results: %q", m.msg)
	}
	press(m, "R")
	if m.review != nil || !strings.Contains(m.msg, "no evaluation results for this data") {
		t.Fatalf("R without results: %q", m.msg)
	}
	res, path := reviewFixture(t, fixtureItems)
	b, _ := os.ReadFile(path)
	os.MkdirAll(filepath.Join(dir, "eval-results"), 0o755)
	os.WriteFile(filepath.Join(dir, "eval-results", "results.json"), b, 0o644)
	press(m, "R")
	if m.review == nil || m.review.Pos() != 0 || m.opened != 1 {
		t.Fatalf("R with eval-results/results.json: review %v, case %d, %q", m.review != nil, m.opened, m.msg)
	}
	if !strings.Contains(ansi.Strip(m.View()), fmt.Sprintf("Review 1/%d", known)) {
		t.Error("review panel not shown")
	}
	press(m, "R")
	if strings.Contains(ansi.Strip(m.View()), "Review 1/") || !strings.Contains(ansi.Strip(m.View()), "Cases") {
		t.Error("R did not hide the review panel for the case browser")
	}
	// Results of other data are refused by name.
	other := *res
	other.Dataset = filepath.Join(dir, "elsewhere")
	m2 := newTestModel(t, GraphicsNone, 120, 40)
	writeResults(t, filepath.Join(dir, "eval-results", "results.json"), &other)
	press(m2, "R")
	if m2.review != nil || !strings.Contains(m2.msg, "not this data") {
		t.Errorf("R on results of other data: %q", m2.msg)
	}
}

func writeResults(t *testing.T, p string, r *eval.Results) {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func equalMask(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func f3(v float64) string { return fmt.Sprintf("%.3f", v) }
