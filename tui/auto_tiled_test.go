package tui

import (
	"context"
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/gidscene"
	"github.com/segtui/segtui/engine/tile"
)

// gidVolume is a GID-like scene as the 2-D reader gives it: one RGB slice
// and its labels, axial view as stored.
func gidVolume(w, h int) (*datasets.Volume, *datasets.LabelMap, *gidscene.Scene) {
	s := gidscene.New(w, h, 1)
	g := datasets.Grid{Dim: [3]int{w, h, 1}, Spacing: [3]float64{1, 1, 1}, Affine: [4][4]float64{{-1, 0, 0, 0}, {0, -1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}}
	vol := &datasets.Volume{Grid: g, RGB: s.RGB, Voxels: make([]float32, w*h), DataType: datasets.RGB24, Prewindowed: true}
	for i := range vol.Voxels {
		vol.Voxels[i] = float32(s.RGB[3*i+1])
	}
	return vol, &datasets.LabelMap{Grid: g, Labels: s.Labels, DataType: datasets.Uint8}, s
}

// a on a 2048x1536 GID-like scene with the SAM fixture runs tile by tile
// (the fixture's 1024 input, overlap 128: six tiles) and accepts one edit
// in which each tile's boxes paint that tile's core.
func TestAutoTiledOnLarge2DImage(t *testing.T) {
	const w, h = 2048, 1536
	vol, lab, _ := gidVolume(w, h)
	cfg := largeRGBConfig(t, 16, 16)
	cfg.Load = func(context.Context, int) (*datasets.Volume, *datasets.LabelMap, error) { return vol, lab, nil }
	m := newTestModelCfg(t, cfg)
	press(m, "m", "m") // open the fixture so its input size is known
	if m.slots[m.engine].entry.Name != "sam-fixture" {
		t.Fatalf("active model %s", m.slots[m.engine].entry.Name)
	}
	press(m, " ", "esc")
	spec := m.autoTiles()
	if spec != (tile.Spec{Size: 1024, Overlap: 128}) {
		t.Fatalf("tiles %v, want 1024/128", spec)
	}
	press(m, "a")
	if m.sess.LabelledCount() != 1 {
		t.Fatalf("a labelled %d slices: %s", m.sess.LabelledCount(), m.msg)
	}
	got, _ := m.sess.Edit.Slice(m.plane, m.n)
	gt, _ := lab.Slice(m.plane, m.n)
	// The fixture fills each box, and water, the last class painted in a
	// tile, keeps all of its box: in each tile's core the water labels
	// must span the tile's water box cut by the core, within a pixel.
	tiles, total := 0, 0
	for _, tl := range tile.Grid(w, h, spec) {
		bx0, by0, bx1, by1 := w, h, -1, -1
		for y := tl.Y0; y < tl.Y1; y++ {
			for x := tl.X0; x < tl.X1; x++ {
				if gt[y*w+x] == gidscene.Water {
					bx0, by0, bx1, by1 = min(bx0, x), min(by0, y), max(bx1, x), max(by1, y)
				}
			}
		}
		want := [4]int{max(bx0, tl.Core.X0), max(by0, tl.Core.Y0), min(bx1, tl.Core.X1-1), min(by1, tl.Core.Y1-1)}
		gx0, gy0, gx1, gy1 := w, h, -1, -1
		for y := tl.Core.Y0; y < tl.Core.Y1; y++ {
			for x := tl.Core.X0; x < tl.Core.X1; x++ {
				if got[y*w+x] == gidscene.Water {
					gx0, gy0, gx1, gy1 = min(gx0, x), min(gy0, y), max(gx1, x), max(gy1, y)
					total++
				}
			}
		}
		if bx1 < 0 || want[0] > want[2] || want[1] > want[3] {
			if gx1 >= 0 {
				t.Errorf("tile %s: water labelled in its core, but its box misses the core", tl.Rect)
			}
			continue
		}
		tiles++
		for i, d := range [4]int{gx0 - want[0], gy0 - want[1], gx1 - want[2], gy1 - want[3]} {
			if d < -1 || d > 1 {
				t.Errorf("tile %s: water labels span (%d,%d)-(%d,%d) in the core, want (%d,%d)-(%d,%d) (side %d)", tl.Rect, gx0, gy0, gx1, gy1, want[0], want[1], want[2], want[3], i)
				break
			}
		}
	}
	x0, y0, x1, y1 := w, h, -1, -1
	for i, id := range gt {
		if id == gidscene.Water {
			x0, y0, x1, y1 = min(x0, i%w), min(y0, i/w), max(x1, i%w), max(y1, i/w)
		}
	}
	whole := (x1 - x0 + 1) * (y1 - y0 + 1)
	t.Logf("water: %d px labelled from %d tiles' boxes; the whole-slice box would hold %d px", total, tiles, whole)
	if tiles == 0 || total >= whole {
		t.Errorf("water: %d px from %d tiles, want tiles' boxes smaller than the whole-slice box (%d px)", total, tiles, whole)
	}
}
