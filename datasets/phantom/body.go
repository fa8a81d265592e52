package phantom

import (
	"math"

	"github.com/segtui/segtui/datasets"
)

// Phantom tissue codes. Codes 1-13 are the FLARE22 organs themselves, so the
// label map is the code wherever it is an organ and 0 elsewhere.
const (
	tAir uint8 = iota + 20
	tSubcut
	tMuscle
	tDiaphragm
	tFat // intra-abdominal fat: the only tissue organs may claim
	tCortical
	tCancellous
	tDisc
	tCanal
	tLung
	tRib
	tCartilage
	tArtery
	tVein
	tHeart
	tColon
	tBowel
)

const fatHU = -90

// bodyTissues gives the mean HU and texture (HU standard deviation) of the
// body tissues, indexed by code.
func bodyTissues() (hu [256]float32, tex [256]float64) {
	hu = [256]float32{
		tAir: -1000, tSubcut: -105, tMuscle: 50, tDiaphragm: 45, tFat: fatHU,
		tCortical: 700, tCancellous: 280, tDisc: 90, tCanal: 20, tLung: -850,
		tRib: 420, tCartilage: 110,
	}
	tex = [256]float64{
		tSubcut: 7, tMuscle: 5, tDiaphragm: 5, tFat: 9, tCortical: 40, tCancellous: 45,
		tDisc: 6, tCanal: 4, tLung: 30, tRib: 50, tCartilage: 8,
	}
	return hu, tex
}

// Body outline: an ellipse centred at y = bodyCY with a subcutaneous fat
// layer (thicker in front) and a 12 mm muscle wall.
const (
	bodyCY                       = -5.0
	bodyAX, bodyAYAnt, bodyAYPos = 165.0, 120.0, 120.0
	fatLat, fatAnt, fatPos       = 18.0, 22.0, 14.0
	wallThick                    = 12.0
)

func inEllipse(x, y, ax, ay float64) bool { return (x/ax)*(x/ax)+(y/ay)*(y/ay) < 1 }

// diaphragmZ is the height of the diaphragm above (x, y), and its slope:
// domed, the right dome higher, dipping into the posterior, lateral and
// anterior recesses.
func diaphragmZ(x, y float64) (z, slope float64) {
	post := max(0, -(y+15)/90)
	ant := max(0, (y-25)/90)
	z = 82 + 4*x/150 - 35*(x/140)*(x/140) - 40*post*post - 15*ant*ant
	gx := 4.0/150 - 70*x/(140*140)
	gy := 80*post/90 - 30*ant/90
	return z, math.Sqrt(gx*gx + gy*gy)
}

// paintBody fills air, the body wall, skeleton, back muscles, diaphragm,
// lung bases and intra-abdominal fat, slice by slice.
func paintBody(g datasets.Grid, codes []uint8, hu []float32) {
	tissueHU, _ := bodyTissues()
	v := 0
	for k := 0; k < g.Dim[2]; k++ {
		z := phantomWorld(0, 0, k)[2]
		for j := 0; j < g.Dim[1]; j++ {
			for i := 0; i < g.Dim[0]; i, v = i+1, v+1 {
				p := phantomWorld(i, j, k)
				c := bodyTissue(p[0], p[1], z)
				codes[v], hu[v] = c, tissueHU[c]
			}
		}
	}
}

func bodyTissue(x, y, z float64) uint8 {
	yc := y - bodyCY
	ay, fat := bodyAYPos, fatPos
	if yc > 0 {
		ay, fat = bodyAYAnt, fatAnt
	}
	if !inEllipse(x, yc, bodyAX, ay) {
		return tAir
	}
	if c := spineTissue(x, y, z); c != 0 {
		return c
	}
	if backMuscle(x, y, z) {
		return tMuscle
	}
	fx, fy := bodyAX-fatLat, ay-fat
	if !inEllipse(x, yc, fx, fy) {
		return tSubcut
	}
	mx, my := fx-wallThick, fy-wallThick
	if !inEllipse(x, yc, mx, my) {
		if c := ribTissue(x, yc, z, mx, my); c != 0 {
			return c
		}
		return tMuscle
	}
	// The muscle is 4 mm thick along the surface normal.
	d, slope := diaphragmZ(x, y)
	switch {
	case z > d:
		return tLung
	case z > d-4*math.Sqrt(1+slope*slope):
		return tDiaphragm
	}
	return tFat
}

// Vertebrae repeat every 36 mm with 8 mm discs; L1 is centred at z = 14.
func spineTissue(x, y, z float64) uint8 {
	const period, l1 = 36.0, 14.0
	local := z - l1 - period*math.Round((z-l1)/period)
	disc := math.Abs(local) > 14
	rx := 21 + max(0, -z)*0.02
	ry := rx * 0.78
	by := -45.0
	if inEllipse(x, y-by, rx, ry) {
		switch {
		case disc:
			return tDisc
		case inEllipse(x, y-by, rx-3, ry-3):
			return tCancellous
		}
		return tCortical
	}
	cy := by - ry - 9 // spinal canal centre
	dc := math.Hypot(x, y-cy)
	if dc < 8 {
		return tCanal
	}
	if disc {
		return 0
	}
	ax := math.Abs(x)
	switch {
	case dc < 12.5 && y < cy-2: // laminae
		return tCortical
	case ax > 6 && ax < 12 && y >= cy-2 && y < by-ry+2: // pedicles
		return tCortical
	case ax < 3 && y < cy-10 && y > cy-34: // spinous process
		return tCortical
	case math.Abs(local) < 6 && ax > 11 && ax < 36 && math.Abs(y-(cy+2)) < 2.5: // transverse processes
		return tCortical
	}
	return 0
}

// backMuscle covers the erector spinae, psoas and quadratus lumborum.
func backMuscle(x, y, z float64) bool {
	ax := math.Abs(x)
	if inEllipse(ax-32, y+95, 26, 18+max(0, -z)*0.02) {
		return true
	}
	if z < 15 {
		t := (15 - z) / 120
		r := 5 + 16*t
		if inEllipse(ax-(31+12*t), y-(-48+10*t), r, r*1.1) {
			return true
		}
	}
	if z < 5 {
		s := min(1, (5-z)/40)
		if inEllipse(ax-60, y+83, 15*s+1, 9*s+1) {
			return true
		}
	}
	return false
}

// ribTissue finds rib or costal cartilage in the body wall band 2-9 mm outside
// the wall's inner ellipse (mx, my).
func ribTissue(x, yc, z, mx, my float64) uint8 {
	if inEllipse(x, yc, mx+2, my+2) || !inEllipse(x, yc, mx+9, my+9) {
		return 0
	}
	phi := math.Atan2(math.Abs(x), -yc) / math.Pi
	if phi < 0.2 {
		return 0
	}
	// Head height at the spine and how far round (fraction of pi from the
	// posterior midline) each of ribs 12 to 7 reaches; they fall 150 mm per pi.
	ribs := [...]struct{ head, end float64 }{
		{50, 0.45}, {86, 0.55}, {122, 0.8}, {158, 0.85}, {194, 0.9}, {230, 0.95},
	}
	for _, r := range ribs {
		if phi > r.end {
			continue
		}
		if math.Abs(z-(r.head-150*(phi-0.15))) < 6 {
			if phi > 0.7 {
				return tCartilage
			}
			return tRib
		}
	}
	return 0
}
