package builtin

// A scanner blurs every edge over a pixel or two, so the pixels along an
// organ's outline hold a mix of the organ and what lies beyond it. The
// intensity models, fitted to the organ's pure inside, call such a pixel
// unlikely and the cut leaves it out, which shrinks the organ by a ring:
// little on the liver, 15% of the Dice of a vessel 13 pixels wide. A pixel
// belongs to the object when more than half of it is object, that is when
// its value is nearer the object's than the surroundings' (the half-way
// rule of edge measurement), so after the cut each outline pixel is given
// to the side whose local mean it is nearer.
const (
	settlePasses = 2 // the outline moves at most this many pixels
	settleReach  = 2 // half-size of the window the local means come from
	// settleContrast is the least difference between the two sides, in
	// noise deviations, for the rule to apply: it needs an edge the sigma
	// filter keeps, or the outline would follow the noise.
	settleContrast = 2 * rangeDeviations
)

// settle moves the outline of lab by the half-way rule, leaving forced
// pixels alone.
func (pr *problem) settle(lab []bool) {
	w, h := pr.roi.w, pr.roi.h
	n := w * h
	nc := len(pr.e.chans)
	val := pr.buf.settleVal
	if cap(val) < n*nc {
		val = make([]float32, n*nc)
	}
	val = val[:n*nc]
	pr.buf.settleVal = val
	minGap := 0.0
	for c, ch := range pr.e.chans {
		for y := 0; y < h; y++ {
			row := ch[(pr.roi.y0+y)*pr.e.w+pr.roi.x0:]
			for x := 0; x < w; x++ {
				val[(y*w+x)*nc+c] = row[x]
			}
		}
		g := float64(settleContrast * pr.e.noise[c])
		minGap += g * g
	}
	band := grow(pr.buf.settleBand, n)
	pr.buf.settleBand = band
	next := grow(pr.buf.settleNext, n)
	pr.buf.settleNext = next
	var f, b [3]float64
	for pass := 0; pass < settlePasses; pass++ {
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				i := y*w + x
				v := lab[i]
				band[i] = x > 0 && lab[i-1] != v || x+1 < w && lab[i+1] != v ||
					y > 0 && lab[i-w] != v || y+1 < h && lab[i+w] != v
			}
		}
		copy(next, lab)
		moved := false
		for i, onBand := range band {
			if !onBand || pr.hardFG[i] || pr.hardBG[i] {
				continue
			}
			x, y := i%w, i/w
			clear(f[:])
			clear(b[:])
			nf, nb := 0, 0
			for yy := max(y-settleReach, 0); yy <= min(y+settleReach, h-1); yy++ {
				for xx := max(x-settleReach, 0); xx <= min(x+settleReach, w-1); xx++ {
					j := yy*w + xx
					if band[j] {
						continue
					}
					if lab[j] {
						nf++
						for c := 0; c < nc; c++ {
							f[c] += float64(val[j*nc+c])
						}
					} else {
						nb++
						for c := 0; c < nc; c++ {
							b[c] += float64(val[j*nc+c])
						}
					}
				}
			}
			if nf == 0 || nb == 0 {
				continue
			}
			gap, df, db := 0.0, 0.0, 0.0
			for c := 0; c < nc; c++ {
				fm, bm, v := f[c]/float64(nf), b[c]/float64(nb), float64(val[i*nc+c])
				gap += (fm - bm) * (fm - bm)
				df += (v - fm) * (v - fm)
				db += (v - bm) * (v - bm)
			}
			if gap <= minGap {
				continue
			}
			if in := df < db; in != lab[i] {
				next[i] = in
				moved = true
			}
		}
		copy(lab, next)
		if !moved {
			break
		}
	}
}
