package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/nifti"
	"github.com/segtui/segtui/datasets/phantom"
)

// phantomFiles writes the demo's image and label files, as segtui demo does.
func phantomFiles(t *testing.T) (img, lab string) {
	t.Helper()
	img, lab, err := phantom.Write(t.TempDir(), phantom.DefaultSeed)
	if err != nil {
		t.Fatal(err)
	}
	return img, lab
}

// openOptions opens real files the way the app does (openDataset), with
// the real built-in engine, at w x h.
func openOptions(t *testing.T, opts Options, w, h int) *Model {
	t.Helper()
	cfg := phantomConfig(t, GraphicsNone)
	cfg.Cases, cfg.Load, cfg.Classes = nil, nil, datasets.ClassTable{}
	if err := openDataset(&cfg, opts); err != nil {
		t.Fatal(err)
	}
	m := newTestModelCfg(t, cfg)
	drive(m, sizeMsg(w, h))
	if m.sess == nil {
		t.Fatalf("case did not open: %s", m.msg)
	}
	return m
}

// screenFits checks every line is the terminal's width and the screen
// its height, and returns the screen without styling.
func screenFits(t *testing.T, m *Model) string {
	t.Helper()
	v := m.View()
	lines := strings.Split(v, "\n")
	if len(lines) != m.h {
		t.Errorf("%d lines, want %d", len(lines), m.h)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w != m.w {
			t.Errorf("line %d is %d cells wide, want %d: %q", i, w, m.w, ansi.Strip(l))
		}
	}
	return ansi.Strip(v)
}

// mostOf moves to the axial slice with the most voxels of id in gt and
// returns that slice's labels.
func mostOf(t *testing.T, m *Model, gt *datasets.LabelMap, id uint16) []uint16 {
	t.Helper()
	best, bestN := -1, 0
	for n := 0; n < gt.View(datasets.Axial).Depth; n++ {
		sl, _ := gt.Slice(datasets.Axial, n)
		c := 0
		for _, v := range sl {
			if v == id {
				c++
			}
		}
		if c > bestN {
			best, bestN = n, c
		}
	}
	if best < 0 {
		t.Fatalf("no voxel of id %d", id)
	}
	drive(m, runCmd(m.moveTo(datasets.Axial, best))...)
	sl, _ := gt.Slice(datasets.Axial, best)
	return sl
}

// labelDice is the Dice of id between two slices' labels.
func labelDice(a, b []uint16, id uint16) float64 {
	var inter, na, nb int
	for i := range a {
		x, y := a[i] == id, b[i] == id
		if x {
			na++
		}
		if y {
			nb++
		}
		if x && y {
			inter++
		}
	}
	if na+nb == 0 {
		return 1
	}
	return 2 * float64(inter) / float64(na+nb)
}

