package jpeg2000

import (
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// Frame is a decoded image: samples interleaved, little-endian, one byte
// each for precisions up to 8 bits and two above; signed components are
// stored in two's complement.
type Frame struct {
	Width, Height, Components int
	Precision                 int
	Signed                    bool
	// ColourTransform says the codestream used a multiple component
	// transform, so the samples are RGB (DICOM's YBR_RCT and YBR_ICT).
	ColourTransform bool
	Data            []byte
}

// DecodeConfig reads the main header only.
func DecodeConfig(src []byte) (width, height, components, precision int, err error) {
	data, err := unwrapJP2(src)
	if err != nil {
		return 0, 0, 0, 0, fmt.Errorf("jpeg 2000: %w", err)
	}
	cs := &codestream{data: data}
	if _, err := cs.parseMain(); err != nil {
		return 0, 0, 0, 0, fmt.Errorf("jpeg 2000: %w", err)
	}
	return cs.x1 - cs.x0, cs.y1 - cs.y0, len(cs.comps), cs.comps[0].precision, nil
}

// Decode decodes one JPEG 2000 codestream (or JP2 file).
func Decode(src []byte) (*Frame, error) {
	f, err := decode(src)
	if err != nil {
		return nil, fmt.Errorf("jpeg 2000: %w", err)
	}
	return f, nil
}

func decode(src []byte) (*Frame, error) {
	data, err := unwrapJP2(src)
	if err != nil {
		return nil, err
	}
	cs := &codestream{data: data}
	pos, err := cs.parseMain()
	if err != nil {
		return nil, err
	}
	c0 := cs.comps[0]
	for i, c := range cs.comps {
		if c.dx != 1 || c.dy != 1 {
			return nil, fmt.Errorf("component %d is subsampled %dx%d: only full-size components are supported", i, c.dx, c.dy)
		}
		if c.precision != c0.precision || c.signed != c0.signed {
			return nil, fmt.Errorf("component %d has %d bits (signed %v), component 0 %d bits (signed %v): mixed components are not supported", i, c.precision, c.signed, c0.precision, c0.signed)
		}
	}
	tiles, err := cs.readTiles(pos)
	if err != nil {
		return nil, err
	}
	w, h, nc := cs.x1-cs.x0, cs.y1-cs.y0, len(cs.comps)
	out := make([]int32, w*h*nc)
	mct := false
	for ti := range tiles {
		t := tiles[ti]
		if t == nil {
			return nil, fmt.Errorf("tile %d has no data: truncated codestream", ti)
		}
		if err := t.decode(cs, out, w, nc); err != nil {
			return nil, fmt.Errorf("tile %d: %w", ti, err)
		}
		mct = mct || (t.params.mct && nc >= 3)
	}
	f := &Frame{Width: w, Height: h, Components: nc, Precision: c0.precision, Signed: c0.signed, ColourTransform: mct}
	if f.Precision <= 8 {
		f.Data = make([]byte, len(out))
		for i, v := range out {
			f.Data[i] = byte(v)
		}
	} else {
		f.Data = make([]byte, 2*len(out))
		for i, v := range out {
			binary.LittleEndian.PutUint16(f.Data[2*i:], uint16(v))
		}
	}
	return f, nil
}

// readTiles walks the tile-parts from pos and gathers each tile's headers
// and packet data.
func (cs *codestream) readTiles(pos int) ([]*tile, error) {
	d := cs.data
	tiles := make([]*tile, cs.ntx*cs.nty)
	for pos < len(d) {
		m, seg, next, err := marker(d, pos)
		if err != nil {
			if pos+2 > len(d) || d[pos] != 0xFF {
				break // trailing bytes after the last tile-part, or truncation: decode what we have
			}
			return nil, err
		}
		if m == 0xD9 {
			break
		}
		if m != 0x90 || len(seg) != 8 {
			return nil, fmt.Errorf("byte %d: marker FF%02X where a tile-part (SOT) was expected", pos, m)
		}
		index, psot := u16(seg), u32(seg[2:])
		if index >= len(tiles) {
			return nil, fmt.Errorf("tile-part at byte %d is for tile %d of %d", pos, index, len(tiles))
		}
		end := pos + psot
		if psot == 0 || end > len(d) {
			end = len(d) // the last tile-part runs to the end (or is truncated)
		}
		if psot != 0 && psot < 14 {
			return nil, fmt.Errorf("tile-part at byte %d claims %d bytes, less than its header", pos, psot)
		}
		t := tiles[index]
		if t == nil {
			t = cs.newTile(index)
			tiles[index] = t
		}
		p := next
		for {
			m, seg, nxt, err := marker(d[:end], p)
			if err != nil {
				return nil, fmt.Errorf("tile %d header: %w", index, err)
			}
			if m == 0x93 {
				p = nxt
				break
			}
			if t.parts > 0 && (m == 0x52 || m == 0x53 || m == 0x5C || m == 0x5D) {
				return nil, fmt.Errorf("tile %d: coding marker FF%02X in a later tile-part", index, m)
			}
			if err := cs.parseCommon(&t.params, m, seg, false); err != nil {
				return nil, fmt.Errorf("tile %d marker FF%02X: %w", index, m, err)
			}
			p = nxt
		}
		t.data = append(t.data, d[p:end]...)
		t.parts++
		pos = end
	}
	return tiles, nil
}

func (cs *codestream) newTile(index int) *tile {
	p, q := index%cs.ntx, index/cs.ntx
	t := &tile{
		x0: max(cs.tx0+p*cs.tw, cs.x0), y0: max(cs.ty0+q*cs.th, cs.y0),
		x1: min(cs.tx0+(p+1)*cs.tw, cs.x1), y1: min(cs.ty0+(q+1)*cs.th, cs.y1),
	}
	t.params = cs.main
	t.params.coding = append([]coding(nil), cs.main.coding...)
	t.params.quant = append([]quant(nil), cs.main.quant...)
	t.params.roi = append([]int(nil), cs.main.roi...)
	return t
}

// decode turns the tile's packets into samples in out (the whole image,
// w wide, nc components interleaved).
func (t *tile) decode(cs *codestream, out []int32, w, nc int) error {
	if t.params.layers > maxLayers {
		return fmt.Errorf("%d layers", t.params.layers)
	}
	if err := t.build(cs); err != nil {
		return err
	}
	if err := t.readPackets(); err != nil {
		return err
	}
	t.decodeBlocks()
	ints := make([][]int32, nc)
	floats := make([][]float32, nc)
	for ci := range t.comps {
		tc := &t.comps[ci]
		if tc.cod.reversible {
			ints[ci] = tc.inverse53()
		} else {
			floats[ci] = tc.inverse97(cs.comps[ci].precision)
		}
	}
	return t.store(cs, ints, floats, out, w, nc)
}

// blockJob is one code-block to decode into its band.
type blockJob struct {
	cb   *codeBlock
	band *band
	tc   *tileComp
}

// decodeBlocks runs tier-1 on every code-block of the tile, spread over
// the machine's cores: blocks are independent and write disjoint parts
// of their bands.
func (t *tile) decodeBlocks() {
	var jobs []blockJob
	for ci := range t.comps {
		tc := &t.comps[ci]
		for r := range tc.res {
			for _, p := range tc.res[r].precincts {
				for _, pb := range p.bands {
					for bi := range pb.blocks {
						if pb.blocks[bi].passes > 0 {
							jobs = append(jobs, blockJob{&pb.blocks[bi], pb.band, tc})
						}
					}
				}
			}
		}
	}
	workers := min(runtime.GOMAXPROCS(0), max(1, len(jobs)/4))
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var dec t1
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) {
					return
				}
				j := jobs[i]
				dec.style, dec.orient = j.tc.cod.style, j.band.orient
				dec.decodeBlock(j.cb, j.tc.roi)
				b, cb := j.band, j.cb
				bw, cw := b.x1-b.x0, cb.x1-cb.x0
				for y := cb.y0; y < cb.y1; y++ {
					copy(b.coeffs[(y-b.y0)*bw+cb.x0-b.x0:], dec.data[(y-cb.y0)*cw:(y-cb.y0+1)*cw])
				}
			}
		}()
	}
	wg.Wait()
}

