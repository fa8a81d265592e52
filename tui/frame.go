package tui

import (
	"fmt"
	"image"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/render"
	"github.com/segtui/segtui/tui/imagepane"
)

// frameResult is an encoded image for the pane: text rows for half blocks,
// or a graphics payload placed over reserved blank cells.
type frameResult struct {
	cols, rows int      // cells the pane had when the frame was made
	padCols    int      // blank columns left of the image, centring it in the pane
	lines      []string // half-block rows (blocks mode)
	payload    string   // sixel/kitty/iTerm2 bytes (graphics modes)
	mapping    render.Mapping
	cellW      float64 // frame pixels per cell, for mouse mapping
	cellH      float64
	window     render.Window
	err        error
	gen        int             // the refresh that asked for it
	img        *image.Paletted // the sixel frame's pixels, for patches
	dump       string          // where the frame was dumped (SEGTUI_FRAME_DUMP)
}

type frameMsg struct {
	gen int
	frameResult
}

// frameInput is a snapshot of everything a frame shows, so composition
// runs off the UI goroutine on data nobody mutates.
type frameInput struct {
	spec       render.FrameSpec
	mode       Graphics
	cols, rows int
	cellW      int
	cellH      int
	patches    bool   // the link sends sixel patches: encode on demand
	dump       string // PNG path for the composed frame; "" for none
}

func (m *Model) window() render.Window { return m.pane.Window() }

// refresh requests a new frame for the current state; the previous frame
// stays on screen until the new one arrives, and stale ones are dropped.
func (m *Model) refresh() tea.Cmd {
	gen := m.pane.NextGen()
	if m.sess == nil || m.cfg.Graphics == GraphicsNone {
		return nil
	}
	cols, rows := m.imageCells()
	if cols < 2 || rows < 2 {
		return nil
	}
	in := frameInput{mode: m.cfg.Graphics, cols: cols, rows: rows, cellW: m.cfg.CellW, cellH: m.cfg.CellH, patches: m.link.w != nil}
	if m.largeDisplay() {
		return m.refreshLarge(in) // a pyramid level's crop (display_large.go)
	}
	v := m.view()
	grey, _ := m.sess.Image.Slice(m.plane, m.n)
	in.spec = render.FrameSpec{
		View: v, Grey: grey, RGB: m.sess.Image.SliceRGB(m.plane, m.n), Window: m.window(),
		Classes:     m.cfg.Classes,
		FillOpacity: m.pane.Opacity(),
		Cursor:      &render.Point{X: float64(m.cx), Y: float64(m.cy)},
		Region:      m.zoomRegion(),
		GreyLevels:  m.link.greyLevels(fmt.Sprint(m.opened, m.plane, m.n, m.zoomRegion(), m.pane.WindowIndex())),
	}
	if in.spec.Window.IsAuto() {
		in.spec.Window = m.sess.autoWindow() // steady while scrolling
	}
	if m.pane.ShowGT() && m.sess.GT != nil {
		in.spec.GT, _ = m.sess.GT.Slice(m.plane, m.n)
	}
	if m.pane.ShowPred() {
		in.spec.Labels, _ = m.sess.Edit.Slice(m.plane, m.n)
		if m.semProp != nil {
			in.spec.Labels, in.spec.Proposal = m.semProp.overlay(in.spec.Labels)
		}
		if m.proposal != nil {
			in.spec.Proposal = m.proposal.Pix
			if m.storedShown() {
				in.spec.ProposalColor = render.ColorStored
			}
		}
	}
	in.spec.Disagreement = m.disagreeLevels()
	for _, p := range m.points {
		in.spec.Points = append(in.spec.Points, render.Point{X: p.X, Y: p.Y, Positive: p.Positive})
	}
	if m.box != nil {
		in.spec.Boxes = []render.Box{{X0: m.box.X0, Y0: m.box.Y0, X1: m.box.X1, Y1: m.box.Y1}}
	}
	if m.corner != nil {
		c := *m.corner
		in.spec.DraftBox = &render.Box{X0: float64(min(c[0], m.cx)), Y0: float64(min(c[1], m.cy)), X1: float64(max(c[0], m.cx)), Y1: float64(max(c[1], m.cy))}
	}
	pane := m.renderer
	in.dump = m.framePath(gen)
	pane.want(gen)
	return func() tea.Msg {
		res, ok := pane.frame(gen, in)
		if !ok {
			return nil // superseded before it started
		}
		res.gen = gen
		return frameMsg{gen: gen, frameResult: res}
	}
}

