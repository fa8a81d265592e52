package jpeg

// losslessOne is lossless for the common case, one component and no
// restart intervals (every DICOM greyscale encoder's output), with the
// Huffman decoding and the extra bits inlined: it halves the decode time
// of a CT slice. The results are those of lossless, which the tests
// check on the same files.
func (d *decoder) losslessOne(ci, ss, pt int) error {
	w, h, nc := d.width, d.height, len(d.comps)
	if d.samples == nil {
		d.samples = make([]uint16, w*h*nc)
	}
	ht := &d.dc[d.comps[ci].td]
	br := &d.br
	prev := make([]int32, w)
	cur := make([]int32, w)
	mask := int32(1)<<(d.precision-pt) - 1
	pred := int32(1) << (d.precision - pt - 1)
	for y := 0; y < h; y++ {
		out := d.samples[y*w*nc:]
		for x := 0; x < w; x++ {
			switch {
			case y == 0 && x == 0:
			case y == 0:
				pred = cur[x-1]
			case x == 0:
				pred = prev[0]
			default:
				pred = predict(ss, cur[x-1], prev[x], prev[x-1])
			}
			// Huffman-coded category, then that many extra bits.
			if br.nbits < 32 {
				br.fill()
			}
			var s int
			if e := ht.fast[br.acc>>(64-lookBits)]; e != 0 {
				l := int(e >> 8)
				if l > br.nbits {
					return d.lossless1Err(y, x, errShort)
				}
				br.acc <<= l
				br.nbits -= l
				s = int(e & 0xFF)
			} else {
				v, err := br.decode(ht)
				if err != nil {
					return d.lossless1Err(y, x, err)
				}
				s = v
				if br.nbits < 16 {
					br.fill()
				}
			}
			var diff int32
			switch {
			case s == 0:
			case s == 16:
				diff = 32768
			case s > 16:
				return d.lossless1Err(y, x, errCategory(s))
			default:
				if s > br.nbits {
					return d.lossless1Err(y, x, errShort)
				}
				v := int32(br.acc >> (64 - s))
				br.acc <<= s
				br.nbits -= s
				if v < 1<<(s-1) {
					v += -1<<s + 1
				}
				diff = v
			}
			v := (pred + diff) & 0xFFFF & mask
			cur[x] = v
			out[x*nc+ci] = uint16(v << pt)
		}
		prev, cur = cur, prev
	}
	return nil
}
