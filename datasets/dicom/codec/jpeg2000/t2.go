package jpeg2000

import (
	"errors"
	"fmt"
	"sort"
)

var errTagTree = errors.New("tag tree value out of range: corrupt packet header")

// bitReader reads packet headers (T.800 B.10.1): bits most significant
// first; after a 0xFF byte the next byte's top bit is a stuffed zero.
type bitReader struct {
	data []byte
	pos  int
	buf  int
	ct   int
	last byte
}

func (b *bitReader) bit() (int, error) {
	if b.ct == 0 {
		if b.pos >= len(b.data) {
			return 0, fmt.Errorf("packet header passes the end of the tile data: %w", errTruncated)
		}
		c := b.data[b.pos]
		b.pos++
		b.ct = 8
		if b.last == 0xFF {
			b.ct = 7
		}
		b.buf, b.last = int(c), c
	}
	b.ct--
	return (b.buf >> b.ct) & 1, nil
}

func (b *bitReader) bits(n int) (int, error) {
	v := 0
	for i := 0; i < n; i++ {
		x, err := b.bit()
		if err != nil {
			return 0, err
		}
		v = v<<1 | x
	}
	return v, nil
}

// align ends a packet header: the rest of the byte is padding, and a
// header ending in 0xFF is followed by a stuffed byte.
func (b *bitReader) align() {
	if b.last == 0xFF && b.pos < len(b.data) {
		b.pos++
	}
	b.ct, b.last = 0, 0
}

type packet struct {
	layer, res, comp, prec int
	y, x                   int
}

// packets lists the tile's packets in its progression order (T.800 B.12).
func (t *tile) packets() []packet {
	var list []packet
	maxRes := 0
	for ci := range t.comps {
		tc := &t.comps[ci]
		maxRes = max(maxRes, len(tc.res))
		for r := range tc.res {
			res := &tc.res[r]
			for p := range res.precincts {
				for l := 0; l < t.params.layers; l++ {
					list = append(list, packet{layer: l, res: r, comp: ci, prec: p, x: res.precincts[p].x, y: res.precincts[p].y})
				}
			}
		}
	}
	key := func(p packet) [5]int {
		switch t.params.progression {
		case 0: // LRCP
			return [5]int{p.layer, p.res, p.comp, p.prec, 0}
		case 1: // RLCP
			return [5]int{p.res, p.layer, p.comp, p.prec, 0}
		case 2: // RPCL
			return [5]int{p.res, p.y, p.x, p.comp, p.layer}
		case 3: // PCRL
			return [5]int{p.y, p.x, p.comp, p.res, p.layer}
		}
		return [5]int{p.comp, p.y, p.x, p.res, p.layer} // CPRL
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := key(list[i]), key(list[j])
		for k := range a {
			if a[k] != b[k] {
				return a[k] < b[k]
			}
		}
		return false
	})
	return list
}

// readPackets parses every packet of the tile, appending each code-block's
// bytes to its codeword segments.
func (t *tile) readPackets() error {
	br := &bitReader{data: t.data}
	passBudget := maxPassBudget
	for _, pk := range t.packets() {
		if br.pos >= len(t.data) {
			return nil // truncated codestreams decode what they have (lower layers)
		}
		tc := &t.comps[pk.comp]
		prec := &tc.res[pk.res].precincts[pk.prec]
		if err := t.readPacket(br, tc, prec, pk.layer, &passBudget); err != nil {
			return fmt.Errorf("packet layer %d resolution %d component %d precinct %d at byte %d: %w", pk.layer, pk.res, pk.comp, pk.prec, br.pos, err)
		}
	}
	return nil
}