// One CT file with nothing naming its classes: class 1 is active, a box
// and enter label it, s saves id 1, and the message line says once how to
// name the classes.
func TestSingleFileWithoutLabelsLabelsClass1(t *testing.T) {
	imgPath, labPath := phantomFiles(t)
	m := openOptions(t, Options{Path: imgPath}, 100, 30)
	if !strings.Contains(m.msg, "--classes flare22") || !strings.Contains(m.msg, "opened PHANTOM_0001") {
		t.Errorf("message line %q should say how to name the classes and that the case opened", m.msg)
	}
	c, ok := m.activeClass()
	if !ok || c.ID != 1 || c.Name != "class 1" || len(m.cfg.Classes.Classes) != 9 {
		t.Fatalf("active class %+v (of %d), want class 1 of 9", c, len(m.cfg.Classes.Classes))
	}
	screen := screenFits(t, m)
	for _, row := range []string{"1 class 1", "9 class 9", "no ground truth"} {
		if !strings.Contains(screen, row) {
			t.Errorf("class pane lacks %q:\n%s", row, screen)
		}
	}
	press(m, "3")
	if c, _ := m.activeClass(); c.ID != 3 {
		t.Errorf("key 3 chose class %d", c.ID)
	}
	press(m, "1")

	gt, err := nifti.ReadLabels(labPath)
	if err != nil {
		t.Fatal(err)
	}
	want := mostOf(t, m, gt, 1) // the liver, labelled here as class 1
	v := m.view()
	x0, y0, x1, y1 := v.Width, v.Height, -1, -1
	for i, id := range want {
		if id == 1 {
			x, y := i%v.Width, i/v.Width
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
		}
	}
	m.cx, m.cy = x0, y0
	press(m, "b")
	m.cx, m.cy = x1, y1
	press(m, "b")
	if m.proposal == nil {
		t.Fatalf("box gave no proposal: %s", m.msg)
	}
	press(m, "enter")
	if !m.sess.Labelled(m.key()) || strings.Contains(m.msg, "no class") {
		t.Fatalf("enter did not label the slice: %s", m.msg)
	}
	press(m, "s")
	matches, _ := filepath.Glob(filepath.Join(m.cfg.OutDir, "*_labels.nii.gz"))
	if len(matches) != 1 {
		t.Fatalf("saved files %v (message %q)", matches, m.msg)
	}
	saved, err := nifti.ReadLabels(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	counts := saved.Counts()
	if len(counts) != 2 || counts[1] == 0 {
		t.Fatalf("saved ids %v, want background and id 1", counts)
	}
	got, _ := saved.Slice(datasets.Axial, m.n)
	if d := labelDice(got, want, 1); d < 0.7 {
		t.Errorf("saved class 1 vs the liver: Dice %.3f, want >= 0.7", d)
	}
	// The hint is said once: another message replaces it.
	if strings.Contains(m.msg, "--classes") {
		t.Errorf("hint still on the message line: %q", m.msg)
	}
}

// One file plus --labels: the 13 ground-truth ids are listed, with Dice
// after auto-prompt, and fit the 100x30 minimum.
func TestSingleFileWithLabelsListsGTClasses(t *testing.T) {
	imgPath, labPath := phantomFiles(t)
	for _, sz := range [][2]int{{100, 30}, {140, 45}} {
		m := openOptions(t, Options{Path: imgPath, Labels: labPath}, sz[0], sz[1])
		if strings.Contains(m.msg, "--classes") {
			t.Errorf("no hint when the ground truth gives classes: %q", m.msg)
		}
		press(m, "a")
		screen := screenFits(t, m)
		onSlice := map[uint16]bool{}
		for _, b := range m.sess.GTClassesOnSlice(m.key()) {
			onSlice[b.ID] = true
		}
		if len(onSlice) < 5 {
			t.Fatalf("start slice has %d classes; expected the busiest slice", len(onSlice))
		}
		for id := uint16(1); id <= 13; id++ {
			row := classLabel(datasets.Class{ID: id, Name: fmt.Sprintf("class %d", id)})
			if !strings.Contains(screen, row) {
				t.Errorf("%dx%d: class pane lacks %q:\n%s", sz[0], sz[1], row, screen)
				continue
			}
			if onSlice[id] {
				if d := diceOnScreen(t, screen, row+" "); d < 0.3 {
					t.Errorf("%s slice Dice %.3f on screen", row, d)
				}
			}
		}
	}
}

// --classes flare22 names the ids: liver is shown and scored.
func TestClassesFlagNamesGT(t *testing.T) {
	imgPath, labPath := phantomFiles(t)
	m := openOptions(t, Options{Path: imgPath, Labels: labPath, Classes: "flare22"}, 120, 40)
	press(m, "a")
	screen := screenFits(t, m)
	if d := diceOnScreen(t, screen, "1 liver"); d < 0.8 {
		t.Errorf("liver Dice %.3f", d)
	}
	if strings.Contains(screen, "class 1 ") {
		t.Errorf("generic names left beside FLARE22's:\n%s", screen)
	}
	// Without ground truth the flag still names the classes, with no hint.
	m = openOptions(t, Options{Path: imgPath, Classes: "FLARE22"}, 120, 40)
	if c, _ := m.activeClass(); c.Name != "liver" || strings.Contains(m.msg, "--classes") {
		t.Errorf("active %q, message %q", c.Name, m.msg)
	}
}

// A bad classes file stops the app before the terminal is taken, naming
// the file and line; an unknown name lists the choices.
func TestClassesFlagErrors(t *testing.T) {
	imgPath, _ := phantomFiles(t)
	bad := filepath.Join(t.TempDir(), "organs.txt")
	if err := os.WriteFile(bad, []byte("1 liver\n2 spleen\ntwo kidney\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{imgPath, ""} { // a file, and the phantom demo
		cfg := Config{}
		err := loadData(&cfg, Options{Path: path, Classes: bad})
		if err == nil || !strings.Contains(err.Error(), "--classes: "+bad+":3: expected \"ID NAME\"") {
			t.Errorf("path %q: %v", path, err)
		}
		err = loadData(&cfg, Options{Path: path, Classes: "flare"})
		if err == nil || !strings.Contains(err.Error(), "flare22, gid, sirst") {
			t.Errorf("path %q unknown name: %v", path, err)
		}
	}
}

// Names from a classes file are shown without their control characters.
func TestClassesFileControlCharactersStripped(t *testing.T) {
	imgPath, labPath := phantomFiles(t)
	file := filepath.Join(t.TempDir(), "names.txt")
	body := "1 li\x1b[31mver\x07\n2 \x1b]0;pwned\x07kidney\u202e\n3 sp\u009b2Jleen\n"
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	m := openOptions(t, Options{Path: imgPath, Labels: labPath, Classes: file}, 120, 40)
	v := m.View()
	if strings.ContainsAny(v, "\x07\u009b\u202e") || strings.Contains(v, "pwned") || strings.Contains(v, "\x1b") {
		t.Errorf("control characters reached the screen: %q", v)
	}
	screen := screenFits(t, m)
	for _, row := range []string{"1 liver", "2 kidney", "3 spleen", "4 class 4"} {
		if !strings.Contains(screen, row) {
			t.Errorf("class pane lacks %q:\n%s", row, screen)
		}
	}
}

// A DICOM series with --labels lists the segmentation's classes 1 and 2.
func TestDICOMWithLabelsListsClasses(t *testing.T) {
	dir := "../../shared/realdata/dcmqi-ct3"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real data not present (%s): %v", dir, err)
	}
	m := openOptions(t, Options{Path: dir, Labels: filepath.Join(dir, "liver_spine_seg.nrrd")}, 100, 30)
	if n := len(m.cfg.Classes.Classes); n != 2 {
		t.Fatalf("%d classes %+v, want 2", n, m.cfg.Classes.Classes)
	}
	screen := screenFits(t, m)
	for _, row := range []string{"1 class 1", "2 class 2"} {
		if !strings.Contains(screen, row) {
			t.Errorf("class pane lacks %q:\n%s", row, screen)
		}
	}
	if strings.Contains(screen, "3 class 3") || strings.Contains(m.msg, "--classes flare22") {
		t.Errorf("unnamed 1-9 should not replace the ground truth's classes:\n%s", screen)
	}
}

// A loose folder with one labelled and one unlabelled scan: each case
// gets its own table, the active class follows by id, and the hint comes
// with the first case that has no names, once.
func TestClassesFollowTheOpenCase(t *testing.T) {
	imgPath, labPath := phantomFiles(t)
	dir := t.TempDir()
	copyFile := func(src, name string) {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyFile(imgPath, "ct_1.nii.gz")
	copyFile(labPath, "ct_1_seg.nii.gz")
	copyFile(imgPath, "ct_2.nii.gz")
	m := openOptions(t, Options{Path: dir}, 100, 30)
	if n := len(m.cfg.Classes.Classes); n != 13 || strings.Contains(m.msg, "--classes") {
		t.Fatalf("ct_1: %d classes, message %q", n, m.msg)
	}
	press(m, "]", "]") // class 3
	press(m, "tab", "down", "enter")
	if m.opened != 1 {
		t.Fatalf("ct_2 did not open: %s", m.msg)
	}
	if n := len(m.cfg.Classes.Classes); n != 9 || !strings.Contains(m.msg, "--classes flare22") {
		t.Errorf("ct_2: %d classes, message %q", n, m.msg)
	}
	if c, _ := m.activeClass(); c.ID != 3 {
		t.Errorf("active class %d after the switch, want 3", c.ID)
	}
	screenFits(t, m)
	press(m, "tab", "up", "enter")
	if m.opened != 0 || len(m.cfg.Classes.Classes) != 13 || strings.Contains(m.msg, "--classes") {
		t.Errorf("back on ct_1: opened %d, %d classes, message %q", m.opened, len(m.cfg.Classes.Classes), m.msg)
	}
}

// More classes than rows: the list scrolls with the active class, the
// means stay, and every line still fits at the 100x30 minimum.
func TestManyClassesScroll(t *testing.T) {
	imgPath, labPath := phantomFiles(t)
	file := filepath.Join(t.TempDir(), "many.txt")
	var b strings.Builder
	for id := 1; id <= 40; id++ {
		fmt.Fprintf(&b, "%d organ %d\n", id, id)
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	m := openOptions(t, Options{Path: imgPath, Labels: labPath, Classes: file}, 100, 30)
	press(m, "a")
	screen := screenFits(t, m)
	if !strings.Contains(screen, "1 organ 1 ") || !strings.Contains(screen, "↓ ") || !strings.Contains(screen, "mean organs") {
		t.Errorf("first page:\n%s", screen)
	}
	for i := 0; i < 29; i++ {
		press(m, "]")
	}
	screen = screenFits(t, m)
	if c, _ := m.activeClass(); c.ID != 30 || !strings.Contains(screen, "▸") || !strings.Contains(screen, "30 organ 30") {
		t.Errorf("class 30 not in view:\n%s", screen)
	}
	if !strings.Contains(screen, "↑ ") || strings.Contains(screen, " 1 organ 1 ") || !strings.Contains(screen, "mean organs") {
		t.Errorf("scrolled page:\n%s", screen)
	}
}

func TestScrollRowsKeepsActiveInView(t *testing.T) {
	rows := make([]string, 20)
	for i := range rows {
		rows[i] = fmt.Sprint(i)
	}
	id := func(s ...string) string { return strings.Join(s, "") }
	for room := 1; room <= 22; room++ {
		for active := 0; active < 20; active++ {
			out := scrollRows(rows, active, room, id)
			if want := min(20, max(room, 3)); len(out) != want {
				t.Fatalf("room %d active %d: %d rows, want %d", room, active, len(out), want)
			}
			found := false
			for _, r := range out {
				found = found || r == rows[active]
			}
			if !found {
				t.Fatalf("room %d active %d: active row missing from %q", room, active, out)
			}
		}
	}
}
