package jpeg

import "fmt"

// natural maps zigzag position to natural (row-major) block position.
var natural = [64]int{
	0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
	12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
	35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
	58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
}

// sequential decodes a baseline or extended Huffman DCT scan of the
// components idx (T.81 F.2), inverse-transforming each block into its
// component's plane.
func (d *decoder) sequential(idx []int) error {
	mcusX := (d.width + 8*d.hmax - 1) / (8 * d.hmax)
	mcusY := (d.height + 8*d.vmax - 1) / (8 * d.vmax)
	for _, ci := range idx {
		c := &d.comps[ci]
		if !d.qdefined[c.tq] {
			return fmt.Errorf("component %d uses quantisation table %d, which is not defined", c.id, c.tq)
		}
		c.bw, c.bh = mcusX*c.h, mcusY*c.v
		c.dsW = (d.width*c.h + d.hmax - 1) / d.hmax
		c.dsH = (d.height*c.v + d.vmax - 1) / d.vmax
		if c.plane == nil {
			c.plane = make([]int32, c.bw*8*c.bh*8)
		}
		c.dcPred = 0
	}
	var q [4][64]int32 // natural order
	for t := range q {
		for k := 0; k < 64; k++ {
			q[t][natural[k]] = d.quant[t][k]
		}
	}
	var block [64]int32
	mcus, rst := 0, 0
	decodeBlock := func(c *component, bx, by int) error {
		block = [64]int32{}
		s, err := d.br.decode(&d.dc[c.td])
		if err != nil {
			return err
		}
		if s > 16 {
			return fmt.Errorf("DC category %d, expected at most 16: corrupt data", s)
		}
		diff, err := d.br.receiveExtend(s)
		if err != nil {
			return err
		}
		c.dcPred += diff
		block[0] = int32(c.dcPred)
		ac := &d.ac[c.ta]
		for k := 1; k < 64; k++ {
			rs, err := d.br.decode(ac)
			if err != nil {
				return err
			}
			r, s := rs>>4, rs&15
			if s == 0 {
				if r != 15 {
					break
				}
				k += 15
				continue
			}
			k += r
			if k > 63 {
				return fmt.Errorf("AC coefficient run past the block's 64 coefficients: corrupt data")
			}
			v, err := d.br.receiveExtend(s)
			if err != nil {
				return err
			}
			block[natural[k]] = int32(v)
		}
		w := c.bw * 8
		idct(&block, &q[c.tq], c.plane[by*8*w+bx*8:], w, d.precision)
		return nil
	}
	restartCheck := func() error {
		if d.restart > 0 && mcus > 0 && mcus%d.restart == 0 {
			if err := d.br.restart(rst); err != nil {
				return err
			}
			rst++
			for _, ci := range idx {
				d.comps[ci].dcPred = 0
			}
		}
		mcus++
		return nil
	}
	if len(idx) == 1 {
		// Non-interleaved: one block per MCU over the component's own extent.
		c := &d.comps[idx[0]]
		nx, ny := (c.dsW+7)/8, (c.dsH+7)/8
		for by := 0; by < ny; by++ {
			for bx := 0; bx < nx; bx++ {
				if err := restartCheck(); err != nil {
					return err
				}
				if err := decodeBlock(c, bx, by); err != nil {
					return fmt.Errorf("block row %d column %d: %w", by, bx, err)
				}
			}
		}
		return nil
	}
	for my := 0; my < mcusY; my++ {
		for mx := 0; mx < mcusX; mx++ {
			if err := restartCheck(); err != nil {
				return err
			}
			for _, ci := range idx {
				c := &d.comps[ci]
				for v := 0; v < c.v; v++ {
					for h := 0; h < c.h; h++ {
						if err := decodeBlock(c, mx*c.h+h, my*c.v+v); err != nil {
							return fmt.Errorf("MCU row %d column %d: %w", my, mx, err)
						}
					}
				}
			}
		}
	}
	return nil
}

// dctOutput upsamples each component to the image size as the IJG library
// does by default ("fancy" triangle filters for 2:1 horizontal and 2:1 in
// both directions, replication otherwise), converts YCbCr to RGB when
// asked, and packs the samples.
func (d *decoder) dctOutput() []byte {
	w, h, nc := d.width, d.height, len(d.comps)
	full := make([][]int32, nc)
	for i := range d.comps {
		full[i] = d.upsample(&d.comps[i])
	}
	maxv := int32(1)<<d.precision - 1
	if nc == 3 && (d.opts.YCbCrToRGB || (d.opts.GuessColor && d.guessYCbCr())) {
		yccToRGB(full[0], full[1], full[2], d.precision)
	}
	out := make([]uint16, w*h*nc)
	for i := 0; i < w*h; i++ {
		for c := 0; c < nc; c++ {
			out[i*nc+c] = uint16(min(max(full[c][i], 0), maxv))
		}
	}
	return pack(out, d.precision)
}

