package tui

import (
	"context"
	"errors"
	"fmt"
	"github.com/muesli/termenv"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/segtui/segtui/datasets"
	_ "github.com/segtui/segtui/datasets/all" // every image format
	"github.com/segtui/segtui/datasets/phantom"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/engine/builtin"
	"github.com/segtui/segtui/engine/eval"
	"github.com/segtui/segtui/engine/onnx"
	"github.com/segtui/segtui/keymap"
	"github.com/segtui/segtui/render"
	"golang.org/x/term"
)

// Options are the command line's choices.
type Options struct {
	Path     string // image file or dataset folder; "" opens the phantom demo
	Labels   string // ground truth for a single-file Path
	Split    string // the dataset's split list to browse (--split); "" for every case
	Classes  string // class table replacing the discovered one: flare22, gid, sirst or a file (--classes)
	Models   string // model manifest (YAML); "" uses the built-in engine only
	Model    string // variant to start with; "" the first
	Device   string // auto, cpu, cuda
	Graphics string // auto, sixel, kitty, iterm, blocks
	OutDir   string // where labels and journals go (default segtui-out)
	ORTLib   string // libonnxruntime path; "" resolves as engine does
	Keys     string // key override file; "" uses keymap.ConfigPath if present
	// ImageQuality is auto, high or low (--image-quality); "" is auto.
	ImageQuality string
	// Bands are the three bands (from 0) shown for multi-band TIFFs
	// (--bands); nil: the first three.
	Bands []int
	// Results, read from ResultsPath, starts review mode (segtui review).
	Results     *eval.Results
	ResultsPath string
}

// Run starts the TUI on the terminal and returns when the user quits.
func Run(opts Options) error {
	cfg, cleanup, err := BuildConfig(opts)
	if err != nil {
		return err
	}
	defer cleanup()
	g, caps := resolveGraphics(opts.Graphics)
	applyGraphics(&cfg, g, caps)
	cfg.FrameDump = os.Getenv(FrameDumpEnv)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := lipgloss.NewRenderer(os.Stdout)
	colorOff := termenv.EnvNoColor() || !term.IsTerminal(int(os.Stdout.Fd()))
	r.SetColorProfile(colorProfile(r.ColorProfile(), colorOff, caps))
	m := New(ctx, cfg, r)
	defer m.Close()
	if opts.Results != nil {
		if err := m.StartReview(opts.Results, opts.ResultsPath); err != nil {
			return err
		}
	}
	lw := newLinkWriter(os.Stdout)
	m.link.w, m.link.quality = lw, opts.ImageQuality
	p := tea.NewProgram(programModel(m), tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(ctx), tea.WithoutSignalHandler(), tea.WithOutput(lw))
	lw.setSend(p.Send)
	stop := watchSignals(p)
	_, err = p.Run()
	stop()
	if err == tea.ErrProgramKilled {
		err = nil
	}
	if err == nil && m.terminated != 0 {
		err = &TerminatedError{Signal: m.terminated, Edits: m.editsOnExit()}
	}
	return err
}

// BuildConfig turns Options into a model Config: key map, data, engines.
func BuildConfig(opts Options) (Config, func(), error) {
	cfg := Config{OutDir: opts.OutDir}
	if cfg.OutDir == "" {
		cfg.OutDir = "segtui-out"
	}
	if st, err := os.Stat(cfg.OutDir); err == nil && !st.IsDir() {
		return cfg, nil, fmt.Errorf("--out %s is a file, not a folder: name a folder for the edited labels and the edit journal", cfg.OutDir)
	}
	var err error
	if opts.Keys != "" {
		cfg.Keys, err = keymap.Load(opts.Keys, true)
	} else {
		cfg.Keys, err = keymap.Load(keymap.ConfigPath(), false)
		var unreadable *keymap.UnreadableError
		if errors.As(err, &unreadable) { // only --keys must be readable
			cfg.Notices = append(cfg.Notices, datasets.SanitizeText(err.Error())+"; using the default keys")
			err = nil
		}
	}
	if err != nil {
		return cfg, nil, err
	}
	if err := loadData(&cfg, opts); err != nil {
		return cfg, nil, err
	}
	cleanup, err := loadEngines(&cfg, opts)
	if err != nil {
		return cfg, nil, err
	}
	return cfg, cleanup, nil
}

