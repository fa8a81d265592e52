package imagepane

import (
	"math"
	"strconv"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/render"
)

// ZoomLevels are the magnifications of the whole-slice fit that the zoom
// keys step through.
var ZoomLevels = []float64{1, 1.5, 2, 3, 4, 6, 8}

// ScrollOff is the share of the shown region, on each side, that the
// cursor keys keep between the cursor and the view's edge (as an editor's
// scrolloff keeps lines above and below the cursor).
const ScrollOff = 1.0 / 8

// Fit is what the zoom works in: the slice shown and the box, in output
// pixels, that its frame must fit, with the on-screen height/width of one
// output pixel.
type Fit struct {
	Slice       datasets.SliceView
	MaxW, MaxH  int
	PixelAspect float64
}

// Viewport is the pane's zoom and pan. It belongs to one owner (the root's
// case and plane): another plane has another geometry, so zoom resets
// there, while it persists across slices of the same plane.
type Viewport struct {
	level  int     // index into ZoomLevels; 0 shows the whole slice
	cx, cy float64 // centre of the shown region, slice pixel coordinates
	owner  Owner   // what the view was set on; a different one resets it
	// The cursor when the region was last placed: a cursor that moved out
	// of view (a review jump) brings the view to it, while ctrl+wheel
	// zooming about the mouse leaves an unmoved cursor where it is.
	lastX, lastY int
}

// Factor is the magnification, 1 for the whole slice.
func (z Viewport) Factor() float64 { return ZoomLevels[z.level] }

// Level is the index into ZoomLevels.
func (z Viewport) Level() int { return z.level }

// Label is "4x" or "1.5x".
func (z Viewport) Label() string { return strconv.FormatFloat(z.Factor(), 'g', -1, 64) + "x" }

// Extent is how many slice pixels the pane shows across and down.
func (z Viewport) Extent(f Fit) (dx, dy float64) {
	return render.ZoomExtent(f.Slice, f.MaxW, f.MaxH, f.PixelAspect, z.Factor())
}

// Region places the shown region for the next frame with the cursor at
// pixel (x, y): around the centre, inside the slice, and around the cursor
// if the cursor moved out of it. The zero Rect (the whole slice) at 1x.
func (z *Viewport) Region(f Fit, x, y int) render.Rect {
	if z.level == 0 {
		z.lastX, z.lastY = x, y
		return render.Rect{}
	}
	dx, dy := z.Extent(f)
	w, h := f.Slice.Width, f.Slice.Height
	r := render.CentredRegion(dx, dy, z.cx, z.cy, w, h)
	moved := x != z.lastX || y != z.lastY
	if moved && !Shows(r, x, y) {
		r = render.CentredRegion(dx, dy, float64(x)+0.5, float64(y)+0.5, w, h)
	}
	z.cx, z.cy = (r.X0+r.X1)/2, (r.Y0+r.Y1)/2 // a pan stopped by the edge starts from there
	z.lastX, z.lastY = x, y
	return r
}

// Shown is the region now shown (the whole slice at 1x), without following
// the cursor.
func (z Viewport) Shown(f Fit) render.Rect {
	if z.level == 0 {
		return render.Rect{X1: float64(f.Slice.Width), Y1: float64(f.Slice.Height)}
	}
	dx, dy := z.Extent(f)
	return render.CentredRegion(dx, dy, z.cx, z.cy, f.Slice.Width, f.Slice.Height)
}

// Shows reports whether any of pixel (x, y) shows in r (a click on a pixel
// cut by the view's edge must not move the view).
func Shows(r render.Rect, x, y int) bool {
	return float64(x+1) > r.X0 && float64(x) < r.X1 && float64(y+1) > r.Y0 && float64(y) < r.Y1
}

// SetLevel changes the zoom level and centres the view on slice point
// (cx, cy), as far as the slice edges allow; false if nothing changed
// (the same level, or none such).
func (z *Viewport) SetLevel(level int, f Fit, cx, cy float64) bool {
	if level == z.level || level < 0 || level >= len(ZoomLevels) {
		return false
	}
	z.level = level
	z.Centre(f, cx, cy)
	return true
}

// Centre centres the view on (cx, cy), moved inside the slice.
func (z *Viewport) Centre(f Fit, cx, cy float64) {
	dx, dy := z.Extent(f)
	r := render.CentredRegion(dx, dy, cx, cy, f.Slice.Width, f.Slice.Height)
	z.cx, z.cy = (r.X0+r.X1)/2, (r.Y0+r.Y1)/2
}

// Follow pans just enough to keep the cursor at pixel (x, y) ScrollOff of
// the view away from its edges (less at the slice's edges, which the view
// never passes); cursor keys call it after each move.
func (z *Viewport) Follow(f Fit, x, y int) {
	if z.level == 0 {
		return
	}
	r := z.Shown(f)
	z.cx = follow(z.cx, r.X0, r.Dx(), float64(x))
	z.cy = follow(z.cy, r.Y0, r.Dy(), float64(y))
}

// follow returns the new centre of an axis window [x0, x0+d) so pixel
// [p, p+1) lies at least d*ScrollOff inside it.
func follow(c, x0, d, p float64) float64 {
	margin := math.Min(d*ScrollOff, (d-1)/2)
	switch {
	case p < x0+margin:
		return c - (x0 + margin - p)
	case p+1 > x0+d-margin:
		return c + (p + 1 - (x0 + d - margin))
	}
	return c
}

// Owner is what a viewport is set on: the open case (any pointer that
// changes with it; a pointer in an interface costs no allocation, which a
// struct there would on every key) and the plane.
type Owner struct {
	Case  any
	Plane datasets.Plane
}

// Viewport is the viewport for owner, reset, with the cursor at (x, y),
// when owner changed.
func (p *Model) Viewport(owner Owner, x, y int) *Viewport {
	if p.vp.owner != owner {
		p.vp = Viewport{owner: owner, lastX: x, lastY: y}
	}
	return &p.vp
}

// Zoom is the viewport as last set, whatever its owner.
func (p Model) Zoom() Viewport { return p.vp }

// ZoomedOn reports a zoom above 1x set for owner.
func (p Model) ZoomedOn(owner Owner) bool { return p.vp.owner == owner && p.vp.level > 0 }
