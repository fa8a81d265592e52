package jpeg2000

import (
	"fmt"
	"math"
)

type segment struct {
	data      []byte
	passes    int
	maxPasses int
	newPasses int
	newLen    int
}

type codeBlock struct {
	x0, y0, x1, y1 int // band coordinates
	included       bool
	numbps         int
	lblock         int
	passes         int
	segs           []segment
}

type precinctBand struct {
	band      *band
	nw, nh    int
	blocks    []codeBlock
	incl, zbp *tagTree
}

type band struct {
	orient         int // 0 LL, 1 HL, 2 LH, 3 HH
	x0, y0, x1, y1 int
	mb             int     // maximum bit-planes
	step           float64 // irreversible quantisation step
	coeffs         []int32 // decoded coefficients (twice the magnitude, see t1)
}

type precinct struct {
	bands []precinctBand
	x, y  int // upper-left on the reference grid, for position-ordered progressions
}

type resolution struct {
	x0, y0, x1, y1 int
	npw, nph       int
	bands          []*band
	precincts      []precinct
}

type tileComp struct {
	x0, y0, x1, y1 int
	cod            coding
	roi            int
	res            []resolution
}

type tile struct {
	x0, y0, x1, y1 int
	params         tileParams
	comps          []tileComp
	data           []byte // packet data of all tile-parts, in order
	parts          int
}

// ceilDivS is ceil(a / b) for b > 0 and any a.
func ceilDivS(a, b int) int {
	if a >= 0 {
		return (a + b - 1) / b
	}
	return -((-a) / b)
}

// build lays out the tile's components, resolutions, bands, precincts and
// code-blocks (T.800 B.5 to B.7).
func (t *tile) build(cs *codestream) error {
	t.comps = make([]tileComp, len(cs.comps))
	for ci, c := range cs.comps {
		tc := &t.comps[ci]
		tc.x0, tc.y0 = ceilDiv(t.x0, c.dx), ceilDiv(t.y0, c.dy)
		tc.x1, tc.y1 = ceilDiv(t.x1, c.dx), ceilDiv(t.y1, c.dy)
		tc.cod = t.params.coding[ci]
		tc.roi = t.params.roi[ci]
		q := &t.params.quant[ci]
		if !q.filled {
			return fmt.Errorf("component %d has no quantisation", ci)
		}
		if (q.style == 0) != tc.cod.reversible {
			// OpenJPEG and Kakadu pair reversible wavelets with no quantisation;
			// anything else is legal but we only reconstruct the usual pairings.
			if tc.cod.reversible {
				return fmt.Errorf("component %d: reversible wavelet with scalar quantisation is not supported", ci)
			}
		}
		nl := tc.cod.levels
		tc.res = make([]resolution, nl+1)
		bandIndex := 0
		for r := 0; r <= nl; r++ {
			res := &tc.res[r]
			s := 1 << (nl - r)
			res.x0, res.y0 = ceilDiv(tc.x0, s), ceilDiv(tc.y0, s)
			res.x1, res.y1 = ceilDiv(tc.x1, s), ceilDiv(tc.y1, s)
			ppx, ppy := 15, 15
			if tc.cod.precincts != nil {
				ppx, ppy = tc.cod.precincts[r]&15, tc.cod.precincts[r]>>4
			}
			if res.x1 > res.x0 {
				res.npw = ceilDiv(res.x1, 1<<ppx) - res.x0>>ppx
			}
			if res.y1 > res.y0 {
				res.nph = ceilDiv(res.y1, 1<<ppy) - res.y0>>ppy
			}
			orients := []int{0}
			if r > 0 {
				orients = []int{1, 2, 3}
			}
			for _, o := range orients {
				b := &band{orient: o}
				if r == 0 {
					b.x0, b.y0, b.x1, b.y1 = res.x0, res.y0, res.x1, res.y1
				} else {
					nb := nl - r + 1
					xo, yo := o&1, o>>1
					h := 1 << (nb - 1)
					b.x0 = ceilDivS(tc.x0-h*xo, 1<<nb)
					b.y0 = ceilDivS(tc.y0-h*yo, 1<<nb)
					b.x1 = ceilDivS(tc.x1-h*xo, 1<<nb)
					b.y1 = ceilDivS(tc.y1-h*yo, 1<<nb)
				}
				expn, mant, err := q.step(bandIndex, nl)
				if err != nil {
					return fmt.Errorf("component %d: %w", ci, err)
				}
				bandIndex++
				gain := [4]int{0, 1, 1, 2}[o]
				b.mb = q.guard + expn - 1
				if b.mb < 0 || b.mb > 30 {
					return fmt.Errorf("component %d band %d: %d bit-planes, expected 0 to 30", ci, bandIndex-1, b.mb)
				}
				b.step = (1 + float64(mant)/2048) * math.Ldexp(1, cs.comps[ci].precision+gain-expn)
				if b.x1 > b.x0 && b.y1 > b.y0 {
					b.coeffs = make([]int32, (b.x1-b.x0)*(b.y1-b.y0))
				}
				res.bands = append(res.bands, b)
			}
			// Precincts and their code-blocks.
			res.precincts = make([]precinct, res.npw*res.nph)
			sub := 0
			if r > 0 {
				sub = 1
			}
			cbw := min(tc.cod.cbw, ppx-sub)
			cbh := min(tc.cod.cbh, ppy-sub)
			for pi := range res.precincts {
				p := &res.precincts[pi]
				px := (res.x0>>ppx + pi%res.npw) << ppx
				py := (res.y0>>ppy + pi/res.npw) << ppy
				// Position on the reference grid of the precinct's first sample.
				p.x = max(px, res.x0) * c.dx << (nl - r)
				p.y = max(py, res.y0) * c.dy << (nl - r)
				for _, b := range res.bands {
					x0 := max(px>>sub, b.x0)
					y0 := max(py>>sub, b.y0)
					x1 := min((px>>sub)+1<<(ppx-sub), b.x1)
					y1 := min((py>>sub)+1<<(ppy-sub), b.y1)
					pb := precinctBand{band: b}
					if x1 > x0 && y1 > y0 {
						gx0, gy0 := x0>>cbw, y0>>cbh
						pb.nw = ceilDiv(x1, 1<<cbw) - gx0
						pb.nh = ceilDiv(y1, 1<<cbh) - gy0
						pb.blocks = make([]codeBlock, pb.nw*pb.nh)
						for j := range pb.blocks {
							bx := (gx0 + j%pb.nw) << cbw
							by := (gy0 + j/pb.nw) << cbh
							pb.blocks[j] = codeBlock{
								x0: max(bx, x0), y0: max(by, y0),
								x1: min(bx+1<<cbw, x1), y1: min(by+1<<cbh, y1),
								lblock: 3,
							}
						}
						pb.incl = newTagTree(pb.nw, pb.nh)
						pb.zbp = newTagTree(pb.nw, pb.nh)
					}
					p.bands = append(p.bands, pb)
				}
			}
		}
	}
	return nil
}
