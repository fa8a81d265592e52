package jpeg

import "fmt"

// lossless decodes a process-14 scan (T.81 Annex H) of the components idx
// with predictor ss and point transform pt into d.samples (interleaved).
// Every component has 1x1 sampling (parseSOF refuses others), so an MCU is
// one sample of each scan component.
func (d *decoder) lossless(idx []int, ss, pt int) error {
	if len(idx) == 1 && d.restart == 0 {
		return d.losslessOne(idx[0], ss, pt)
	}
	w, h, nc := d.width, d.height, len(d.comps)
	if d.samples == nil {
		d.samples = make([]uint16, w*h*nc)
	}
	// The encoder's arithmetic is modulo 2^16; keep rows of reconstructed
	// (not yet shifted) values per scan component for the predictors.
	ns := len(idx)
	prev := make([][]int32, ns)
	cur := make([][]int32, ns)
	for i := range prev {
		prev[i] = make([]int32, w)
		cur[i] = make([]int32, w)
	}
	initial := int32(1) << (d.precision - pt - 1)
	mask := int32(1)<<(d.precision-pt) - 1
	mcus, rst := 0, 0
	firstRow := true // the first row of the image or of a restart interval
	restartCol := 0  // column where the current interval began in firstRow
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			restarted := false
			if d.restart > 0 && mcus > 0 && mcus%d.restart == 0 {
				if err := d.br.restart(rst); err != nil {
					return err
				}
				rst++
				restarted, firstRow, restartCol = true, true, x
			}
			mcus++
			for i, ci := range idx {
				diff, err := d.diff(&d.dc[d.comps[ci].td])
				if err != nil {
					return fmt.Errorf("row %d column %d component %d: %w", y, x, ci, err)
				}
				var pred int32
				switch {
				case (y == 0 && x == 0) || restarted:
					pred = initial
				case firstRow && x > restartCol:
					pred = cur[i][x-1]
				case x == 0:
					pred = prev[i][0] // the first column takes the sample above
				default:
					ra, rb, rc := cur[i][x-1], prev[i][x], prev[i][x-1]
					pred = predict(ss, ra, rb, rc)
				}
				v := (pred + diff) & 0xFFFF & mask
				cur[i][x] = v
				d.samples[(y*w+x)*nc+ci] = uint16(v << pt)
			}
		}
		prev, cur = cur, prev
		firstRow, restartCol = false, 0
	}
	return nil
}

// diff reads one difference: a Huffman-coded magnitude category, then as
// many extra bits (T.81 H.1.2.2); category 16 means 32768 with none.
func (d *decoder) diff(t *huffman) (int32, error) {
	s, err := d.br.decode(t)
	if err != nil {
		return 0, err
	}
	switch {
	case s == 16:
		return 32768, nil
	case s > 16:
		return 0, errCategory(s)
	}
	v, err := d.br.receiveExtend(s)
	return int32(v), err
}

func predict(ss int, ra, rb, rc int32) int32 {
	switch ss {
	case 1:
		return ra
	case 2:
		return rb
	case 3:
		return rc
	case 4:
		return ra + rb - rc
	case 5:
		return ra + (rb-rc)>>1
	case 6:
		return rb + (ra-rc)>>1
	}
	return (ra + rb) >> 1
}

func errCategory(s int) error {
	return fmt.Errorf("difference category %d, expected 0 to 16: corrupt data", s)
}

func (d *decoder) lossless1Err(y, x int, err error) error {
	return fmt.Errorf("row %d column %d: %w", y, x, err)
}