// roiAdjust undoes the ROI max-shift on a tier-1 value, as OpenJPEG does
// before halving (reversible) or scaling (irreversible) it.
func roiAdjust(v int32, roi int) int32 {
	if roi == 0 {
		return v
	}
	if roi >= 31 {
		return 0
	}
	mag := v
	if mag < 0 {
		mag = -mag
	}
	if mag >= 1<<roi {
		mag >>= roi
		if v < 0 {
			return -mag
		}
		return mag
	}
	return v
}

// inverse53 runs the reversible inverse transform from the tier-1 values.
func (tc *tileComp) inverse53() []int32 {
	r0 := &tc.res[0]
	cur := make([]int32, (r0.x1-r0.x0)*(r0.y1-r0.y0))
	for i, v := range r0.bands[0].coeffs {
		cur[i] = roiAdjust(v, tc.roi) / 2
	}
	for r := 1; r < len(tc.res); r++ {
		res, prev := &tc.res[r], &tc.res[r-1]
		rw, rh := res.x1-res.x0, res.y1-res.y0
		next := make([]int32, rw*rh)
		interleave(rw, rh, res, prev, func(dst int, src int32) { next[dst] = src }, func(b *band, i int) int32 {
			return roiAdjust(b.coeffs[i], tc.roi) / 2
		}, cur)
		row := make([]int32, max(rw, rh))
		for y := 0; y < rh; y++ {
			idwt53(next[y*rw:(y+1)*rw], res.x0)
		}
		for x := 0; x < rw; x++ {
			col := row[:rh]
			for y := range col {
				col[y] = next[y*rw+x]
			}
			idwt53(col, res.y0)
			for y := range col {
				next[y*rw+x] = col[y]
			}
		}
		cur = next
	}
	return cur
}

