package builtin

import (
	"math"
	"slices"
)

// centreMode is the last resort for a box whose cut came back empty (a box
// a few pixels wide, where the boundary outweighs any evidence): the pixels
// of the box connected to its centre whose intensity is within
// leakTolerance of the centre's median. It always returns at least the
// centre pixel, since the user pointed at something.
func centreMode(ws *workspace, e *embedding, box rect, roi rect, b binner, lab []bool) {
	cx, cy := box.x0+(box.w-1)/2, box.y0+(box.h-1)/2
	ref := make([]float32, len(e.chans))
	var around []float32
	for c, ch := range e.chans {
		around = around[:0]
		for y := max(cy-1, box.y0); y <= min(cy+1, box.y0+box.h-1); y++ {
			for x := max(cx-1, box.x0); x <= min(cx+1, box.x0+box.w-1); x++ {
				around = append(around, ch[y*e.w+x])
			}
		}
		slices.Sort(around)
		ref[c] = around[len(around)/2]
	}
	near := func(x, y int) bool {
		d := 0.0
		for c, ch := range e.chans {
			v := float64(ch[y*e.w+x]-ref[c]) / float64(b.hi[c]-b.lo[c])
			d += v * v
		}
		return math.Sqrt(d/float64(len(e.chans))) < leakTolerance
	}
	at := func(x, y int) int { return (y-roi.y0)*roi.w + x - roi.x0 }
	clear(lab)
	lab[at(cx, cy)] = true
	stack := append(ws.comp.stack[:0], int32(at(cx, cy)))
	for len(stack) > 0 {
		i := int(stack[len(stack)-1])
		stack = stack[:len(stack)-1]
		x, y := roi.x0+i%roi.w, roi.y0+i/roi.w
		for _, nb := range [4][2]int{{x + 1, y}, {x - 1, y}, {x, y + 1}, {x, y - 1}} {
			if !box.contains(nb[0], nb[1]) || lab[at(nb[0], nb[1])] || !near(nb[0], nb[1]) {
				continue
			}
			lab[at(nb[0], nb[1])] = true
			stack = append(stack, int32(at(nb[0], nb[1])))
		}
	}
	ws.comp.stack = stack
}
