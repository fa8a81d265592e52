package render

import (
	"math"

	"github.com/segtui/segtui/datasets"
)

// ctSlice builds a CT-like 512x512 axial slice in HU (air, fat, soft
// tissue, liver, kidneys, spine, deterministic noise) with labels: 1 liver,
// 2 right kidney, 3 spleen. It stands in until the phantom is available.
func ctSlice() (grey []float32, labels []uint16, view datasets.SliceView) {
	const n = 512
	view = datasets.SliceView{Width: n, Height: n, Depth: 1, PixelSpacing: [2]float64{0.8, 0.8}}
	grey = make([]float32, n*n)
	labels = make([]uint16, n*n)
	in := func(x, y, cx, cy, rx, ry float64) bool {
		dx, dy := (x-cx)/rx, (y-cy)/ry
		return dx*dx+dy*dy <= 1
	}
	seed := uint32(12345)
	noise := func() float32 {
		seed = seed*1664525 + 1013904223
		return float32(seed>>8)/float32(1<<24)*40 - 20
	}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			fx, fy := float64(x), float64(y)
			v, lab := float32(-1000), uint16(0)
			switch {
			case !in(fx, fy, 256, 260, 220, 170):
			case in(fx, fy, 256, 380, 28, 30):
				v = 700 + 200*float32(math.Sin(fx/5))
			case in(fx, fy, 170, 230, 85, 70):
				v, lab = 60, 1
			case in(fx, fy, 345, 310, 30, 40):
				v, lab = 30, 2
			case in(fx, fy, 360, 200, 45, 35):
				v, lab = 45, 3
			case !in(fx, fy, 256, 260, 200, 150):
				v = -100
			default:
				v = 35
			}
			if v > -1000 {
				v += noise()
			}
			grey[y*n+x], labels[y*n+x] = v, lab
		}
	}
	return grey, labels, view
}

// ctSpec is the benchmark frame: the CT slice with GT outlines, a
// prediction fill (GT shifted by 4 px), prompts and cursor, at 768x768.
func ctSpec() FrameSpec {
	grey, gt, view := ctSlice()
	pred := make([]uint16, len(gt))
	for y := 0; y < view.Height; y++ {
		for x := 4; x < view.Width; x++ {
			pred[y*view.Width+x] = gt[y*view.Width+x-4]
		}
	}
	return FrameSpec{
		View: view, Grey: grey, Window: presets[0], MaxW: 768, MaxH: 768,
		GT: gt, Labels: pred, FillOpacity: DefaultFillOpacity,
		Points:   []Point{{X: 170, Y: 230, Positive: true}, {X: 256, Y: 260}},
		Boxes:    []Box{{X0: 310, Y0: 265, X1: 380, Y1: 355}},
		DraftBox: &Box{X0: 310, Y0: 160, X1: 410, Y1: 240},
		Cursor:   &Point{X: 200, Y: 300},
	}
}
