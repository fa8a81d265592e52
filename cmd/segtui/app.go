package main

import (
	"fmt"
	"os"
)

// appFlags are the TUI's flags; other commands reuse the model ones.
type appFlags struct {
	path, labels, split, classes, models, model, device, graphics, out, ortLib, keys string
	imageQuality                                                                     string
	bands                                                                            []int
}

func runTUI(args []string) int {
	fs := newFlagSet("segtui", "segtui [flags] [PATH]\n\nWith no PATH, opens a built-in synthetic abdominal CT with the built-in engine.")
	var f appFlags
	fs.StringVar(&f.labels, "labels", "", "ground-truth label map for a single-file PATH")
	fs.StringVar(&f.split, "split", "", splitUsage)
	fs.StringVar(&f.classes, "classes", "", classesUsage)
	fs.StringVar(&f.models, "models", "", "model manifest (YAML) listing variants")
	fs.StringVar(&f.model, "model", "", "variant to start with (default: the manifest's first, else builtin)")
	fs.StringVar(&f.device, "device", "auto", "auto|cpu|cuda: where models run (auto tries CUDA, falls back to CPU)")
	fs.StringVar(&f.graphics, "graphics", "auto", "auto|sixel|kitty|iterm|blocks: how images are drawn")
	fs.StringVar(&f.out, "out", "segtui-out", "folder where edited labels and the edit journal are written")
	fs.StringVar(&f.imageQuality, "image-quality", "auto", "auto|high|low: image grey levels (auto: fewer on a slow link, as measured)")
	fs.StringVar(&f.ortLib, "ort-lib", "", "path to libonnxruntime.so (default: $ONNXRUNTIME_LIB, then lib/)")
	fs.StringVar(&f.keys, "keys", "", "key binding overrides file (default: $XDG_CONFIG_HOME/segtui/keys.conf)")
	bands := fs.String("bands", "", "R,G,B: the bands (from 1) of a multi-band TIFF shown as red, green and blue, e.g. 4,1,2 for NIR false colour (default: 1,2,3)")
	pos, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	if len(pos) > 1 {
		return usageError(os.Stderr, "", fmt.Errorf("expected at most one PATH, got %d: %v", len(pos), pos))
	}
	if len(pos) == 1 {
		f.path = pos[0]
	}
	if err := oneOf("device", f.device, "auto", "cpu", "cuda"); err != nil {
		return usageError(os.Stderr, "", err)
	}
	if err := oneOf("graphics", f.graphics, "auto", "sixel", "kitty", "iterm", "blocks"); err != nil {
		return usageError(os.Stderr, "", err)
	}
	if err := oneOf("image-quality", f.imageQuality, "auto", "high", "low"); err != nil {
		return usageError(os.Stderr, "", err)
	}
	if f.labels != "" && f.path == "" {
		return usageError(os.Stderr, "", fmt.Errorf("--labels needs a PATH to an image"))
	}
	if f.split != "" && f.path == "" {
		return usageError(os.Stderr, "", fmt.Errorf("--split needs a dataset PATH"))
	}
	if code, ok := checkClasses(os.Stderr, "", f.classes); !ok {
		return code
	}
	if *bands != "" {
		b, err := parseBands(*bands)
		if err != nil {
			return usageError(os.Stderr, "", err)
		}
		f.bands = b
	}
	return startApp(f)
}