func (tc *tileComp) inverse97(precision int) []float32 {
	scale := func(b *band) float32 {
		// OpenJPEG's step leaves out the band's gain (see the lifting constants).
		gain := [4]int{0, 1, 1, 2}[b.orient]
		return float32(0.5 * float32(b.step/math.Ldexp(1, gain)))
	}
	r0 := &tc.res[0]
	cur := make([]float32, (r0.x1-r0.x0)*(r0.y1-r0.y0))
	s0 := scale(r0.bands[0])
	for i, v := range r0.bands[0].coeffs {
		cur[i] = float32(roiAdjust(v, tc.roi)) * s0
	}
	for r := 1; r < len(tc.res); r++ {
		res, prev := &tc.res[r], &tc.res[r-1]
		rw, rh := res.x1-res.x0, res.y1-res.y0
		next := make([]float32, rw*rh)
		steps := [4]float32{}
		for _, b := range res.bands {
			steps[b.orient] = scale(b)
		}
		interleaveF(rw, rh, res, prev, next, cur, func(b *band, i int) float32 {
			return float32(roiAdjust(b.coeffs[i], tc.roi)) * steps[b.orient]
		})
		row := make([]float32, max(rw, rh))
		for y := 0; y < rh; y++ {
			idwt97(next[y*rw:(y+1)*rw], res.x0)
		}
		for x := 0; x < rw; x++ {
			col := row[:rh]
			for y := range col {
				col[y] = next[y*rw+x]
			}
			idwt97(col, res.y0)
			for y := range col {
				next[y*rw+x] = col[y]
			}
		}
		cur = next
	}
	return cur
}

