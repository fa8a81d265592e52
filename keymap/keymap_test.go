package keymap

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

func press(s string) tea.KeyMsg {
	switch s {
	case " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "ctrl+r":
		return tea.KeyMsg{Type: tea.KeyCtrlR}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func TestDefaultsMatchIssueKeys(t *testing.T) {
	km := Default()
	cases := map[string]key.Binding{
		" ": km.Positive, "x": km.Negative, "b": km.Box, "u": km.Undo, "ctrl+r": km.Redo,
		"a": km.Auto, "m": km.NextModel, "M": km.Compare, "g": km.ToggleGT, "p": km.TogglePred,
		"o": km.Opacity, "s": km.Save, "q": km.Quit, "?": km.Help, ",": km.PrevSlice, ".": km.NextSlice,
		"<": km.PrevSlice10, "pgdown": km.NextSlice10, "v": km.Plane, "w": km.Window, "[": km.PrevClass,
		"]": km.NextClass, "3": km.Class[2], "J": km.FastDown, "l": km.Right, "enter": km.Accept,
		"+": km.ZoomIn, "=": km.ZoomIn, "-": km.ZoomOut, "0": km.ZoomReset,
	}
	for k, b := range cases {
		if !key.Matches(press(k), b) {
			t.Errorf("key %q does not trigger %v", k, b.Help())
		}
	}
	if err := km.Conflicts("defaults"); err != nil {
		t.Fatalf("defaults conflict: %v", err)
	}
}

func TestApplyOverrides(t *testing.T) {
	km := Default()
	cfg := "# my keys\nauto = A, alt+a\nsave = ctrl+s  # not s\npositive = space, Y\nredo =\n"
	if err := km.Apply(strings.NewReader(cfg), "keys.conf"); err != nil {
		t.Fatal(err)
	}
	if !key.Matches(press("A"), km.Auto) || key.Matches(press("a"), km.Auto) {
		t.Errorf("auto keys = %v, want A and alt+a only", km.Auto.Keys())
	}
	if km.Auto.Help().Key != "A/alt+a" || km.Auto.Help().Desc != "auto-prompt from GT" {
		t.Errorf("help = %+v", km.Auto.Help())
	}
	if got := km.Save.Keys(); len(got) != 1 || got[0] != "ctrl+s" {
		t.Errorf("save keys = %q", got)
	}
	if !key.Matches(press(" "), km.Positive) || !key.Matches(press("Y"), km.Positive) {
		t.Errorf("positive keys = %q", km.Positive.Keys())
	}
	if km.Redo.Enabled() {
		t.Error("an empty key list should unbind redo")
	}
}

func TestApplyErrors(t *testing.T) {
	cases := map[string]string{
		"autoo = a\n":          `keys.conf:1: unknown action "autoo"`,
		"\nauto = ctrl+å\n":    `keys.conf:2: action "auto": unknown key "ctrl+å"`,
		"auto a\n":             "keys.conf:1: expected `action = key, key`",
		"save = x\n":           `key "x" is bound to both "negative" and "save"`,
		"undo = ]\n":           `key "]" is bound to both "undo" and "next-class"`,
		"auto = z\nauto = y\n": `keys.conf:2: action "auto" already set on line 1`,
		"quit = \x1b[31m\n":    `unknown key "[31m"`,
	}
	for cfg, want := range cases {
		km := Default()
		err := km.Apply(strings.NewReader(cfg), "keys.conf")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("config %q: error %v, want it to contain %q", cfg, err, want)
		}
	}
}

// Enter opens a case in the browser and accepts in the image: different
// scopes may share a key.
func TestScopesMayShareKeys(t *testing.T) {
	km := Default()
	if err := km.Apply(strings.NewReader("filter = x\n"), "k"); err != nil {
		t.Fatalf("browser filter on x should not clash with image's negative point: %v", err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(filepath.Join(dir, "absent.conf"), false); err != nil {
		t.Fatalf("a missing default config is not an error: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "absent.conf"), true); err == nil {
		t.Fatal("a missing --keys file must be an error")
	}
	p := filepath.Join(dir, "keys.conf")
	os.WriteFile(p, []byte("quit = Q\n"), 0o644)
	km, err := Load(p, true)
	if err != nil || !key.Matches(press("Q"), km.Quit) {
		t.Fatalf("Load: %v, quit keys %v", err, km.Quit.Keys())
	}
	t.Setenv("XDG_CONFIG_HOME", dir)
	if ConfigPath() != filepath.Join(dir, "segtui", "keys.conf") {
		t.Errorf("ConfigPath = %s", ConfigPath())
	}
}

func TestHelpGroupsCoverEveryAction(t *testing.T) {
	km := Default()
	names, groups := km.HelpGroups()
	n := 0
	for _, g := range groups {
		n += len(g)
	}
	if len(names) != 5 || n != len(km.Actions())-8 {
		t.Errorf("groups %v with %d bindings, want 5 groups and %d", names, n, len(km.Actions())-8)
	}
}

// "=" is both the config separator and a zoom key: the first one splits.
func TestZoomKeysInConfig(t *testing.T) {
	km := Default()
	if err := km.Apply(strings.NewReader("zoom-in = =  # plus needs shift\nzoom-out = _\n"), "keys.conf"); err != nil {
		t.Fatal(err)
	}
	if !key.Matches(press("="), km.ZoomIn) || key.Matches(press("+"), km.ZoomIn) || !key.Matches(press("_"), km.ZoomOut) {
		t.Errorf("zoom-in keys %q, zoom-out keys %q", km.ZoomIn.Keys(), km.ZoomOut.Keys())
	}
}
