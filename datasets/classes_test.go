package datasets

import (
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func colourDistance(a, b color.RGBA) int {
	d := func(x, y uint8) int { return (int(x) - int(y)) * (int(x) - int(y)) }
	return d(a.R, b.R) + d(a.G, b.G) + d(a.B, b.B)
}

// chroma is max-min of the channels: 0 for grey, which would vanish on CT.
func chroma(c color.RGBA) int {
	return int(max(c.R, c.G, c.B)) - int(min(c.R, c.G, c.B))
}

func TestBuiltinTablesAreDistinctAndVisible(t *testing.T) {
	for _, tab := range []ClassTable{FLARE22Classes(), GIDClasses(), SIRSTClasses(), GenericClasses([]uint16{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})} {
		for i, a := range tab.Classes {
			if chroma(a.Color) < 100 {
				t.Errorf("%s: %s colour %v is too grey to read on CT", tab.Name, a.Name, a.Color)
			}
			for _, b := range tab.Classes[i+1:] {
				if a.ID == b.ID {
					t.Errorf("%s: id %d used twice", tab.Name, a.ID)
				}
				if colourDistance(a.Color, b.Color) < 50*50 {
					t.Errorf("%s: %s %v and %s %v are too alike", tab.Name, a.Name, a.Color, b.Name, b.Color)
				}
			}
		}
	}
	f := FLARE22Classes()
	if len(f.Classes) != 13 {
		t.Fatalf("FLARE22 has %d classes, want 13", len(f.Classes))
	}
	want := map[uint16]string{1: "liver", 2: "right kidney", 3: "spleen", 4: "pancreas", 5: "aorta", 6: "inferior vena cava",
		7: "right adrenal gland", 8: "left adrenal gland", 9: "gallbladder", 10: "esophagus", 11: "stomach", 12: "duodenum", 13: "left kidney"}
	for id, name := range want {
		if c, ok := f.ByID(id); !ok || c.Name != name {
			t.Errorf("FLARE22 id %d = %q, want %q", id, c.Name, name)
		}
	}
	for i := 0; i < 36; i++ {
		for j := i + 1; j < 36; j++ {
			if d := colourDistance(ExtraColor(i), ExtraColor(j)); d < 50*50 {
				t.Errorf("generated colours %d %v and %d %v are too alike", i, ExtraColor(i), j, ExtraColor(j))
			}
		}
	}
	first, again := ExtraColor(7), ExtraColor(7)
	if first != again || ExtraColor(3) == ExtraColor(4) {
		t.Error("ExtraColor must be deterministic and vary with n")
	}
}

func TestClassLookupAndWithNames(t *testing.T) {
	f := FLARE22Classes()
	for name, id := range map[string]uint16{"Inferior_Vena_Cava": 6, "liver": 1, "RIGHT kidney": 2, "gall_bladder": 9, "postcava": 6, "left-adrenal-gland": 8} {
		if c, ok := f.Lookup(name); !ok || c.ID != id {
			t.Errorf("Lookup(%q) = %d %v, want %d", name, c.ID, ok, id)
		}
	}
	ext, err := f.WithNames([]string{"prostate", "liver", "bladder", "Bladder", "aorta", "\x1b[31mbladder"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ext.Classes) != 15 {
		t.Fatalf("extended table has %d classes, want 15: %v", len(ext.Classes), ext.Classes)
	}
	if c, _ := ext.Lookup("bladder"); c.ID != 14 {
		t.Errorf("bladder got id %d, want 14 (sorted after the table's 13)", c.ID)
	}
	if c, _ := ext.Lookup("prostate"); c.ID != 15 {
		t.Errorf("prostate got id %d, want 15", c.ID)
	}
	if len(f.Classes) != 13 {
		t.Error("WithNames modified the original table")
	}
	many, _ := f.WithNames([]string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"})
	for i, a := range many.Classes {
		for _, b := range many.Classes[i+1:] {
			if colourDistance(a.Color, b.Color) < 50*50 {
				t.Errorf("extended table: %s %v and %s %v are too alike", a.Name, a.Color, b.Name, b.Color)
			}
		}
	}
	g := GIDClasses().WithIDs([]uint16{0, 5, 9, 7})
	if c, ok := g.ByID(9); !ok || c.Name != "class 9" {
		t.Errorf("WithIDs: id 9 = %+v", c)
	}
	if c, _ := g.ByID(5); c.Name != "water" {
		t.Errorf("WithIDs renamed a known class: %+v", c)
	}
	if _, ok := g.ByID(0); ok {
		t.Error("background must stay implicit")
	}
}

func TestClassesFromDatasetJSON(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	v2 := write("v2.json", `{"name": "Dataset027_ACDC", "labels": {"background": 0, "RV": 1, "MLV": 2, "LVC": 3, "liver": 4, "whole": [1, 2, 3]}, "file_ending": ".nii.gz"}`)
	tab, err := ClassesFromDatasetJSON(v2)
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Classes) != 4 || tab.Classes[0].Name != "RV" || tab.Classes[3].ID != 4 || tab.Name != "Dataset027_ACDC (dataset.json)" {
		t.Errorf("v2 table %+v", tab)
	}
	if tab.Classes[3].Color != FLARE22Classes().Classes[0].Color {
		t.Errorf("liver should keep the FLARE22 liver colour, got %v", tab.Classes[3].Color)
	}
	v1 := write("v1.json", `{"labels": {"0": "background", "1": "Liver", "2": "Tu\u001b[2Jmour"}}`)
	tab, err = ClassesFromDatasetJSON(v1)
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Classes) != 2 || tab.Classes[1].Name != "Tumour" || tab.Classes[0].ID != 1 {
		t.Errorf("v1 table %+v", tab)
	}
	bad := []struct{ body, want string }{
		{`{"labels": `, "not valid JSON"},
		{`{"name": "x"}`, `no "labels" object`},
		{`{"labels": {"liver": 1.5}}`, "not an integer"},
		{`{"labels": {"liver": 70000}}`, "not an integer in 0..65535"},
		{`{"labels": {"one": "liver"}}`, "v1 key must be an integer"},
		{`{"labels": {"a": 1, "b": 1}}`, "named both"},
		{`{"labels": {"a": {"x": 1}}}`, "neither an id"},
	}
	for i, b := range bad {
		p := write("bad"+string(rune('a'+i))+".json", b.body)
		_, err := ClassesFromDatasetJSON(p)
		if err == nil || !strings.Contains(err.Error(), b.want) || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %v, want %q and the path", b.body, err, b.want)
		}
	}
}
