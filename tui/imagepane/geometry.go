package imagepane

import "github.com/segtui/segtui/render"

// Geometry maps terminal cells to the slice pixels the frame on screen
// shows there. The root builds it from the frame and the layout.
type Geometry struct {
	Col0, Row0     int            // the image's top-left cell on the screen
	Mapping        render.Mapping // frame pixels to slice pixels; zero: no frame
	CellW, CellH   float64        // frame pixels one cell covers
	SliceW, SliceH int            // the slice's size in pixels
}

// Pixel is the slice pixel under terminal cell (col, row), and whether the
// cell shows one.
func (g Geometry) Pixel(col, row int) (x, y int, ok bool) {
	if g.Mapping.W == 0 {
		return 0, 0, false
	}
	return g.Mapping.SliceAtCell(col-g.Col0, row-g.Row0, g.CellW, g.CellH, g.SliceW, g.SliceH)
}

// Point is the continuous slice position under the centre of terminal cell
// (col, row), and whether the cell shows a slice pixel.
func (g Geometry) Point(col, row int) (sx, sy float64, ok bool) {
	if _, _, ok := g.Pixel(col, row); !ok {
		return 0, 0, false
	}
	sx, sy = g.Mapping.SliceCoord((float64(col-g.Col0)+0.5)*g.CellW, (float64(row-g.Row0)+0.5)*g.CellH)
	return sx, sy, true
}