// loadData fills the browser and loader: the phantom with no path.
func loadData(cfg *Config, opts Options) error {
	if opts.Path == "" {
		cfg.Root = fmt.Sprintf("phantom:%d", phantom.DefaultSeed)
		cfg.Cases = []CaseEntry{{ID: phantom.CaseID}}
		cfg.Classes = datasets.FLARE22Classes()
		cfg.Load = func(ctx context.Context, i int) (*datasets.Volume, *datasets.LabelMap, error) {
			img, lab := phantom.New(phantom.DefaultSeed)
			return img, lab, nil
		}
		if opts.Classes != "" {
			t, err := datasets.LoadClassTable(opts.Classes)
			if err != nil {
				return fmt.Errorf("--classes: %w", err)
			}
			cfg.Classes = t
		}
		return nil
	}
	return openDataset(cfg, opts)
}

// loadEngines lists the manifest's variants (opened lazily) after the
// built-in engine, which always works; --model picks the first shown.
func loadEngines(cfg *Config, opts Options) (func(), error) {
	cfg.Engines = []EngineEntry{{Name: "builtin", Device: "CPU", Family: engine.FamilyBuiltin, Open: func() (engine.Engine, error) { return builtin.New(), nil }}}
	if opts.Models == "" {
		if opts.Model != "" && opts.Model != "builtin" {
			return nil, fmt.Errorf("--model %q needs --models with a manifest listing it", opts.Model)
		}
		return func() {}, nil
	}
	man, err := engine.LoadManifest(opts.Models)
	if err != nil {
		return nil, err
	}
	dev := engine.DeviceAuto
	if opts.Device != "" {
		if dev, err = engine.ParseDevice(opts.Device); err != nil {
			return nil, err
		}
	}
	lib, err := onnx.ResolveORTLibrary(opts.ORTLib, dev)
	if err != nil {
		return nil, err
	}
	rt, err := onnx.NewRuntime(onnx.RuntimeOptions{LibPath: lib, Device: dev})
	if err != nil {
		return nil, err
	}
	for _, v := range man.Variants {
		v := v
		label := strings.ToUpper(string(dev))
		if dev == engine.DeviceAuto {
			label = "auto"
		}
		cfg.Engines = append(cfg.Engines, EngineEntry{Name: v.Name, Device: label, Family: v.Family, Open: func() (engine.Engine, error) {
			return onnx.Open(v, rt, onnx.OpenOptions{Device: dev})
		}})
	}
	if opts.Model != "" {
		found := false
		for i, e := range cfg.Engines {
			if e.Name == opts.Model {
				cfg.Engines[0], cfg.Engines[i] = cfg.Engines[i], cfg.Engines[0]
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("--model %q is not in %s", opts.Model, filepath.Base(opts.Models))
		}
	} else if len(cfg.Engines) > 1 {
		// A manifest's first variant is the one asked for; builtin stays last.
		cfg.Engines = append(cfg.Engines[1:], cfg.Engines[0])
	}
	return func() {}, nil
}

// resolveGraphics asks the terminal what it supports (before Bubble Tea
// reads stdin, so replies are not taken for keys): the protocol for
// "auto", and always the cell size and tmux passthrough.
func resolveGraphics(mode string) (Graphics, render.Capabilities) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	caps, _ := render.Detect(ctx, os.Stdin, os.Stdout, os.Getenv, render.DetectOptions{})
	g := Graphics(caps.Protocol.String())
	if mode != "" && mode != "auto" {
		g = Graphics(mode)
	}
	return g, caps
}

// colorProfile raises the profile termenv guessed from TERM and COLORTERM
// when the terminal itself said more: TERM=xterm without COLORTERM reads as
// 16 colours, and class swatches in those would not match the overlay
// colours (spleen's purple shows blue). A truecolor terminal gets
// TrueColor; one that answered a graphics or version query is a modern
// terminal and gets at least 256 colours, even when termenv found no
// colour in an unknown TERM (mlterm sets TERM=mlterm). No colour asked for
// (colorOff: NO_COLOR, not a terminal) stays none.
func colorProfile(base termenv.Profile, colorOff bool, caps render.Capabilities) termenv.Profile {
	if colorOff {
		return termenv.Ascii
	}
	want := base
	switch {
	case caps.TrueColor:
		want = termenv.TrueColor
	case caps.Protocol != render.ProtoBlocks || caps.Terminal != "":
		want = termenv.ANSI256
	}
	// termenv orders profiles from most colours (TrueColor) to none (Ascii).
	return min(base, want)
}
