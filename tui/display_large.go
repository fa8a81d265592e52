package tui

import (
	"fmt"
	"math"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/render"
)

// Display of large 2-D images (issue 16): a frame of a 7200x6800 scene
// copied and windowed the whole slice (and its labels) every time, 1.9 s
// a pan. Slices over largeDisplayPixels are shown from a pyramid of
// 2x2-averaged levels built once per slice: each frame crops, from the
// coarsest level still at least as fine as the frame, just the region in
// view, and samples the labels there, so panning never touches the whole
// scene.

// largeDisplayPixels is where the pyramid starts (4096x4096: CT slices and
// ordinary photos keep the direct path).
const largeDisplayPixels = 4096 * 4096

// displayLevel is one pyramid level: the slice averaged over step x step
// blocks (level 0 is read from the volume as needed, never copied whole).
type displayLevel struct {
	w, h, step int
	grey       []float32
	rgb        []uint8
}

// displayPyramid is the current slice's levels.
type displayPyramid struct {
	sess   *Session
	key    sliceKey
	levels []displayLevel // levels[0] has no pixels
}

// largeDisplay reports whether the slice on screen uses the pyramid.
func (m *Model) largeDisplay() bool {
	v := m.view()
	return v.Width*v.Height > largeDisplayPixels
}

// pyramid returns the levels of the slice on screen, built on first use.
func (m *Model) pyramid() *displayPyramid {
	if p := m.pyr; p != nil && p.sess == m.sess && p.key == m.key() {
		return p
	}
	v := m.view()
	p := &displayPyramid{sess: m.sess, key: m.key(), levels: []displayLevel{{w: v.Width, h: v.Height, step: 1}}}
	vol := m.sess.Image
	for step := 2; max(v.Width, v.Height)/step >= 512; step *= 2 {
		prev := p.levels[len(p.levels)-1]
		l := displayLevel{w: prev.w / 2, h: prev.h / 2, step: step}
		l.grey = make([]float32, l.w*l.h)
		if vol.RGB != nil {
			l.rgb = make([]uint8, 3*l.w*l.h)
		}
		for y := 0; y < l.h; y++ {
			var g []float32
			var c []uint8
			gw := prev.w
			if prev.grey == nil { // from the volume, two rows at a time
				g, c = vol.SliceRect(m.plane, m.n, 0, 2*y, v.Width, 2*y+2)
				gw = v.Width
			} else {
				g = prev.grey[2*y*prev.w : (2*y+2)*prev.w]
				if prev.rgb != nil {
					c = prev.rgb[3*2*y*prev.w : 3*(2*y+2)*prev.w]
				}
			}
			for x := 0; x < l.w; x++ {
				i, j := 2*x, gw+2*x
				l.grey[y*l.w+x] = (g[i] + g[i+1] + g[j] + g[j+1]) / 4
				if c != nil {
					for ch := range 3 {
						s := int(c[3*i+ch]) + int(c[3*i+3+ch]) + int(c[3*j+ch]) + int(c[3*j+3+ch])
						l.rgb[3*(y*l.w+x)+ch] = uint8((s + 2) / 4)
					}
				}
			}
		}
		p.levels = append(p.levels, l)
	}
	m.pyr = p
	return p
}

