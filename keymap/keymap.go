// Package keymap holds segtui's key bindings: the defaults, the help text
// shown by the TUI, and user overrides read from a small config file.
package keymap

import "github.com/charmbracelet/bubbles/key"

// Scope says where a binding is active. Global bindings work everywhere;
// browser and image bindings only while that pane has focus, so the same
// key (enter) may mean different things in each.
type Scope int

const (
	Global Scope = iota
	Browser
	Image
)

func (s Scope) String() string {
	switch s {
	case Browser:
		return "browser"
	case Image:
		return "image"
	}
	return "global"
}

// KeyMap lists every action of the TUI as a key.Binding.
type KeyMap struct {
	// Navigation.
	Left, Right, Up, Down                 key.Binding
	FastLeft, FastRight, FastUp, FastDown key.Binding
	PrevSlice, NextSlice                  key.Binding
	PrevSlice10, NextSlice10              key.Binding
	Plane, Window, Focus                  key.Binding
	// Browser.
	Open, Filter key.Binding
	// Prompting and editing.
	Positive, Negative, Box, Cancel key.Binding
	Accept, Undo, Redo, Auto        key.Binding
	Candidate                       key.Binding
	Propagate                       key.Binding
	PrevClass, NextClass            key.Binding
	Class                           [9]key.Binding
	// Models and display.
	NextModel, Compare            key.Binding
	ToggleGT, TogglePred, Opacity key.Binding
	ZoomIn, ZoomOut, ZoomReset    key.Binding
	Save, Quit, Help, ForceQuit   key.Binding
	// Review of evaluation results: failures worst first.
	NextFailure, PrevFailure, Review key.Binding
	// Confidence: the open case's results least confident first, and the
	// overlay of where variants, candidates and thresholds disagree.
	Confidence, Disagreement key.Binding
}

// Action names one binding for config files and help.
type Action struct {
	Name    string
	Scope   Scope
	Group   string // help column
	Binding *key.Binding
}

func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// Default returns the bindings the issue specifies.
func Default() KeyMap {
	km := KeyMap{
		Left:         bind("←/h", "cursor left", "left", "h"),
		Right:        bind("→/l", "cursor right", "right", "l"),
		Up:           bind("↑/k", "cursor up", "up", "k"),
		Down:         bind("↓/j", "cursor down", "down", "j"),
		FastLeft:     bind("H", "cursor left 8", "H", "shift+left"),
		FastRight:    bind("L", "cursor right 8", "L", "shift+right"),
		FastUp:       bind("K", "cursor up 8", "K", "shift+up"),
		FastDown:     bind("J", "cursor down 8", "J", "shift+down"),
		PrevSlice:    bind(",", "previous slice", ","),
		NextSlice:    bind(".", "next slice", "."),
		PrevSlice10:  bind("</pgup", "10 slices back", "<", "pgup"),
		NextSlice10:  bind(">/pgdn", "10 slices on", ">", "pgdown"),
		Plane:        bind("v", "cycle plane", "v"),
		Window:       bind("w", "cycle window", "w"),
		Focus:        bind("tab", "browser/image focus", "tab"),
		Open:         bind("enter", "open case", "enter"),
		Filter:       bind("/", "filter cases", "/"),
		Positive:     bind("space", "positive point", " "),
		Negative:     bind("x", "negative point", "x"),
		Box:          bind("b", "box corner", "b"),
		Cancel:       bind("esc", "cancel box/prompts", "esc"),
		Accept:       bind("enter", "accept proposal", "enter"),
		Candidate:    bind("c", "next candidate mask", "c"),
		Undo:         bind("u", "undo", "u"),
		Redo:         bind("ctrl+r", "redo", "ctrl+r"),
		Auto:         bind("a", "auto-prompt from GT", "a"),
		Propagate:    bind("P", "propagate class", "P"),
		PrevClass:    bind("[", "previous class", "["),
		NextClass:    bind("]", "next class", "]"),
		NextModel:    bind("m", "next model", "m"),
		Compare:      bind("M", "compare models", "M"),
		ToggleGT:     bind("g", "toggle ground truth", "g"),
		TogglePred:   bind("p", "toggle prediction", "p"),
		Opacity:      bind("o", "overlay opacity", "o"),
		ZoomIn:       bind("+/=", "zoom in", "+", "="),
		ZoomOut:      bind("-", "zoom out", "-"),
		ZoomReset:    bind("0", "fit slice to pane", "0"),
		Save:         bind("s", "save labels", "s"),
		Quit:         bind("q", "quit", "q"),
		ForceQuit:    bind("ctrl+c", "quit now", "ctrl+c"),
		Help:         bind("?", "help", "?"),
		NextFailure:  bind("n", "next failure", "n"),
		PrevFailure:  bind("N", "previous failure", "N"),
		Review:       bind("R", "review failures", "R"),
		Confidence:   bind("C", "least confident", "C"),
		Disagreement: bind("U", "disagreement", "U"),
	}
	for i := range km.Class {
		d := string(rune('1' + i))
		km.Class[i] = bind(d, "class "+d, d)
	}
	km.Class[0].SetHelp("1..9", "choose class")
	return km
}

