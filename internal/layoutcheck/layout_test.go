package layoutcheck

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/segtui/segtui"

// rule is one row of the table: the packages it names and what they may
// import of ours. any: "everything" (the binary, the root model); none:
// "nothing of ours"; test code only rows are not checked (no program
// imports them).
type rule struct {
	pkgs    []string
	allowed []string
	any     bool
	subs    bool // "its sub-packages"
	skip    bool
}

var backticked = regexp.MustCompile("`([^`]+)`")

// readTable parses DEVELOPERS.md's package table.
func readTable(t *testing.T, path string) []rule {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rules []rule
	in := false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "| package | holds | may import |"):
			in = true
			continue
		case in && !strings.HasPrefix(line, "|"):
			return rules
		case !in || strings.HasPrefix(line, "|---"):
			continue
		}
		cols := strings.Split(strings.Trim(line, "|"), " | ")
		if len(cols) != 3 {
			t.Fatalf("%s: a table row with %d columns, want 3: %s", path, len(cols), line)
		}
		r := rule{pkgs: rowPackages(cols[0])}
		imp := strings.TrimSpace(cols[2])
		switch {
		case strings.HasPrefix(imp, "everything"):
			r.any = true
		case imp == "nothing of ours":
		case imp == "its sub-packages":
			r.subs = true
		case imp == "the formats", imp == "test code only":
			r.skip = true // datasets/all is nothing but the formats; test helpers are imported by tests only
		default:
			for _, m := range backticked.FindAllStringSubmatch(imp, -1) {
				r.allowed = append(r.allowed, strings.TrimSuffix(m[1], "/"))
			}
			if len(r.allowed) == 0 {
				t.Fatalf("%s: cannot read the may-import column %q", path, imp)
			}
		}
		rules = append(rules, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Fatalf("%s: no package table (a line starting %q)", path, "| package | holds | may import |")
	return nil
}

// rowPackages reads the package column: full paths, short names that are
// siblings of the row's first package (`datasets/nifti`, `nrrd`), and
// braces (`codec/{rle,jpeg}`).
func rowPackages(col string) []string {
	var out []string
	parent := ""
	for _, m := range backticked.FindAllStringSubmatch(col, -1) {
		name := strings.TrimSuffix(m[1], "/")
		if open := strings.Index(name, "{"); open >= 0 && strings.HasSuffix(name, "}") {
			for _, alt := range strings.Split(name[open+1:len(name)-1], ",") {
				out = append(out, name[:open]+alt)
			}
			continue
		}
		if !strings.Contains(name, "/") && parent != "" {
			name = parent + "/" + name
		}
		if parent == "" {
			parent = filepath.Dir(name)
			if parent == "." {
				parent = ""
			}
		}
		out = append(out, name)
	}
	return out
}

type listed struct {
	ImportPath string
	Imports    []string
}

// ours lists every package of the module with its non-test imports of
// the module.
func ours(t *testing.T, root string) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", "./...")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string][]string{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p listed
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		name := rel(p.ImportPath)
		pkgs[name] = nil
		for _, imp := range p.Imports {
			if imp == module || strings.HasPrefix(imp, module+"/") {
				pkgs[name] = append(pkgs[name], rel(imp))
			}
		}
	}
	return pkgs
}

func rel(path string) string { return strings.TrimPrefix(strings.TrimPrefix(path, module), "/") }

// violations checks pkgs against rules: every package has a row, and
// every import of ours is one its row allows.
func violations(rules []rule, pkgs map[string][]string) []string {
	byPkg := map[string]rule{}
	for _, r := range rules {
		for _, p := range r.pkgs {
			byPkg[p] = r
		}
	}
	var bad []string
	for p, imports := range pkgs {
		r, ok := byPkg[p]
		if !ok {
			bad = append(bad, fmt.Sprintf("%s has no row in the package table", p))
			continue
		}
		if r.any || r.skip {
			continue
		}
		for _, imp := range imports {
			if allowed(r, imp) || (r.subs && strings.HasPrefix(imp, p+"/")) {
				continue
			}
			bad = append(bad, fmt.Sprintf("%s imports %s; its row allows %s", p, imp, describe(r)))
		}
	}
	sort.Strings(bad)
	return bad
}

func allowed(r rule, imp string) bool {
	for _, a := range r.allowed {
		if imp == a {
			return true
		}
	}
	return false
}

func describe(r rule) string {
	switch {
	case r.subs:
		return "only its sub-packages"
	case len(r.allowed) == 0:
		return "nothing of ours"
	}
	return strings.Join(r.allowed, ", ")
}

func TestImportsFollowDevelopersTable(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	rules := readTable(t, filepath.Join(root, "DEVELOPERS.md"))
	for _, bad := range violations(rules, ours(t, root)) {
		t.Error(bad)
	}
}

// The check fails on the drift it is for: a screen part that imports the
// root or another part, a package missing from the table, and a core
// package that imports a format.
func TestViolationsAreFound(t *testing.T) {
	rules := []rule{
		{pkgs: []string{"tui"}, any: true},
		{pkgs: []string{"tui/browser"}, allowed: []string{"tui/common", "datasets"}},
		{pkgs: []string{"tui/common"}},
		{pkgs: []string{"datasets"}},
		{pkgs: []string{"datasets/nifti"}, allowed: []string{"datasets"}},
		{pkgs: []string{"datasets/dicom/codec"}, subs: true},
	}
	pkgs := map[string][]string{
		"tui":                      {"tui/browser", "cmd/segtui"},
		"tui/browser":              {"tui/common", "tui", "tui/review"},
		"tui/common":               nil,
		"tui/review":               nil,
		"datasets":                 {"datasets/nifti"},
		"datasets/nifti":           {"datasets"},
		"datasets/dicom/codec":     {"datasets/dicom/codec/rle"},
		"datasets/dicom/codec/rle": nil,
	}
	got := violations(rules, pkgs)
	want := []string{
		"datasets imports datasets/nifti; its row allows nothing of ours",
		"datasets/dicom/codec/rle has no row in the package table",
		"tui/browser imports tui/review; its row allows tui/common, datasets",
		"tui/browser imports tui; its row allows tui/common, datasets",
		"tui/review has no row in the package table",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRowPackages(t *testing.T) {
	for col, want := range map[string]string{
		"`datasets/nifti`, `nrrd`, `npz` (with npy)": "datasets/nifti datasets/nrrd datasets/npz",
		"`datasets/dicom/codec/{rle,jpeg}`":          "datasets/dicom/codec/rle datasets/dicom/codec/jpeg",
		"`tui/`":                                     "tui",
		"`keymap/`":                                  "keymap",
	} {
		if got := strings.Join(rowPackages(col), " "); got != want {
			t.Errorf("%s: %s, want %s", col, got, want)
		}
	}
}