// upsample returns the component at full image size (w x h).
func (d *decoder) upsample(c *component) []int32 {
	w, h := d.width, d.height
	pw := c.bw * 8
	out := make([]int32, w*h)
	hr, vr := d.hmax/c.h, d.vmax/c.v
	at := func(x, y int) int32 { return c.plane[y*pw+x] }
	switch {
	case hr == 1 && vr == 1:
		for y := 0; y < h; y++ {
			copy(out[y*w:(y+1)*w], c.plane[y*pw:y*pw+w])
		}
	case hr == 2 && vr == 1 && c.dsW > 2:
		row := make([]int32, 2*c.dsW)
		for y := 0; y < h; y++ {
			fancyH2(row, c.plane[y*pw:y*pw+c.dsW])
			copy(out[y*w:(y+1)*w], row[:w])
		}
	case hr == 2 && vr == 2 && c.dsW > 2:
		row := make([]int32, 2*c.dsW)
		for y := 0; y < h; y++ {
			in := y / 2
			other := in - 1 // the nearer neighbour row: above for even output rows
			if y%2 == 1 {
				other = in + 1
			}
			other = min(max(other, 0), c.dsH-1)
			fancyH2V2(row, c.plane[in*pw:in*pw+c.dsW], c.plane[other*pw:other*pw+c.dsW])
			copy(out[y*w:(y+1)*w], row[:w])
		}
	default:
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				out[y*w+x] = at(x/hr, y/vr)
			}
		}
	}
	return out
}

// fancyH2 is IJG's h2v1_fancy_upsample: each output sample is 3/4 of the
// nearer input sample and 1/4 of the further one, with alternating rounding.
func fancyH2(out, in []int32) {
	n := len(in)
	out[0] = in[0]
	out[1] = (in[0]*3 + in[1] + 2) >> 2
	for i := 1; i < n-1; i++ {
		v := in[i] * 3
		out[2*i] = (v + in[i-1] + 1) >> 2
		out[2*i+1] = (v + in[i+1] + 2) >> 2
	}
	out[2*n-2] = (in[n-1]*3 + in[n-2] + 1) >> 2
	out[2*n-1] = in[n-1]
}

// fancyH2V2 is IJG's h2v2_fancy_upsample for one output row: the input
// row weighted 3/4 and the nearer neighbouring row 1/4, then across.
func fancyH2V2(out, in, near []int32) {
	n := len(in)
	this := in[0]*3 + near[0]
	next := in[1]*3 + near[1]
	out[0] = (this*4 + 8) >> 4
	out[1] = (this*3 + next + 7) >> 4
	last := this
	this = next
	for i := 1; i < n-1; i++ {
		next = in[i+1]*3 + near[i+1]
		out[2*i] = (this*3 + last + 8) >> 4
		out[2*i+1] = (this*3 + next + 7) >> 4
		last, this = this, next
	}
	out[2*n-2] = (this*3 + last + 8) >> 4
	out[2*n-1] = (this*4 + 7) >> 4
}

// yccToRGB is IJG's ycc_rgb_convert: JFIF YCbCr to RGB in 16-bit fixed
// point, with the same rounding.
func yccToRGB(y, cb, cr []int32, precision int) {
	const scale = 16
	const half = 1 << (scale - 1)
	fix := func(x float64) int64 { return int64(x*(1<<scale) + 0.5) }
	center := int64(1) << (precision - 1)
	maxv := int32(1)<<precision - 1
	clamp := func(v int64) int32 { return int32(min(max(v, 0), int64(maxv))) }
	for i := range y {
		b := int64(min(max(cb[i], 0), maxv)) - center
		r := int64(min(max(cr[i], 0), maxv)) - center
		yy := int64(min(max(y[i], 0), maxv))
		crR := (fix(1.40200)*r + half) >> scale
		cbB := (fix(1.77200)*b + half) >> scale
		g := (-fix(0.34414)*b + half - fix(0.71414)*r) >> scale
		y[i], cb[i], cr[i] = clamp(yy+crR), clamp(yy+g), clamp(yy+cbB)
	}
}
