package jpeg2000

// Tier-1 decoding (T.800 Annex D): the three coding passes over a
// code-block's bit-planes, stripe by stripe.

// Flag bits per coefficient: which neighbours are significant, the signs
// of the four direct ones, and the coefficient's own state.
const (
	fNW = 1 << iota
	fN
	fNE
	fW
	fE
	fSW
	fS
	fSE
	fNNeg
	fSNeg
	fWNeg
	fENeg
	fSig
	fVisit
	fRefined
	fNeg

	fNeighbours = fNW | fN | fNE | fW | fE | fSW | fS | fSE
	fSouth      = fSW | fS | fSE | fSNeg // ignored below a stripe in vertically causal mode
)

// Context numbers: zero coding 0-8, sign 9-13, refinement 14-16, run 17, uniform 18.
const (
	ctxSC  = 9
	ctxMR  = 14
	ctxRL  = 17
	ctxUni = 18
)

// zcTable[orient][neighbour mask] is the zero-coding context (Table D.1).
// Orientations: 0 LL, 1 HL (horizontally high-pass: vertical neighbours
// weigh most), 2 LH (vertically high-pass: horizontal ones do), 3 HH.
var zcTable = func() (t [4][256]uint8) {
	for o := 0; o < 4; o++ {
		for m := 0; m < 256; m++ {
			bit := func(b int) int { return (m >> b) & 1 }
			h := bit(3) + bit(4)
			v := bit(1) + bit(6)
			d := bit(0) + bit(2) + bit(5) + bit(7)
			var n int
			switch o {
			case 3:
				hv := h + v
				switch {
				case d == 0:
					n = min(hv, 2)
				case d == 1:
					n = 3 + min(hv, 2)
				case d == 2:
					n = 6 + min(hv, 1)
				default:
					n = 8
				}
			default:
				if o == 1 {
					h, v = v, h
				}
				switch {
				case h == 0 && v == 0:
					n = min(d, 2)
				case h == 0:
					n = 2 + v
				case h == 1 && v == 0:
					n = 5 + min(d, 1)
				case h == 1:
					n = 7
				default:
					n = 8
				}
			}
			t[o][m] = uint8(n)
		}
	}
	return
}()

// scTable[f>>3 & 0x1FF style index] gives the sign context and the XOR bit,
// indexed by the W, E, N, S significance and sign bits (Tables D.2, D.3).
func signContext(f uint32) (int, int) {
	contrib := func(sig, neg uint32) int {
		if f&sig == 0 {
			return 0
		}
		if f&neg != 0 {
			return -1
		}
		return 1
	}
	h := contrib(fW, fWNeg) + contrib(fE, fENeg)
	v := contrib(fN, fNNeg) + contrib(fS, fSNeg)
	h, v = max(-1, min(1, h)), max(-1, min(1, v))
	xor := 0
	if h < 0 || (h == 0 && v < 0) {
		xor = 1
	}
	if h < 0 {
		h, v = -h, -v
	}
	if h == 0 {
		if v == 0 {
			return ctxSC, xor
		}
		return ctxSC + 1, xor
	}
	return ctxSC + 3 + v, xor
}

var scTable = func() (t [1 << 12]uint8) {
	for f := 0; f < 1<<12; f++ {
		c, x := signContext(uint32(f))
		t[f] = uint8(c<<1 | x)
	}
	return
}()

type t1 struct {
	w, h   int
	flags  []uint32 // (w+2) x (h+2), with a border
	data   []int32  // w x h
	ctx    [19]context
	mq     mqDecoder
	raw    rawDecoder
	orient int
	style  int
}

func (t *t1) resetContexts() {
	t.ctx = [19]context{}
	t.ctx[ctxUni] = 46 << 1
	t.ctx[ctxRL] = 3 << 1
	t.ctx[0] = 4 << 1
}

// setSig marks coefficient i (an index into flags) significant and tells
// its eight neighbours.
func (t *t1) setSig(i int, neg bool) {
	s := t.w + 2
	f := t.flags
	f[i] |= fSig
	f[i-s-1] |= fSE
	f[i-s+1] |= fSW
	f[i+s-1] |= fNE
	f[i+s+1] |= fNW
	if neg {
		f[i] |= fNeg
		f[i-s] |= fS | fSNeg
		f[i+s] |= fN | fNNeg
		f[i-1] |= fE | fENeg
		f[i+1] |= fW | fWNeg
	} else {
		f[i-s] |= fS
		f[i+s] |= fN
		f[i-1] |= fE
		f[i+1] |= fW
	}
}

// decodeBlock decodes a code-block's segments into t.data (coefficients
// at twice their magnitude plus a half step, as OpenJPEG keeps them).
func (t *t1) decodeBlock(cb *codeBlock, roi int) {
	w, h := cb.x1-cb.x0, cb.y1-cb.y0
	t.w, t.h = w, h
	n := (w + 2) * (h + 2)
	if cap(t.flags) < n {
		t.flags = make([]uint32, n)
	}
	t.flags = t.flags[:n]
	clear(t.flags)
	if cap(t.data) < w*h {
		t.data = make([]int32, w*h)
	}
	t.data = t.data[:w*h]
	clear(t.data)
	t.resetContexts()
	bpno := roi + cb.numbps // bit-plane plus one
	pass := 2               // the first pass is a cleanup pass
	for _, seg := range cb.segs {
		if seg.passes == 0 {
			continue
		}
		raw := t.style&styleBypass != 0 && bpno <= cb.numbps-4 && pass < 2
		if raw {
			t.raw.init(seg.data)
		} else {
			t.mq.init(seg.data)
		}
		for p := 0; p < seg.passes && bpno >= 1; p++ {
			switch pass {
			case 0:
				t.sigPass(bpno, raw)
			case 1:
				t.refPass(bpno, raw)
			case 2:
				t.cleanPass(bpno)
			}
			if t.style&styleReset != 0 && !raw {
				t.resetContexts()
			}
			if pass++; pass == 3 {
				pass = 0
				bpno--
			}
		}
	}
}

