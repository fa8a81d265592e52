package jpegls

import "fmt"

// runJ is T.87's J table: the order of the run-length code at each run index.
var runJ = [32]int{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15}

type runContext struct {
	a, n, nn int
	ritype   int
}

type scan struct {
	d                 *decoder
	br                bitReader
	comps             []int
	near, ilv, pt     int
	maxval, rng, qbpp int
	limit, reset      int
	t1, t2, t3        int
	a, b, c, n        [365]int
	run               [2]runContext
	quant             []int8 // gradient quantisation, indexed by difference + maxval
	w, h              int
}

func newScan(d *decoder, comps []int, near, ilv, pt int) (*scan, error) {
	s := &scan{d: d, comps: comps, near: near, ilv: ilv, pt: pt, w: d.width, h: d.height}
	s.maxval = d.preset.maxval
	if s.maxval == 0 {
		s.maxval = 1<<d.precision - 1
	}
	if s.maxval < 1 || s.maxval >= 1<<16 {
		return nil, fmt.Errorf("MAXVAL %d, expected 1 to 65535", s.maxval)
	}
	if near > min(255, s.maxval/2) {
		return nil, fmt.Errorf("NEAR %d for MAXVAL %d, expected at most %d", near, s.maxval, min(255, s.maxval/2))
	}
	s.rng = (s.maxval+2*near)/(2*near+1) + 1
	s.qbpp = bitsFor(s.rng)
	bpp := max(2, bitsFor(s.maxval+1))
	s.limit = 2 * (bpp + max(8, bpp))
	s.t1, s.t2, s.t3 = defaultThresholds(s.maxval, near)
	if p := d.preset; p.t1 != 0 || p.t2 != 0 || p.t3 != 0 {
		if p.t1 != 0 {
			s.t1 = p.t1
		}
		if p.t2 != 0 {
			s.t2 = p.t2
		}
		if p.t3 != 0 {
			s.t3 = p.t3
		}
		if s.t1 < near+1 || s.t2 < s.t1 || s.t3 < s.t2 || s.t3 > s.maxval {
			return nil, fmt.Errorf("thresholds %d, %d, %d for NEAR %d and MAXVAL %d, expected NEAR < T1 <= T2 <= T3 <= MAXVAL", s.t1, s.t2, s.t3, near, s.maxval)
		}
	}
	s.reset = 64
	if d.preset.reset != 0 {
		s.reset = d.preset.reset
	}
	if s.reset < 3 {
		return nil, fmt.Errorf("RESET %d, expected at least 3", s.reset)
	}
	a0 := max(2, (s.rng+32)/64)
	for i := range s.a {
		s.a[i], s.n[i] = a0, 1
	}
	s.run[0] = runContext{a: a0, n: 1}
	s.run[1] = runContext{a: a0, n: 1, ritype: 1}
	s.quant = make([]int8, 2*s.maxval+1)
	for i := range s.quant {
		s.quant[i] = s.quantize(i - s.maxval)
	}
	return s, nil
}

// bitsFor is ceil(log2(v)).
func bitsFor(v int) int {
	n := 0
	for 1<<n < v {
		n++
	}
	return n
}

// defaultThresholds is T.87 C.2.4.1.1.1.
func defaultThresholds(maxval, near int) (int, int, int) {
	clampT := func(i, j int) int {
		if i > maxval || i < j {
			return j
		}
		return i
	}
	if maxval >= 128 {
		f := (min(maxval, 4095) + 128) / 256
		t1 := clampT(f*(3-2)+2+3*near, near+1)
		t2 := clampT(f*(7-3)+3+5*near, t1)
		return t1, t2, clampT(f*(21-4)+4+7*near, t2)
	}
	f := 256 / (maxval + 1)
	t1 := clampT(max(2, 3/f+3*near), near+1)
	t2 := clampT(max(3, 7/f+5*near), t1)
	return t1, t2, clampT(max(4, 21/f+7*near), t2)
}

func (s *scan) quantize(d int) int8 {
	switch {
	case d <= -s.t3:
		return -4
	case d <= -s.t2:
		return -3
	case d <= -s.t1:
		return -2
	case d < -s.near:
		return -1
	case d <= s.near:
		return 0
	case d < s.t1:
		return 1
	case d < s.t2:
		return 2
	case d < s.t3:
		return 3
	}
	return 4
}

