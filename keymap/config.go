package keymap

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
)

// ConfigPath is where user overrides live when --keys is not given:
// $XDG_CONFIG_HOME/segtui/keys.conf, else ~/.config/segtui/keys.conf.
func ConfigPath() string {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "segtui", "keys.conf")
}

// UnreadableError is a key config file that exists but cannot be read (a
// folder, a named pipe, no permission), as opposed to one that reads but
// is wrong. Load returns the defaults with it, so a caller can go on with
// the default keys when the file is the default one.
type UnreadableError struct {
	Path string
	Err  error
}

func (e *UnreadableError) Error() string {
	return fmt.Sprintf("key config %s cannot be read: %v", e.Path, e.Err)
}

func (e *UnreadableError) Unwrap() error { return e.Err }

// Load returns the defaults with the overrides in path applied. A missing
// file at the default location is not an error; pass required=true for a
// path the user named (--keys), which must exist. A file that cannot be
// read is an *UnreadableError (with the defaults).
func Load(path string, required bool) (KeyMap, error) {
	km := Default()
	f, err := openRegular(path)
	if err != nil {
		if !required && (errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)) {
			return km, nil
		}
		return km, &UnreadableError{Path: path, Err: err}
	}
	defer f.Close()
	if err := km.Apply(f, path); err != nil {
		return Default(), err
	}
	return km, nil
}

// openRegular opens path only if it is a regular file: opening a named
// pipe for reading would wait for a writer for good. The open does not
// block, and what was opened is what is checked.
func openRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		if err == nil {
			kind := "a special file"
			switch {
			case st.IsDir():
				kind = "a folder"
			case st.Mode()&os.ModeNamedPipe != 0:
				kind = "a named pipe"
			}
			err = fmt.Errorf("it is %s, not a regular file", kind)
		}
		return nil, err
	}
	return f, nil
}

// Apply reads lines of the form `action = key, key` (# starts a comment)
// and replaces those actions' keys. name labels errors. Each line's keys
// replace the action's defaults entirely; an empty list unbinds it.
func (km *KeyMap) Apply(r io.Reader, name string) error {
	byName := map[string]Action{}
	for _, a := range km.Actions() {
		byName[a.Name] = a
	}
	sc := bufio.NewScanner(io.LimitReader(r, 1<<20))
	seen := map[string]int{}
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if i := strings.Index(text, "#"); i >= 0 && !strings.Contains(text[:i], "=") {
			text = text[:i]
		} else if i := strings.Index(text, " #"); i >= 0 {
			text = text[:i]
		}
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		act, list, ok := strings.Cut(text, "=")
		if !ok {
			return fmt.Errorf("%s:%d: expected `action = key, key`, found %q", name, line, clip(text))
		}
		act = strings.TrimSpace(act)
		a, ok := byName[act]
		if !ok {
			return fmt.Errorf("%s:%d: unknown action %q (known: %s)", name, line, clip(act), strings.Join(names(km), ", "))
		}
		if prev, dup := seen[act]; dup {
			return fmt.Errorf("%s:%d: action %q already set on line %d", name, line, act, prev)
		}
		seen[act] = line
		var keys []string
		for _, k := range strings.Split(list, ",") {
			k = strings.TrimSpace(k)
			if k == "" {
				continue
			}
			norm, err := normalise(k)
			if err != nil {
				return fmt.Errorf("%s:%d: action %q: %w", name, line, act, err)
			}
			keys = append(keys, norm)
		}
		help := a.Binding.Help()
		*a.Binding = bind(helpKeys(keys), help.Desc, keys...)
		if len(keys) == 0 {
			a.Binding.SetEnabled(false)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return km.Conflicts(name)
}

// Conflicts reports a key bound to two actions that can be active at once
// (same scope, or one of them global).
func (km *KeyMap) Conflicts(name string) error {
	type owner struct {
		action string
		scope  Scope
	}
	owners := map[string][]owner{}
	for _, a := range km.Actions() {
		if !a.Binding.Enabled() {
			continue
		}
		for _, k := range a.Binding.Keys() {
			for _, o := range owners[k] {
				if o.scope == a.Scope || o.scope == Global || a.Scope == Global {
					return fmt.Errorf("%s: key %q is bound to both %q and %q", name, display(k), o.action, a.Name)
				}
			}
			owners[k] = append(owners[k], owner{a.Name, a.Scope})
		}
	}
	return nil
}

var namedKeys = func() map[string]bool {
	m := map[string]bool{}
	for t := tea.KeyType(-200); t < 128; t++ {
		if s := t.String(); s != "" && s != "runes" && s != " " {
			m[s] = true
		}
	}
	return m
}()

// normalise turns a config key into Bubble Tea's key string, or explains
// why it is not one.
func normalise(k string) (string, error) {
	alt := ""
	rest := k
	if strings.HasPrefix(k, "alt+") && len(k) > 4 {
		alt, rest = "alt+", k[4:]
	}
	switch {
	case rest == "space":
		return alt + " ", nil
	case namedKeys[rest]:
		return alt + rest, nil
	case utf8.RuneCountInString(rest) == 1:
		r, _ := utf8.DecodeRuneInString(rest)
		if r >= 0x20 && r != 0x7f {
			return alt + rest, nil
		}
	}
	return "", fmt.Errorf("unknown key %q (expected one character, space, or a name such as enter, esc, tab, pgup, pgdown, up, shift+left, ctrl+r, f1)", clip(k))
}

func display(k string) string {
	if strings.HasSuffix(k, " ") {
		return strings.TrimSuffix(k, " ") + "space"
	}
	return k
}

func helpKeys(keys []string) string {
	d := make([]string, len(keys))
	for i, k := range keys {
		d[i] = display(k)
	}
	return strings.Join(d, "/")
}

func names(km *KeyMap) []string {
	var n []string
	for _, a := range km.Actions() {
		n = append(n, a.Name)
	}
	return n
}

// clip keeps error messages short and free of control characters.
func clip(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, s)
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return s
}
