package main

import (
	"bytes"
	"encoding/json"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/render"
)

func writeClassesFile(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "organs.txt")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// info --classes names the ground truth's ids from a built-in table or a
// file; ids a file lacks are still listed as "class N".
func TestInfoClassesFlag(t *testing.T) {
	img, lab := phantomFile(t)
	names := func(args ...string) (string, map[uint16]string) {
		var code int
		out := captureStdout(t, func() { code = runInfo(append(args, "--json", "--labels", lab, img)) })
		if code != exitOK {
			t.Fatalf("info %v: exit %d", args, code)
		}
		var info datasetInfo
		if err := json.Unmarshal([]byte(out), &info); err != nil {
			t.Fatal(err)
		}
		got := map[uint16]string{}
		for _, l := range info.Cases[0].LabelIDs {
			got[l.ID] = l.Name
		}
		return info.Classes, got
	}
	if table, got := names(); got[1] != "class 1" || got[13] != "class 13" {
		t.Errorf("no flag: table %q, names %v", table, got)
	}
	if table, got := names("--classes", "flare22"); table != "FLARE22" || got[1] != "liver" || got[13] != "left kidney" {
		t.Errorf("flare22: table %q, names %v", table, got)
	}
	file := writeClassesFile(t, "# two named\n1 hepar\n3 lien\x1b[2J\n")
	if table, got := names("--classes", file); table != "organs.txt" || got[1] != "hepar" || got[3] != "lien" || got[2] != "class 2" {
		t.Errorf("file: table %q, names %v", table, got)
	}
}

// An unknown name is a usage error listing the choices; a bad file a
// runtime error naming file and line; both before any data is read.
func TestClassesFlagErrorsCLI(t *testing.T) {
	img, _ := phantomFile(t)
	bad := writeClassesFile(t, "1 liver\n\n2\n")
	for _, run := range []struct {
		name string
		fn   func(args []string) int
	}{
		{"info", runInfo},
		{"snapshot", func(a []string) int { return runSnapshot(append(a, "--out", filepath.Join(t.TempDir(), "s.png"))) }},
		{"tui", runTUI},
		{"eval", func(a []string) int { return evalMain(a, &bytes.Buffer{}, os.Stderr) }},
	} {
		var code int
		msg := captureStderr(t, func() { code = run.fn([]string{"--classes", "flare-22", img}) })
		if code != exitUsage || !strings.Contains(msg, `--classes: "flare-22" is neither a built-in class table (flare22, gid, sirst)`) {
			t.Errorf("%s unknown name: exit %d, %q", run.name, code, msg)
		}
		msg = captureStderr(t, func() { code = run.fn([]string{"--classes", bad, img}) })
		if code != exitError || !strings.Contains(msg, bad+":3: id 2 has no name") {
			t.Errorf("%s bad file: exit %d, %q", run.name, code, msg)
		}
	}
}

// snapshot --classes colours the overlay from the named table.
func TestSnapshotClassesFlag(t *testing.T) {
	img, lab := phantomFile(t)
	for _, c := range []struct {
		classes string
		want    datasets.Class
	}{
		{"", datasets.GenericClasses([]uint16{1}).Classes[0]},
		{"flare22", datasets.FLARE22Classes().Classes[0]},
		{writeClassesFile(t, "1 hepar #102030\n"), datasets.Class{ID: 1, Name: "hepar", Color: color.RGBA{0x10, 0x20, 0x30, 255}}},
	} {
		spec, err := snapshotSpec(img, "", lab, c.classes, datasets.Axial, 30, render.Window{})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := spec.Classes.ByID(1); got != c.want {
			t.Errorf("--classes %q: id 1 %+v, want %+v", c.classes, got, c.want)
		}
	}
}

// eval --classes names the rows of its tables.
func TestEvalClassesFlag(t *testing.T) {
	data := smallPhantom(t)
	file := writeClassesFile(t, "1 hepar\n")
	var stdout, stderr bytes.Buffer
	code := evalMain([]string{"--classes", file, "--out", filepath.Join(t.TempDir(), "res"), data}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "| hepar") || strings.Contains(stdout.String(), "| liver") {
		t.Errorf("tables should name id 1 hepar:\n%s", stdout.String())
	}
}