// decode decodes the scan's lines into the frame. Line buffers hold one
// sample of padding at each end: index x+1 is column x.
func (s *scan) decode() error {
	nc := len(s.comps)
	prev := make([][]int, nc)
	cur := make([][]int, nc)
	for i := range prev {
		prev[i] = make([]int, s.w+2)
		cur[i] = make([]int, s.w+2)
	}
	runIndex := make([]int, nc)
	for y := 0; y < s.h; y++ {
		for i := range s.comps {
			cur[i][0] = prev[i][1]
			prev[i][s.w+1] = prev[i][s.w]
		}
		var err error
		if s.ilv == 2 {
			err = s.sampleLine(prev, cur, &runIndex[0])
		} else {
			for i := range s.comps {
				if err = s.line(prev[i], cur[i], &runIndex[i]); err != nil {
					break
				}
			}
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", y, err)
		}
		nf := s.d.ncomp
		for i, ci := range s.comps {
			row := s.d.out[y*s.w*nf:]
			for x := 0; x < s.w; x++ {
				row[x*nf+ci] = uint16(cur[i][x+1] << s.pt)
			}
		}
		prev, cur = cur, prev
	}
	return nil
}

func (s *scan) line(prev, cur []int, ri *int) error {
	for x := 0; x < s.w; {
		ra, rb, rc, rd := cur[x], prev[x+1], prev[x], prev[x+2]
		q1 := int(s.quant[rd-rb+s.maxval])
		q2 := int(s.quant[rb-rc+s.maxval])
		q3 := int(s.quant[rc-ra+s.maxval])
		if q1|q2|q3 == 0 {
			n, err := s.runMode(x, prev, cur, ri)
			if err != nil {
				return err
			}
			x += n
			continue
		}
		v, err := s.regular(q1, q2, q3, ra, rb, rc)
		if err != nil {
			return err
		}
		cur[x+1] = v
		x++
	}
	return nil
}

// sampleLine decodes a line of three sample-interleaved components.
func (s *scan) sampleLine(prev, cur [][]int, ri *int) error {
	var q [3][3]int
	for x := 0; x < s.w; {
		zero := true
		for i := 0; i < 3; i++ {
			ra, rb, rc, rd := cur[i][x], prev[i][x+1], prev[i][x], prev[i][x+2]
			q[i] = [3]int{int(s.quant[rd-rb+s.maxval]), int(s.quant[rb-rc+s.maxval]), int(s.quant[rc-ra+s.maxval])}
			zero = zero && q[i] == [3]int{}
		}
		if zero {
			n, err := s.runModeTriplet(x, prev, cur, ri)
			if err != nil {
				return err
			}
			x += n
			continue
		}
		for i := 0; i < 3; i++ {
			v, err := s.regular(q[i][0], q[i][1], q[i][2], cur[i][x], prev[i][x+1], prev[i][x])
			if err != nil {
				return err
			}
			cur[i][x+1] = v
		}
		x++
	}
	return nil
}

// regular decodes one sample in regular mode (T.87 A.4 to A.6).
func (s *scan) regular(q1, q2, q3, ra, rb, rc int) (int, error) {
	qs := (q1*9+q2)*9 + q3
	sign := 1
	if qs < 0 {
		sign, qs = -1, -qs
	}
	k := golombK(s.n[qs], s.a[qs])
	px := med(ra, rb, rc) + sign*s.c[qs]
	px = min(max(px, 0), s.maxval)
	m, err := s.value(k, s.limit)
	if err != nil {
		return 0, err
	}
	e := m >> 1
	if m&1 != 0 {
		e = -e - 1
	}
	if s.near == 0 && k == 0 && 2*s.b[qs]+s.n[qs]-1 < 0 {
		e = -e - 1
	}
	s.update(qs, e)
	return s.fix(px + sign*e*(2*s.near+1)), nil
}

func med(ra, rb, rc int) int {
	switch {
	case rc >= max(ra, rb):
		return min(ra, rb)
	case rc <= min(ra, rb):
		return max(ra, rb)
	}
	return ra + rb - rc
}

func golombK(n, a int) int {
	k := 0
	for n<<k < a && k < 24 {
		k++
	}
	return k
}

// value decodes a limited-length Golomb code of order k (T.87 A.5.3).
func (s *scan) value(k, limit int) (int, error) {
	high, err := s.br.zeros(limit - s.qbpp - 1)
	if err != nil {
		return 0, err
	}
	if high == limit-s.qbpp-1 {
		v, err := s.br.read(s.qbpp)
		return v + 1, err
	}
	v, err := s.br.read(k)
	return high<<k + v, err
}

