package tui

import (
	"context"
	"math"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
	"github.com/segtui/segtui/render"
)

// A slice over largeDisplayPixels is shown from its pyramid: at 1x from a
// level of 2^k-pixel blocks with the frame the direct path would make (the
// same size and region), and at 4x from the region in view, where a click
// still maps to the slice pixel under it and the view's region is given in
// slice pixels.
func TestLargeSliceDisplayFromPyramid(t *testing.T) {
	const w, h = 4200, 4000
	g := datasets.Grid{Dim: [3]int{w, h, 1}, Spacing: [3]float64{1, 1, 1}, Affine: [4][4]float64{{-1, 0, 0, 0}, {0, -1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}}
	vol := &datasets.Volume{Grid: g, Voxels: make([]float32, w*h), DataType: datasets.Uint8, Prewindowed: true}
	for i := range vol.Voxels {
		vol.Voxels[i] = float32((i%w/50 + i/w/50) % 2 * 200)
	}
	cfg := phantomConfig(t, GraphicsSixel)
	cfg.CellW, cfg.CellH = 10, 20
	cfg.Cases = []CaseEntry{{ID: "big"}}
	cfg.Engines = []EngineEntry{{Name: "builtin", Device: "CPU", Family: engine.FamilyBuiltin, Open: builtinEntry.Open}}
	cfg.Load = func(context.Context, int) (*datasets.Volume, *datasets.LabelMap, error) { return vol, nil, nil }
	m := newTestModelCfg(t, cfg)
	drive(m, sizeMsg(160, 48))
	if !m.largeDisplay() || m.pyr == nil || len(m.pyr.levels) < 3 {
		t.Fatalf("a %dx%d slice: large display %v, pyramid %v", w, h, m.largeDisplay(), m.pyr != nil)
	}
	whole := render.Rect{X1: w, Y1: h}
	cols, rows := m.imageCells()
	maxW, maxH, pa := frameBox(m.cfg.Graphics, cols, rows, m.cfg.CellW, m.cfg.CellH)
	fw, fh := render.FitSize(whole, m.view().PixelSpacing, maxW, maxH, pa)
	if mp := m.frame.mapping; mp.Region != whole || mp.W != fw || mp.H != fh || m.frame.err != nil {
		t.Fatalf("1x frame %+v (err %v), want the whole slice at %dx%d", mp, m.frame.err, fw, fh)
	}
	// At 1x the built-in engine gets a 4096-pixel square around a click,
	// not the whole scene.
	m.cx, m.cy = 3000, 1000
	press(m, " ")
	if r := m.propRegion; r.Dx() != 4096 || r.Dy() != 4000 || !r.Contains(3000, 1000) || m.proposal == nil {
		t.Fatalf("1x click with builtin: region %s (proposal %v), want 4096x4000 around (3000,1000)", r, m.proposal != nil)
	}
	press(m, "esc")
	zoomTo(t, m, 4)
	r := m.frame.mapping.Region
	if !(r.X0 <= 3000 && r.X1 > 3001 && r.Y0 <= 1000 && r.Y1 > 1001) || math.Abs(r.Dx()-float64(w)/4*float64(m.frame.mapping.W)/float64(fw)) > 2 {
		t.Fatalf("4x region %+v (frame %dx%d) does not hold the cursor at the 4x scale", r, m.frame.mapping.W, m.frame.mapping.H)
	}
	scale := float64(m.frame.mapping.W) / r.Dx()
	col0, row0 := m.imageOrigin()
	for _, cell := range [][2]int{{30, 12}, {0, 0}, {70, 30}} {
		fx, fy := (float64(cell[0])+0.5)*10, (float64(cell[1])+0.5)*20
		wx, wy := int(math.Floor(r.X0+fx/scale)), int(math.Floor(r.Y0+fy/scale))
		n := len(m.points)
		drive(m, tea.MouseMsg{X: col0 + cell[0], Y: row0 + cell[1], Action: tea.MouseActionPress, Button: tea.MouseButtonLeft},
			tea.MouseMsg{X: col0 + cell[0], Y: row0 + cell[1], Action: tea.MouseActionRelease, Button: tea.MouseButtonLeft})
		if len(m.points) != n+1 || int(m.points[n].X) != wx || int(m.points[n].Y) != wy {
			t.Errorf("4x click on cell %v: points %v, want slice pixel (%d,%d)", cell, m.points, wx, wy)
		}
		press(m, "esc")
	}
}
