package main

import (
	"bufio"
	"errors"
	"fmt"
	"image/png"
	"io"
	"os"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/render"
)

const snapshotSynopsis = "segtui snapshot PATH [--case ID] [--slice N] [--plane axial|coronal|sagittal] " +
	"[--window NAME|W,L|auto] [--labels PATH] [--classes NAME|FILE] [--opacity A] [--width PX] [--height PX] " +
	"(--out FILE.png | --format sixel|kitty|iterm|blocks [--cols N] [--rows N] [--256])"

// runSnapshot writes one composed frame without the TUI, for scripts,
// reports and tests.
func runSnapshot(args []string) int {
	fs := newFlagSet("snapshot", snapshotSynopsis)
	caseID := fs.String("case", "", "case ID within a dataset folder (default: the first case)")
	slice := fs.Int("slice", -1, "slice index in the chosen plane (default: the middle slice)")
	plane := fs.String("plane", "axial", "viewing plane: axial, coronal or sagittal")
	window := fs.String("window", "", "window: abdomen, liver, bone, lung, brain, W,L or auto (default: abdomen for CT, auto otherwise)")
	labels := fs.String("labels", "", "label map for a single image file (default: the dataset's ground truth)")
	classes := fs.String("classes", "", classesUsage)
	opacity := fs.Float64("opacity", render.DefaultFillOpacity, "label fill opacity 0..1; 0 draws outlines only")
	out := fs.String("out", "", "write a PNG to this file")
	format := fs.String("format", "", "write a terminal image to stdout: sixel, kitty, iterm or blocks")
	width := fs.Int("width", 768, "frame width limit in pixels (graphics and PNG)")
	height := fs.Int("height", 768, "frame height limit in pixels (graphics and PNG)")
	cols := fs.Int("cols", 80, "width in cells for --format blocks")
	rows := fs.Int("rows", 40, "height in cells for --format blocks")
	colors256 := fs.Bool("256", false, "--format blocks with the 256-colour palette instead of truecolor")
	pos, code, done := parseFlags(fs, args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return usageError(os.Stderr, "snapshot", fmt.Errorf("expected one PATH, got %d arguments; usage: %s", len(pos), snapshotSynopsis))
	}
	if (*out == "") == (*format == "") {
		return usageError(os.Stderr, "snapshot", errors.New("give exactly one of --out FILE.png or --format sixel|kitty|iterm|blocks"))
	}
	var proto render.Protocol
	if *format != "" {
		p, err := render.ParseProtocol(*format)
		if err != nil {
			return usageError(os.Stderr, "snapshot", fmt.Errorf("--format: %w", err))
		}
		proto = p
	}
	pl, err := datasets.ParsePlane(*plane)
	if err != nil {
		return usageError(os.Stderr, "snapshot", fmt.Errorf("--plane: %w", err))
	}
	var win render.Window
	if *window != "" {
		if win, err = render.ParseWindow(*window); err != nil {
			return usageError(os.Stderr, "snapshot", fmt.Errorf("--window: %w", err))
		}
	}
	if *opacity < 0 || *opacity > 1 {
		return usageError(os.Stderr, "snapshot", fmt.Errorf("--opacity %g: expected a value from 0 to 1", *opacity))
	}
	if *width < 1 || *height < 1 || *cols < 1 || *rows < 1 || *width > 8192 || *height > 8192 || *cols > 1000 || *rows > 1000 {
		return usageError(os.Stderr, "snapshot", errors.New("--width/--height must be 1..8192 and --cols/--rows 1..1000"))
	}

	if code, ok := checkClasses(os.Stderr, "snapshot", *classes); !ok {
		return code
	}
	spec, err := snapshotSpec(pos[0], *caseID, *labels, *classes, pl, *slice, win)
	if err != nil {
		return runtimeError(os.Stderr, "snapshot", err)
	}
	spec.FillOpacity = *opacity
	spec.MaxW, spec.MaxH = *width, *height
	if *format == "blocks" {
		spec.MaxW, spec.MaxH = *cols, 2**rows
	}
	frame, err := render.Compose(spec)
	if err != nil {
		return runtimeError(os.Stderr, "snapshot", err)
	}
	if *out != "" {
		err = datasets.WriteFileAtomic(*out, func(w io.Writer) error { return png.Encode(w, frame.TrueColor()) })
	} else {
		err = writeTerminalImage(os.Stdout, frame, proto, !*colors256)
	}
	if err != nil {
		return runtimeError(os.Stderr, "snapshot", err)
	}
	return exitOK
}

// snapshotSpec loads the case and slice and fills the image part of a
// frame spec.
func snapshotSpec(path, caseID, labels, classes string, pl datasets.Plane, n int, win render.Window) (render.FrameSpec, error) {
	ds, err := datasets.OpenWithLabels(path, labels)
	if err == nil {
		err = applyClasses(ds, classes)
	}
	if err != nil {
		return render.FrameSpec{}, err
	}
	if len(ds.Cases) == 0 {
		return render.FrameSpec{}, fmt.Errorf("%s: no cases found", path)
	}
	c := ds.Cases[0]
	if caseID != "" {
		found := false
		for _, k := range ds.Cases {
			if k.ID == caseID {
				c, found = k, true
				break
			}
		}
		if !found {
			return render.FrameSpec{}, fmt.Errorf("%s: no case %q (it has %d cases, the first is %q)", path, caseID, len(ds.Cases), ds.Cases[0].ID)
		}
	}
	img, lab, err := ds.Load(c)
	if err != nil {
		return render.FrameSpec{}, err
	}
	depth := img.View(pl).Depth
	if n < 0 {
		n = depth / 2
	}
	if n >= depth {
		return render.FrameSpec{}, fmt.Errorf("--slice %d: %s has %d %s slices (0..%d)", n, img.Path, depth, pl, depth-1)
	}
	grey, view := img.Slice(pl, n)
	spec := render.FrameSpec{View: view, Grey: grey, RGB: img.SliceRGB(pl, n), Window: win, Classes: ds.ClassesFor(lab)}
	if win == (render.Window{}) {
		spec.Window = defaultWindow(img)
	}
	if lab != nil {
		spec.Labels, _ = lab.Slice(pl, n)
		spec.GT = spec.Labels
	}
	return spec, nil
}

// defaultWindow is abdomen for CT in Hounsfield units, a fixed 0..255 for
// pre-windowed images, and percentiles of the whole volume otherwise.
func defaultWindow(v *datasets.Volume) render.Window {
	if v.Prewindowed {
		return render.Window{Name: "stored", Width: 255, Level: 127.5}
	}
	if v.LooksCT() {
		w, _ := render.ParseWindow("abdomen")
		return w
	}
	return render.Auto().Resolve(v.Voxels)
}

func writeTerminalImage(w io.Writer, f *render.Frame, p render.Protocol, trueColor bool) error {
	bw := bufio.NewWriter(w)
	var data []byte
	var err error
	switch p {
	case render.ProtoSixel:
		data, err = render.Sixel(f.Image)
	case render.ProtoKitty:
		data, err = render.Kitty(f.Image, render.KittyOptions{ID: 1})
	case render.ProtoITerm:
		data, err = render.ITerm(f.Image, 0, 0)
	default:
		_, err = io.WriteString(bw, render.Blocks(f.Image, trueColor))
	}
	if err != nil {
		return err
	}
	if _, err := bw.Write(data); err != nil {
		return err
	}
	if _, err := bw.WriteString("\n"); err != nil {
		return err
	}
	return bw.Flush()
}