// update is T.87 A.6: context statistics and bias correction.
func (s *scan) update(q, e int) {
	a, b, n := s.a[q]+abs(e), s.b[q]+e*(2*s.near+1), s.n[q]
	if n == s.reset {
		a, b, n = a>>1, b>>1, n>>1
	}
	n++
	if b+n <= 0 {
		b += n
		if b <= -n {
			b = -n + 1
		}
		if s.c[q] > -128 {
			s.c[q]--
		}
	} else if b > 0 {
		b -= n
		if b > 0 {
			b = 0
		}
		if s.c[q] < 127 {
			s.c[q]++
		}
	}
	s.a[q], s.b[q], s.n[q] = a, b, n
}

// fix is the modular reconstruction of T.87 A.4.2 and clamping.
func (s *scan) fix(v int) int {
	if v < -s.near {
		v += s.rng * (2*s.near + 1)
	} else if v > s.maxval+s.near {
		v -= s.rng * (2*s.near + 1)
	}
	return min(max(v, 0), s.maxval)
}

func abs(v int) int { return max(v, -v) }

// runLength decodes a run of at most left samples (T.87 A.7.1.2).
func (s *scan) runLength(left int, ri *int) (int, error) {
	n := 0
	for {
		bit, err := s.br.bit()
		if err != nil {
			return 0, err
		}
		if bit == 0 {
			break
		}
		count := min(1<<runJ[*ri], left-n)
		n += count
		if count == 1<<runJ[*ri] {
			*ri = min(31, *ri+1)
		}
		if n == left {
			return n, nil
		}
	}
	v, err := s.br.read(runJ[*ri])
	if err != nil {
		return 0, err
	}
	n += v
	if n > left {
		return 0, fmt.Errorf("run of %d samples passes the line's end (%d left): corrupt data", n, left)
	}
	return n, nil
}

func (s *scan) runMode(x int, prev, cur []int, ri *int) (int, error) {
	ra := cur[x]
	n, err := s.runLength(s.w-x, ri)
	if err != nil {
		return 0, err
	}
	for i := 1; i <= n; i++ {
		cur[x+i] = ra
	}
	end := x + n
	if end == s.w {
		return n, nil
	}
	rb := prev[end+1]
	var v int
	if abs(ra-rb) <= s.near {
		e, err := s.interruption(&s.run[1], *ri)
		if err != nil {
			return 0, err
		}
		v = s.fix(ra + e*(2*s.near+1))
	} else {
		e, err := s.interruption(&s.run[0], *ri)
		if err != nil {
			return 0, err
		}
		v = s.fix(rb + sgn(rb-ra)*e*(2*s.near+1))
	}
	cur[end+1] = v
	*ri = max(0, *ri-1)
	return n + 1, nil
}

func (s *scan) runModeTriplet(x int, prev, cur [][]int, ri *int) (int, error) {
	n, err := s.runLength(s.w-x, ri)
	if err != nil {
		return 0, err
	}
	for c := 0; c < 3; c++ {
		for i := 1; i <= n; i++ {
			cur[c][x+i] = cur[c][x]
		}
	}
	end := x + n
	if end == s.w {
		return n, nil
	}
	for c := 0; c < 3; c++ {
		e, err := s.interruption(&s.run[0], *ri)
		if err != nil {
			return 0, err
		}
		ra, rb := cur[c][x], prev[c][end+1]
		cur[c][end+1] = s.fix(rb + sgn(rb-ra)*e*(2*s.near+1))
	}
	*ri = max(0, *ri-1)
	return n + 1, nil
}

func sgn(v int) int {
	if v < 0 {
		return -1
	}
	return 1
}

// interruption decodes the error of a run interruption sample (T.87 A.7.2).
func (s *scan) interruption(ctx *runContext, ri int) (int, error) {
	temp := ctx.a + (ctx.n>>1)*ctx.ritype
	k := golombK(ctx.n, temp)
	em, err := s.value(k, s.limit-runJ[ri]-1)
	if err != nil {
		return 0, err
	}
	t := em + ctx.ritype
	mapped := t & 1
	e := (t + mapped) / 2
	if (k != 0 || 2*ctx.nn >= ctx.n) == (mapped == 1) {
		e = -e
	}
	if e < 0 {
		ctx.nn++
	}
	ctx.a += (em + 1 - ctx.ritype) >> 1
	if ctx.n == s.reset {
		ctx.a >>= 1
		ctx.n >>= 1
		ctx.nn >>= 1
	}
	ctx.n++
	return e, nil
}