func (t *tile) readPacket(br *bitReader, tc *tileComp, prec *precinct, layer int, budget *int) error {
	d := t.data
	if t.params.sop && br.pos+6 <= len(d) && d[br.pos] == 0xFF && d[br.pos+1] == 0x91 {
		br.pos += 6
	}
	br.ct, br.last = 0, 0
	present, err := br.bit()
	if err != nil {
		return err
	}
	var included []*codeBlock
	if present == 1 {
		for bi := range prec.bands {
			pb := &prec.bands[bi]
			for ci := range pb.blocks {
				cb := &pb.blocks[ci]
				var in bool
				if !cb.included {
					in, err = pb.incl.decode(br, ci, layer+1)
				} else {
					var b int
					b, err = br.bit()
					in = b == 1
				}
				if err != nil {
					return err
				}
				if !in {
					continue
				}
				if !cb.included {
					zbp, err := pb.zbp.value(br, ci, 74)
					if err != nil {
						return err
					}
					mb := pb.band.mb
					cb.numbps = mb - zbp
					if cb.numbps < 0 || cb.numbps > 62 {
						return fmt.Errorf("code-block with %d bit-planes (%d zero of %d): corrupt header", cb.numbps, zbp, mb)
					}
					cb.included = true
				}
				n, err := numPasses(br)
				if err != nil {
					return err
				}
				if *budget -= n; *budget < 0 {
					return fmt.Errorf("more than %d coding passes in the tile: corrupt data", maxPassBudget)
				}
				for {
					b, err := br.bit()
					if err != nil {
						return err
					}
					if b == 0 {
						break
					}
					cb.lblock++
					if cb.lblock > 32 {
						return fmt.Errorf("code-word length indicator above 32 bits: corrupt header")
					}
				}
				if err := cb.addPasses(br, n, tc.cod.style); err != nil {
					return err
				}
				included = append(included, cb)
			}
		}
	}
	br.align()
	if t.params.eph {
		if br.pos+2 <= len(d) && d[br.pos] == 0xFF && d[br.pos+1] == 0x92 {
			br.pos += 2
		}
	}
	for _, cb := range included {
		for si := range cb.segs {
			s := &cb.segs[si]
			if s.newPasses == 0 {
				continue
			}
			if s.newLen > len(d)-br.pos {
				return fmt.Errorf("code-block data of %d bytes passes the tile's end (%d left): %w", s.newLen, len(d)-br.pos, errTruncated)
			}
			s.data = append(s.data, d[br.pos:br.pos+s.newLen]...)
			s.passes += s.newPasses
			br.pos += s.newLen
			s.newPasses, s.newLen = 0, 0
		}
	}
	return nil
}

// numPasses decodes the number of new coding passes (T.800 Table B.4).
func numPasses(br *bitReader) (int, error) {
	b, err := br.bit()
	if err != nil || b == 0 {
		return 1, err
	}
	if b, err = br.bit(); err != nil || b == 0 {
		return 2, err
	}
	v, err := br.bits(2)
	if err != nil || v != 3 {
		return 3 + v, err
	}
	if v, err = br.bits(5); err != nil || v != 31 {
		return 6 + v, err
	}
	v, err = br.bits(7)
	return 37 + v, err
}

func floorLog2(n int) int {
	l := 0
	for n > 1 {
		n >>= 1
		l++
	}
	return l
}

// addPasses reads the code-word lengths of n new passes, split into
// segments where the code-block style terminates them (T.800 B.10.7).
func (cb *codeBlock) addPasses(br *bitReader, n, style int) error {
	if cb.passes+n > 3*62+1 {
		return fmt.Errorf("%d coding passes for a code-block, more than its bit-planes allow", cb.passes+n)
	}
	cb.passes += n
	if len(cb.segs) == 0 || cb.segs[len(cb.segs)-1].passes == cb.segs[len(cb.segs)-1].maxPasses {
		cb.segs = append(cb.segs, segment{maxPasses: nextMaxPasses(cb.segs, style)})
	}
	for {
		s := &cb.segs[len(cb.segs)-1]
		k := min(s.maxPasses-s.passes, n)
		l, err := br.bits(cb.lblock + floorLog2(k))
		if err != nil {
			return err
		}
		s.newPasses, s.newLen = k, l
		if n -= k; n == 0 {
			return nil
		}
		cb.segs = append(cb.segs, segment{maxPasses: nextMaxPasses(cb.segs, style)})
	}
}

// nextMaxPasses is how many passes the next segment holds: one with
// termination after every pass, else 10 MQ-coded passes, then alternately
// two raw and one MQ-coded with the arithmetic-coding bypass, else all.
func nextMaxPasses(segs []segment, style int) int {
	switch {
	case style&styleTermAll != 0:
		return 1
	case style&styleBypass != 0:
		if len(segs) == 0 {
			return 10
		}
		if p := segs[len(segs)-1].maxPasses; p == 1 || p == 10 {
			return 2
		}
		return 1
	}
	return 109
}