// interleave fills resolution r (rw x rh) from the previous resolution's
// samples (the LL band, cur) and the three detail bands by parity.
func interleave(rw, rh int, res, prev *resolution, set func(int, int32), get func(*band, int) int32, cur []int32) {
	pw := prev.x1 - prev.x0
	for y := 0; y < rh; y++ {
		ay := res.y0 + y
		for x := 0; x < rw; x++ {
			ax := res.x0 + x
			o := ax&1 | (ay&1)<<1
			if o == 0 {
				set(y*rw+x, cur[(ay>>1-prev.y0)*pw+ax>>1-prev.x0])
				continue
			}
			b := res.bands[o-1]
			set(y*rw+x, get(b, (ay>>1-b.y0)*(b.x1-b.x0)+ax>>1-b.x0))
		}
	}
}

func interleaveF(rw, rh int, res, prev *resolution, next, cur []float32, get func(*band, int) float32) {
	pw := prev.x1 - prev.x0
	for y := 0; y < rh; y++ {
		ay := res.y0 + y
		for x := 0; x < rw; x++ {
			ax := res.x0 + x
			o := ax&1 | (ay&1)<<1
			if o == 0 {
				next[y*rw+x] = cur[(ay>>1-prev.y0)*pw+ax>>1-prev.x0]
				continue
			}
			b := res.bands[o-1]
			next[y*rw+x] = get(b, (ay>>1-b.y0)*(b.x1-b.x0)+ax>>1-b.x0)
		}
	}
}

// store applies the colour transform and DC level shift, clamps, and
// places the tile's samples in the image.
func (t *tile) store(cs *codestream, ints [][]int32, floats [][]float32, out []int32, w, nc int) error {
	tw, th := t.x1-t.x0, t.y1-t.y0
	n := tw * th
	vals := make([][]int32, nc)
	if t.params.mct && nc >= 3 {
		rev := t.comps[0].cod.reversible
		for c := 1; c < 3; c++ {
			if t.comps[c].cod.reversible != rev {
				return fmt.Errorf("colour transform over components with different wavelets")
			}
		}
		if rev {
			y, u, v := ints[0], ints[1], ints[2]
			for i := 0; i < n; i++ {
				g := y[i] - (u[i]+v[i])>>2
				y[i], u[i], v[i] = v[i]+g, g, u[i]+g
			}
		} else {
			y, cb, cr := floats[0], floats[1], floats[2]
			for i := 0; i < n; i++ {
				r := y[i] + cr[i]*1.402
				g := y[i] - cb[i]*0.34413 - cr[i]*0.71414
				b := y[i] + cb[i]*1.772
				y[i], cb[i], cr[i] = r, g, b
			}
		}
	}
	for c := 0; c < nc; c++ {
		comp := cs.comps[c]
		shift, lo, hi := int32(1)<<(comp.precision-1), int32(0), int32(1)<<comp.precision-1
		if comp.signed {
			shift, lo, hi = 0, -(int32(1) << (comp.precision - 1)), int32(1)<<(comp.precision-1)-1
		}
		v := make([]int32, n)
		if ints[c] != nil {
			for i, x := range ints[c] {
				v[i] = min(max(x+shift, lo), hi)
			}
		} else {
			for i, x := range floats[c] {
				r := int64(math.RoundToEven(float64(x)))
				r = min(max(r, math.MinInt32), math.MaxInt32)
				v[i] = min(max(int32(r)+shift, lo), hi)
			}
		}
		vals[c] = v
	}
	for y := 0; y < th; y++ {
		row := (t.y0 - cs.y0 + y) * w
		for x := 0; x < tw; x++ {
			o := (row + t.x0 - cs.x0 + x) * nc
			for c := 0; c < nc; c++ {
				out[o+c] = vals[c][y*tw+x]
			}
		}
	}
	return nil
}