// autoWindow is the auto window of the whole image, resolved on first use:
// sorting a sample of a 512x512x300 volume on every frame cost ~10 ms.
func (s *Session) autoWindow() render.Window {
	if s.autoWin == nil {
		w := render.Auto().Resolve(s.Image.Voxels)
		s.autoWin = &w
	}
	return *s.autoWin
}

// makeFrame composes and encodes one frame with p's reusable buffers; the
// caller holds p.mu.
func makeFrame(p *paneRenderer, in frameInput) frameResult {
	res := frameResult{cols: in.cols, rows: in.rows}
	in.spec.MaxW, in.spec.MaxH, in.spec.PixelAspect = frameBox(in.mode, in.cols, in.rows, in.cellW, in.cellH)
	res.cellW, res.cellH = frameCell(in.mode, in.cellW, in.cellH)
	f, err := p.comp.Compose(in.spec)
	if err != nil {
		res.err = err
		return res
	}
	res.mapping, res.window = f.Map, f.Window
	res.dump = in.dump
	dumpFrame(in.dump, f.Image)
	res.padCols = padCols(in.mode, in.cols, f.Map.W, in.cellW)
	switch in.mode {
	case GraphicsBlocks:
		res.lines = strings.Split(render.Blocks(f.Image, true), "\n")
	case GraphicsSixel:
		res.img = clonePaletted(f.Image)
		if in.patches {
			break // the link encodes what it sends: a patch, or all of it
		}
		b, err := p.sixel.Encode(f.Image)
		res.payload, res.err = string(b), err // copied: b is reused
	case GraphicsKitty:
		cols, rows := render.CellsFor(f.Map.W, f.Map.H, in.cellW, in.cellH)
		b, err := render.Kitty(f.Image, render.KittyOptions{ID: kittyImageID, Cols: cols, Rows: rows})
		res.payload, res.err = string(b), err
	case GraphicsITerm:
		cols, rows := render.CellsFor(f.Map.W, f.Map.H, in.cellW, in.cellH)
		b, err := render.ITerm(f.Image, cols, rows)
		res.payload, res.err = string(b), err
	default:
		res.err = fmt.Errorf("unknown graphics mode %q", in.mode)
	}
	return res
}

// frameCell is the frame pixels one cell covers.
func frameCell(mode Graphics, cellW, cellH int) (float64, float64) {
	if mode == GraphicsBlocks {
		return 1, 2
	}
	return float64(cellW), float64(cellH)
}

// padCols is the blank columns left of a frameW-pixel-wide image that
// centre it in a cols-wide pane.
func padCols(mode Graphics, cols, frameW, cellW int) int {
	imgCols := frameW
	if mode != GraphicsBlocks {
		imgCols, _ = render.CellsFor(frameW, 1, cellW, 1)
	}
	return max(0, (cols-imgCols)/2)
}

// paneGeometry is where the frame on screen puts the slice's pixels, for
// the image pane's mouse mapping (tui/imagepane); a session is open.
func (m *Model) paneGeometry() imagepane.Geometry {
	x0, y0 := m.imageOrigin()
	v := m.view()
	return imagepane.Geometry{Col0: x0, Row0: y0, Mapping: m.frame.mapping,
		CellW: m.frame.cellW, CellH: m.frame.cellH, SliceW: v.Width, SliceH: v.Height}
}

// cellToPixel maps a terminal cell to the slice pixel under it.
func (m *Model) cellToPixel(col, row int) (int, int, bool) {
	if m.sess == nil {
		return 0, 0, false
	}
	return m.paneGeometry().Pixel(col, row)
}

// hu is the voxel value under the cursor.
func (m *Model) hu() (ijk [3]int, val float32) {
	ijk = m.view().Voxel(m.n, m.cx, m.cy)
	img := m.sess.Image
	return ijk, img.Voxels[img.Index(ijk[0], ijk[1], ijk[2])]
}
