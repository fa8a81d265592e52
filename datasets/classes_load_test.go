package datasets

import (
	"errors"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadClassTableBuiltinAndUnknown(t *testing.T) {
	for spec, want := range map[string]string{"flare22": "FLARE22", "FLARE22": "FLARE22", "gid": "GID", "Sirst": "SIRST"} {
		tab, err := LoadClassTable(spec)
		if err != nil || tab.Name != want {
			t.Errorf("%s: %v %q", spec, err, tab.Name)
		}
	}
	_, err := LoadClassTable("flare23")
	var unknown *UnknownClassTableError
	if !errors.As(err, &unknown) || !strings.Contains(err.Error(), "flare22, gid, sirst") || !strings.Contains(err.Error(), `"flare23"`) {
		t.Errorf("unknown name: %v", err)
	}
	dir := t.TempDir()
	if _, err := LoadClassTable(dir); err == nil || !strings.Contains(err.Error(), "without a dataset.json") {
		t.Errorf("folder without dataset.json: %v", err)
	}
}

func TestLoadClassTableDatasetJSON(t *testing.T) {
	dir := t.TempDir()
	js := touch(t, filepath.Join(dir, "dataset.json"), []byte(`{"name":"Liver","labels":{"background":0,"liver":1,"tumour":2}}`))
	for _, spec := range []string{js, dir} {
		tab, err := LoadClassTable(spec)
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		if c, ok := tab.ByID(2); !ok || c.Name != "tumour" || len(tab.Classes) != 2 {
			t.Errorf("%s: %+v", spec, tab.Classes)
		}
		if c, _ := tab.ByID(1); c.Color != FLARE22Classes().Classes[0].Color {
			t.Errorf("liver colour %v, want FLARE22's", c.Color)
		}
	}
}

func TestReadClassesTextForms(t *testing.T) {
	dir := t.TempDir()
	path := touch(t, filepath.Join(dir, "labels.txt"), []byte("\uFEFF# my organs\r\n"+
		"0 background\r\n"+
		"1 liver\r\n"+
		"\r\n"+
		"2   right kidney   #ff8000\n"+
		"5 tumour core 10 20 30 255\n"+ // 3D Slicer colour table
		`7   0 128 255   1  1  1    "Portal vein"`+"\n"+ // ITK-SNAP
		"9 \x1b]0;owned\x07evil\x1b[31mname\u202e\n"))
	tab, err := ReadClassesText(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []Class{
		{1, "liver", FLARE22Classes().Classes[0].Color},
		{2, "right kidney", color.RGBA{255, 128, 0, 255}},
		{5, "tumour core", color.RGBA{10, 20, 30, 255}},
		{7, "Portal vein", color.RGBA{0, 128, 255, 255}},
		{9, "evilname", tab.Classes[len(tab.Classes)-1].Color},
	}
	if len(tab.Classes) != len(want) {
		t.Fatalf("classes %+v", tab.Classes)
	}
	for i, c := range want {
		if tab.Classes[i] != c {
			t.Errorf("class %d: %+v, want %+v", i, tab.Classes[i], c)
		}
	}
	if tab.Name != "labels.txt" {
		t.Errorf("table name %q", tab.Name)
	}
	if c := tab.Classes[4].Color; c.A != 255 || c == (color.RGBA{}) {
		t.Errorf("generated colour %v", c)
	}
}

// Every bad file names itself and the line, and says what was expected.
func TestReadClassesTextErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, body, want string }{
		{"badid.txt", "1 liver\nliver 2\n", `badid.txt:2: expected "ID NAME" with ID an integer 0..65535, found "liver 2"`},
		{"big.txt", "# c\n70000 huge\n", "big.txt:2: expected"},
		{"noname.txt", "1 liver\n\n3\n", `noname.txt:3: id 3 has no name`},
		{"ctrlname.txt", "4 \x1b[31m\n", `ctrlname.txt:1: id 4 has no name`},
		{"dupid.txt", "1 liver\n2 spleen\n1 kidney\n", "dupid.txt:3: id 1 is already named on line 1"},
		{"dupname.txt", "1 Liver\n2 liver\n", `dupname.txt:2: name "liver" is already used on line 1`},
		{"empty.txt", "# nothing\n0 background\n", `empty.txt: no classes; expected lines of "ID NAME"`},
		{"bin.txt", "1 liver\x00\x01", "bin.txt: binary data"},
		{"quote.txt", `3 1 2 3 1 1 1 "open`, `quote.txt:1: unterminated quoted name`},
	}
	for _, c := range cases {
		path := touch(t, filepath.Join(dir, c.name), []byte(c.body))
		_, err := LoadClassTable(path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
		if err != nil && strings.ContainsAny(err.Error(), "\x1b\x00") {
			t.Errorf("%s: control characters in %q", c.name, err)
		}
	}
	big := filepath.Join(dir, "huge.txt")
	if err := os.WriteFile(big, []byte(strings.Repeat("1 liver\n", maxClassesText/8+1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadClassesText(big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("huge file: %v", err)
	}
}

func TestForLabelsAndUnnamed(t *testing.T) {
	v := &Volume{Grid: Grid{Dim: [3]int{3, 2, 1}}}
	l := NewLabelMap(v)
	copy(l.Labels, []uint16{0, 7, 2, 7, 0, 300})
	tab := GIDClasses().ForLabels(l)
	if len(tab.Classes) != 7 {
		t.Fatalf("%+v", tab.Classes)
	}
	if c, _ := tab.ByID(2); c.Name != "farmland" {
		t.Errorf("id 2 %q", c.Name)
	}
	if c, _ := tab.ByID(300); c.Name != "class 300" {
		t.Errorf("id 300 %q", c.Name)
	}
	if got := (ClassTable{}).ForLabels(nil); len(got.Classes) != 0 {
		t.Errorf("nil labels: %+v", got)
	}
	u := UnnamedClasses()
	if len(u.Classes) != 9 || u.Classes[0].Name != "class 1" || u.Classes[8].ID != 9 {
		t.Errorf("unnamed %+v", u.Classes)
	}
}