// Actions lists every binding with its config name, in help order.
func (km *KeyMap) Actions() []Action {
	a := []Action{
		{"left", Image, "Move", &km.Left}, {"right", Image, "Move", &km.Right},
		{"up", Image, "Move", &km.Up}, {"down", Image, "Move", &km.Down},
		{"fast-left", Image, "Move", &km.FastLeft}, {"fast-right", Image, "Move", &km.FastRight},
		{"fast-up", Image, "Move", &km.FastUp}, {"fast-down", Image, "Move", &km.FastDown},
		{"prev-slice", Image, "Move", &km.PrevSlice}, {"next-slice", Image, "Move", &km.NextSlice},
		{"prev-slice-10", Image, "Move", &km.PrevSlice10}, {"next-slice-10", Image, "Move", &km.NextSlice10},
		{"plane", Image, "Move", &km.Plane}, {"window", Image, "Move", &km.Window},
		{"positive", Image, "Prompt", &km.Positive}, {"negative", Image, "Prompt", &km.Negative},
		{"box", Image, "Prompt", &km.Box}, {"cancel", Image, "Prompt", &km.Cancel},
		{"accept", Image, "Prompt", &km.Accept}, {"candidate", Image, "Prompt", &km.Candidate},
		{"auto", Image, "Prompt", &km.Auto},
		{"propagate", Image, "Prompt", &km.Propagate},
		{"undo", Image, "Prompt", &km.Undo}, {"redo", Image, "Prompt", &km.Redo},
		{"prev-class", Image, "Prompt", &km.PrevClass}, {"next-class", Image, "Prompt", &km.NextClass},
	}
	for i := range km.Class {
		a = append(a, Action{"class-" + string(rune('1'+i)), Image, "Prompt", &km.Class[i]})
	}
	return append(a,
		Action{"next-model", Image, "View", &km.NextModel}, Action{"compare", Image, "View", &km.Compare},
		Action{"toggle-gt", Image, "View", &km.ToggleGT}, Action{"toggle-pred", Image, "View", &km.TogglePred},
		Action{"opacity", Image, "View", &km.Opacity},
		Action{"zoom-in", Image, "View", &km.ZoomIn}, Action{"zoom-out", Image, "View", &km.ZoomOut},
		Action{"zoom-reset", Image, "View", &km.ZoomReset},
		Action{"next-failure", Global, "View", &km.NextFailure}, Action{"prev-failure", Global, "View", &km.PrevFailure},
		Action{"review", Global, "View", &km.Review},
		Action{"confidence", Global, "View", &km.Confidence}, Action{"disagreement", Image, "View", &km.Disagreement},
		Action{"open", Browser, "Browser", &km.Open}, Action{"filter", Browser, "Browser", &km.Filter},
		Action{"focus", Global, "General", &km.Focus}, Action{"save", Global, "General", &km.Save},
		Action{"help", Global, "General", &km.Help}, Action{"quit", Global, "General", &km.Quit},
		Action{"force-quit", Global, "General", &km.ForceQuit},
	)
}

// HelpGroups returns the bindings grouped into help columns, skipping the
// per-digit class bindings after the first (it carries the "1..9" help).
func (km *KeyMap) HelpGroups() (names []string, groups [][]key.Binding) {
	idx := map[string]int{}
	for _, a := range km.Actions() {
		if a.Name != "class-1" && len(a.Name) == 7 && a.Name[:6] == "class-" {
			continue
		}
		i, ok := idx[a.Group]
		if !ok {
			i = len(names)
			idx[a.Group] = i
			names = append(names, a.Group)
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], *a.Binding)
	}
	return names, groups
}
