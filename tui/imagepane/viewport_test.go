package imagepane

import (
	"testing"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/render"
)

// fit is a 200x100 slice of square pixels in a 400x200 frame box: the
// whole slice fits at 2 frame pixels per slice pixel, so at zoom f the view
// is 200/f x 100/f slice pixels.
func fit() Fit {
	return Fit{Slice: datasets.SliceView{Width: 200, Height: 100, PixelSpacing: [2]float64{1, 1}},
		MaxW: 400, MaxH: 200, PixelAspect: 1}
}

func TestZoomLevels(t *testing.T) {
	var z Viewport
	f := fit()
	if z.Factor() != 1 || z.Label() != "1x" || z.Region(f, 5, 5) != (render.Rect{}) {
		t.Fatalf("1x: factor %g label %q region %+v, want 1, 1x, the zero Rect", z.Factor(), z.Label(), z.Region(f, 5, 5))
	}
	if r := z.Shown(f); r != (render.Rect{X1: 200, Y1: 100}) {
		t.Errorf("1x shows %+v, want the whole slice", r)
	}
	labels := []string{"1x", "1.5x", "2x", "3x", "4x", "6x", "8x"}
	for i, want := range labels {
		if i > 0 && !z.SetLevel(i, f, 100, 50) {
			t.Fatalf("SetLevel(%d) changed nothing", i)
		}
		if z.Level() != i || z.Label() != want {
			t.Errorf("level %d: level %d label %q, want %q", i, z.Level(), z.Label(), want)
		}
		dx, dy := z.Extent(f)
		if dx != 200/ZoomLevels[i] || dy != 100/ZoomLevels[i] {
			t.Errorf("%s: extent %gx%g, want %gx%g", want, dx, dy, 200/ZoomLevels[i], 100/ZoomLevels[i])
		}
	}
	for _, l := range []int{len(ZoomLevels) - 1, len(ZoomLevels), -1} {
		if z.SetLevel(l, f, 0, 0) {
			t.Errorf("SetLevel(%d) at the top level reported a change", l)
		}
	}
	if z.Level() != len(ZoomLevels)-1 {
		t.Errorf("refused levels moved the zoom to %d", z.Level())
	}
}

// Zooming centres on the point asked for, moved inside the slice.
func TestZoomCentre(t *testing.T) {
	f := fit()
	var z Viewport
	z.SetLevel(4, f, 100, 50) // 4x: 50x25
	if r := z.Shown(f); r != (render.Rect{X0: 75, Y0: 37.5, X1: 125, Y1: 62.5}) {
		t.Errorf("4x about the middle shows %+v", r)
	}
	z.Centre(f, 3, 98) // bottom-left corner: clamped to the slice
	if r := z.Shown(f); r != (render.Rect{X0: 0, Y0: 75, X1: 50, Y1: 100}) {
		t.Errorf("4x about (3, 98) shows %+v, want the bottom-left 50x25", r)
	}
}

// Region keeps the view while the cursor stays in it or has not moved, and
// brings it to a cursor that moved out of view.
func TestZoomRegionFollowsJumps(t *testing.T) {
	f := fit()
	var p Model
	z := p.Viewport(Owner{Plane: datasets.Axial}, 100, 50)
	z.SetLevel(4, f, 100, 50)
	r0 := z.Region(f, 100, 50)
	if r0 != (render.Rect{X0: 75, Y0: 37.5, X1: 125, Y1: 62.5}) {
		t.Fatalf("4x region %+v", r0)
	}
	if r := z.Region(f, 120, 40); r != r0 {
		t.Errorf("cursor moved inside the view: region %+v, want %+v", r, r0)
	}
	// Zoomed about another point (ctrl+wheel) with the cursor unmoved:
	// the view stays there though the cursor is outside it.
	z.Centre(f, 20, 20)
	r1 := z.Region(f, 120, 40)
	if r1 == r0 || Shows(r1, 120, 40) {
		t.Errorf("unmoved cursor pulled the view: %+v", r1)
	}
	// A jump out of view centres on the cursor's pixel.
	if r := z.Region(f, 180, 80); r != (render.Rect{X0: 150, Y0: 68, X1: 200, Y1: 93}) {
		t.Errorf("jump to (180, 80): region %+v, want it centred on the pixel, inside the slice", r)
	}
}

// Follow pans only when the cursor comes within an eighth of the view of
// its edge, by just enough, and not past the slice's edge.
func TestZoomFollow(t *testing.T) {
	f := fit()
	var z Viewport
	z.SetLevel(4, f, 100, 50) // x 75..125, margin 6.25
	z.Follow(f, 110, 50)
	if r := z.Shown(f); r.X0 != 75 {
		t.Errorf("cursor inside the margin panned the view to %+v", r)
	}
	z.Follow(f, 118, 50) // pixel 118..119 > 125-6.25: pan by 0.25
	if r := z.Shown(f); r.X0 != 75.25 {
		t.Errorf("cursor at 118: view %+v, want it panned to x0 75.25", r)
	}
	z.Follow(f, 5, 50)
	if r := z.Shown(f); r.X0 != 0 {
		t.Errorf("cursor at 5: view %+v, want x0 0 (the slice edge)", r)
	}
	z.Follow(f, 50, 2)
	if r := z.Shown(f); r.Y0 != 0 {
		t.Errorf("cursor at y 2: view %+v, want y0 0", r)
	}
	var one Viewport
	one.Follow(f, 199, 99)
	if one.cx != 0 || one.cy != 0 {
		t.Errorf("1x follow moved the centre to (%g, %g)", one.cx, one.cy)
	}
}

// The viewport belongs to its owner: another owner (case, plane) starts at
// 1x, the same one keeps the zoom.
func TestViewportOwner(t *testing.T) {
	f := fit()
	var p Model
	p.Viewport(Owner{Plane: datasets.Axial}, 1, 1).SetLevel(3, f, 100, 50)
	if !p.ZoomedOn(Owner{Plane: datasets.Axial}) || p.ZoomedOn(Owner{Plane: datasets.Coronal}) {
		t.Fatalf("ZoomedOn: own %v other %v, want true false", p.ZoomedOn(Owner{Plane: datasets.Axial}), p.ZoomedOn(Owner{Plane: datasets.Coronal}))
	}
	if z := p.Viewport(Owner{Plane: datasets.Axial}, 9, 9); z.Factor() != 3 {
		t.Errorf("same owner: zoom %gx, want 3x", z.Factor())
	}
	if z := p.Viewport(Owner{Plane: datasets.Coronal}, 9, 9); z.Factor() != 1 || p.Zoom().Level() != 0 {
		t.Errorf("other owner: zoom %gx, want 1x", z.Factor())
	}
	if p.ZoomedOn(Owner{Plane: datasets.Axial}) {
		t.Error("the old owner's zoom survived the reset")
	}
}

func TestShows(t *testing.T) {
	r := render.Rect{X0: 10.5, Y0: 10, X1: 20, Y1: 20.5}
	for _, c := range []struct {
		x, y int
		want bool
	}{{10, 10, true}, {19, 20, true}, {9, 15, false}, {20, 15, false}, {15, 9, false}, {15, 21, false}} {
		if Shows(r, c.x, c.y) != c.want {
			t.Errorf("Shows(%+v, %d, %d) = %v", r, c.x, c.y, !c.want)
		}
	}
}
