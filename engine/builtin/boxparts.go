package builtin

import "math"

// Component selection for a box without clicks. A tight box is drawn
// around one object, so the kept regions should together reach all four
// sides, and a region the others already span is not needed: an organ
// seen as two pieces (the duodenum's loop either side of the pancreas)
// keeps both, and a neighbour of the same density inside the box (the
// stomach in the spleen's box) is dropped.
const (
	partMinShare = 0.05 // of the foreground, for a region to extend the set
	partGain     = 0.02 // box IoU a region must add to be kept
)

type part struct {
	x0, y0, x1, y1 int
	size           int
	evidence       float64
	touch, leak    int // box-edge pixels, and those that continue outside
}

func (p part) leaky() bool { return p.touch >= 3 && 2*p.leak > p.touch }

func (pr *problem) keepBoxParts(lab []bool, ratio []float64) {
	w, h := pr.roi.w, pr.roi.h
	ids, sizes := components(pr.comp, lab, w, h, true)
	if len(sizes) <= 2 {
		return
	}
	parts := make([]part, len(sizes))
	for id := range parts {
		parts[id] = part{x0: w, y0: h, x1: -1, y1: -1, size: sizes[id]}
	}
	total := 0
	for i, id := range ids {
		if id == 0 {
			continue
		}
		p := &parts[id]
		x, y := i%w, i/w
		p.x0, p.y0, p.x1, p.y1 = min(p.x0, x), min(p.y0, y), max(p.x1, x), max(p.y1, y)
		p.evidence += 1 + math.Max(ratio[i], 0)
		total++
	}
	pr.edgeLeaks(lab, func(i int, leaky bool) {
		id := ids[i]
		parts[id].touch++
		if leaky {
			parts[id].leak++
		}
	})
	// Start from the strongest region that does not run out of the box.
	best := 0
	for id := 1; id < len(parts); id++ {
		if best == 0 || parts[id].leaky() == parts[best].leaky() && parts[id].evidence > parts[best].evidence || parts[best].leaky() && !parts[id].leaky() {
			best = id
		}
	}
	keep := grow(pr.comp.keep, len(parts))
	pr.comp.keep = keep
	keep[best] = true
	iou := pr.partsIoU(parts, keep)
	for {
		add, gain := 0, partGain
		for id := 1; id < len(parts); id++ {
			if keep[id] || parts[id].leaky() || float64(parts[id].size) < partMinShare*float64(total) {
				continue
			}
			keep[id] = true
			if g := pr.partsIoU(parts, keep) - iou; g > gain {
				add, gain = id, g
			}
			keep[id] = false
		}
		if add == 0 {
			break
		}
		keep[add] = true
		iou += gain
	}
	// Drop, weakest first, what the rest already spans.
	for {
		drop := 0
		for id := 1; id < len(parts); id++ {
			if !keep[id] {
				continue
			}
			keep[id] = false
			if n := pr.keptCount(keep); n > 0 && pr.partsIoU(parts, keep) >= iou-0.005 {
				if drop == 0 || parts[id].evidence < parts[drop].evidence {
					drop = id
				}
			}
			keep[id] = true
		}
		if drop == 0 {
			break
		}
		keep[drop] = false
	}
	for i, id := range ids {
		lab[i] = id != 0 && keep[id]
	}
}

func (pr *problem) keptCount(keep []bool) int {
	n := 0
	for _, k := range keep {
		if k {
			n++
		}
	}
	return n
}

// partsIoU is the IoU of the kept regions' joint bounding box with the box.
func (pr *problem) partsIoU(parts []part, keep []bool) float64 {
	x0, y0, x1, y1 := pr.roi.w, pr.roi.h, -1, -1
	for id, p := range parts {
		if keep[id] {
			x0, y0, x1, y1 = min(x0, p.x0), min(y0, p.y0), max(x1, p.x1), max(y1, p.y1)
		}
	}
	if x1 < 0 {
		return 0
	}
	b := pr.req.box
	bx0, by0 := b.x0-pr.roi.x0, b.y0-pr.roi.y0
	bx1, by1 := bx0+b.w-1, by0+b.h-1
	ix := max(0, min(x1, bx1)-max(x0, bx0)+1)
	iy := max(0, min(y1, by1)-max(y0, by0)+1)
	inter := float64(ix * iy)
	return inter / (float64((x1-x0+1)*(y1-y0+1)+b.w*b.h) - inter)
}