// refreshLarge is refresh for a large slice: the frame spec is built from
// the region in view at a pyramid level, in that level's pixels, and the
// frame's mapping is given back in slice pixels for mouse clicks.
func (m *Model) refreshLarge(in frameInput) tea.Cmd {
	v := m.view()
	R := m.zoomRegion()
	if R == (render.Rect{}) {
		R = render.Rect{X1: float64(v.Width), Y1: float64(v.Height)}
	}
	maxW, maxH, pa := frameBox(m.cfg.Graphics, in.cols, in.rows, m.cfg.CellW, m.cfg.CellH)
	fw, fh := render.FitSize(R, v.PixelSpacing, maxW, maxH, pa)
	pyr := m.pyramid()
	lv := pyr.levels[0]
	for _, l := range pyr.levels[1:] {
		if R.Dx()/float64(l.step) >= float64(fw) && R.Dy()/float64(l.step) >= float64(fh) {
			lv = l
		}
	}
	s := float64(lv.step)
	x0, y0 := int(math.Floor(R.X0/s)), int(math.Floor(R.Y0/s))
	x1, y1 := min(int(math.Ceil(R.X1/s)), lv.w), min(int(math.Ceil(R.Y1/s)), lv.h)
	x0, y0 = min(x0, x1-1), min(y0, y1-1)
	cw, ch := x1-x0, y1-y0
	var grey []float32
	var rgb []uint8
	if lv.step == 1 {
		grey, rgb = m.sess.Image.SliceRect(m.plane, m.n, x0, y0, x1, y1)
	} else {
		grey = make([]float32, cw*ch)
		for y := 0; y < ch; y++ {
			copy(grey[y*cw:(y+1)*cw], lv.grey[(y0+y)*lv.w+x0:])
		}
		if lv.rgb != nil {
			rgb = make([]uint8, 3*cw*ch)
			for y := 0; y < ch; y++ {
				copy(rgb[3*y*cw:3*(y+1)*cw], lv.rgb[3*((y0+y)*lv.w+x0):])
			}
		}
	}
	cv := v
	cv.Width, cv.Height = cw, ch
	cv.PixelSpacing = [2]float64{v.PixelSpacing[0] * s, v.PixelSpacing[1] * s}
	// Slice pixel coordinates to the crop's: pixel centres line up.
	px := func(x float64) float64 { return (x+0.5)/s - 0.5 - float64(x0) }
	py := func(y float64) float64 { return (y+0.5)/s - 0.5 - float64(y0) }
	box := func(b0, c0, b1, c1 float64) render.Box {
		return render.Box{X0: px(b0), Y0: py(c0), X1: (b1+1)/s - 1 - float64(x0), Y1: (c1+1)/s - 1 - float64(y0)}
	}
	in.spec = render.FrameSpec{
		View: cv, Grey: grey, RGB: rgb, Window: m.window(),
		Classes:     m.cfg.Classes,
		FillOpacity: m.pane.Opacity(),
		Cursor:      &render.Point{X: px(float64(m.cx)), Y: py(float64(m.cy))},
		Region:      render.Rect{X0: R.X0/s - float64(x0), Y0: R.Y0/s - float64(y0), X1: R.X1/s - float64(x0), Y1: R.Y1/s - float64(y0)},
		GreyLevels:  m.link.greyLevels(fmt.Sprint(m.opened, m.plane, m.n, R, m.pane.WindowIndex())),
	}
	if in.spec.Window.IsAuto() {
		in.spec.Window = m.sess.autoWindow()
	}
	step := lv.step
	sx0, sy0 := x0*step+step/2, y0*step+step/2
	if m.pane.ShowGT() && m.sess.GT != nil {
		in.spec.GT = m.sess.GT.SampleRect(m.plane, m.n, sx0, sy0, cw, ch, step)
	}
	if m.pane.ShowPred() {
		in.spec.Labels = m.sess.Edit.SampleRect(m.plane, m.n, sx0, sy0, cw, ch, step)
		if m.semProp != nil {
			in.spec.Labels, in.spec.Proposal = m.semProp.overlay(m.sess.Edit.SampleRect(m.plane, m.n, 0, 0, v.Width, v.Height, 1))
			in.spec.Labels = sampleSlice(in.spec.Labels, v, sx0, sy0, cw, ch, step)
			in.spec.Proposal = sampleSlice(in.spec.Proposal, v, sx0, sy0, cw, ch, step)
		}
		if m.proposal != nil {
			in.spec.Proposal = sampleSlice(m.proposal.Pix, v, sx0, sy0, cw, ch, step)
			if m.storedShown() {
				in.spec.ProposalColor = render.ColorStored
			}
		}
	}
	for _, p := range m.points {
		in.spec.Points = append(in.spec.Points, render.Point{X: px(p.X), Y: py(p.Y), Positive: p.Positive})
	}
	if m.box != nil {
		in.spec.Boxes = []render.Box{box(m.box.X0, m.box.Y0, m.box.X1, m.box.Y1)}
	}
	if m.corner != nil {
		c := *m.corner
		b := box(float64(min(c[0], m.cx)), float64(min(c[1], m.cy)), float64(max(c[0], m.cx)), float64(max(c[1], m.cy)))
		in.spec.DraftBox = &b
	}
	gen, pane := m.pane.Gen(), m.renderer
	pane.want(gen)
	return func() tea.Msg {
		res, ok := pane.frame(gen, in)
		if !ok {
			return nil
		}
		res.mapping.Region = R // clicks map in slice pixels
		res.gen = gen
		return frameMsg{gen: gen, frameResult: res}
	}
}

// sampleSlice takes every step-th value of a slice-sized array from
// (x0, y0), cw x ch of them.
func sampleSlice[T any](a []T, v datasets.SliceView, x0, y0, cw, ch, step int) []T {
	if a == nil {
		return nil
	}
	out := make([]T, cw*ch)
	for j := 0; j < ch; j++ {
		y := min(y0+j*step, v.Height-1)
		for i := 0; i < cw; i++ {
			out[j*cw+i] = a[y*v.Width+min(x0+i*step, v.Width-1)]
		}
	}
	return out
}