// southMask is ANDed with the flags of row y: in vertically causal mode
// the last row of a stripe ignores the stripe below.
func southMask(vcausal bool, y, h int) uint32 {
	if vcausal && (y&3 == 3 || y == h-1) {
		return ^uint32(fSouth)
	}
	return ^uint32(0)
}

func (t *t1) sigPass(bpno int, raw bool) {
	one := int32(1) << bpno
	oneplushalf := one | one>>1
	w, h := t.w, t.h
	s := w + 2
	flags, data := t.flags, t.data
	zc := &zcTable[t.orient]
	vcausal := t.style&styleVCausal != 0
	for k := 0; k < h; k += 4 {
		full := k+4 <= h
		for x := 0; x < w; x++ {
			i := (k+1)*s + x + 1
			if full && (flags[i]|flags[i+s]|flags[i+2*s]|flags[i+3*s])&fNeighbours == 0 {
				continue // no coefficient has a significant neighbour
			}
			for y := k; y < k+4 && y < h; y, i = y+1, i+s {
				f := flags[i] & southMask(vcausal, y, h)
				if f&fNeighbours == 0 || f&(fSig|fVisit) != 0 {
					continue
				}
				var sig bool
				var neg int
				if raw {
					if sig = t.raw.decode() == 1; sig {
						neg = t.raw.decode()
					}
				} else if sig = t.mq.decode(&t.ctx[zc[f&0xFF]]) == 1; sig {
					e := scTable[f&0xFFF]
					neg = t.mq.decode(&t.ctx[e>>1]) ^ int(e&1)
				}
				if sig {
					v := oneplushalf
					if neg == 1 {
						v = -v
					}
					data[y*w+x] = v
					t.setSig(i, neg == 1)
				}
				flags[i] |= fVisit
			}
		}
	}
}

func (t *t1) refPass(bpno int, raw bool) {
	half := int32(1) << bpno >> 1
	w, h := t.w, t.h
	s := w + 2
	flags, data := t.flags, t.data
	vcausal := t.style&styleVCausal != 0
	for k := 0; k < h; k += 4 {
		full := k+4 <= h
		for x := 0; x < w; x++ {
			i := (k+1)*s + x + 1
			if full && (flags[i]|flags[i+s]|flags[i+2*s]|flags[i+3*s])&fSig == 0 {
				continue // nothing significant to refine
			}
			for y := k; y < k+4 && y < h; y, i = y+1, i+s {
				f := flags[i]
				if f&(fSig|fVisit) != fSig {
					continue
				}
				var bit int
				if raw {
					bit = t.raw.decode()
				} else {
					c := ctxMR
					switch {
					case f&fRefined != 0:
						c += 2
					case f&fNeighbours&southMask(vcausal, y, h) != 0:
						c++
					}
					bit = t.mq.decode(&t.ctx[c])
				}
				d := &data[y*w+x]
				step := -half
				if bit == 1 {
					step = half
				}
				if *d < 0 {
					*d -= step
				} else {
					*d += step
				}
				flags[i] = f | fRefined
			}
		}
	}
}

func (t *t1) cleanPass(bpno int) {
	one := int32(1) << bpno
	oneplushalf := one | one>>1
	w, h := t.w, t.h
	s := w + 2
	flags, data := t.flags, t.data
	zc := &zcTable[t.orient]
	vcausal := t.style&styleVCausal != 0
	for k := 0; k < h; k += 4 {
		for x := 0; x < w; x++ {
			start := k
			forced := -1 // row made significant by the run-length coding
			i := (k+1)*s + x + 1
			if k+3 < h {
				agg := flags[i] | flags[i+s] | flags[i+2*s] | flags[i+3*s]&southMask(vcausal, k+3, h)
				if agg&(fSig|fVisit|fNeighbours) == 0 {
					if t.mq.decode(&t.ctx[ctxRL]) == 0 {
						continue
					}
					r := t.mq.decode(&t.ctx[ctxUni]) << 1
					r |= t.mq.decode(&t.ctx[ctxUni])
					start, forced = k+r, k+r
					i += r * s
				}
			}
			for y := start; y < k+4 && y < h; y, i = y+1, i+s {
				f := flags[i] & southMask(vcausal, y, h)
				if y == forced || (f&(fSig|fVisit) == 0 && t.mq.decode(&t.ctx[zc[f&0xFF]]) == 1) {
					e := scTable[f&0xFFF]
					neg := t.mq.decode(&t.ctx[e>>1]) ^ int(e&1)
					v := oneplushalf
					if neg == 1 {
						v = -v
					}
					data[y*w+x] = v
					t.setSig(i, neg == 1)
				}
				flags[i] &^= fVisit
			}
		}
	}
	if t.style&styleSegMark != 0 {
		for i := 0; i < 4; i++ {
			t.mq.decode(&t.ctx[ctxUni])
		}
	}
}
