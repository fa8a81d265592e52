package phantom

import "math"

// shape is an implicit solid: eval is below 1 inside, about 0 at the core and
// 1 on the surface, so it doubles as a normalised depth for organ texture.
type shape interface {
	eval(p vec3) float64
	// bounds encloses every point whose eval is below 1+slack.
	bounds(slack float64) (lo, hi vec3)
}

// ellipsoid with semi-axes r along the unit axes ax.
type ellipsoid struct {
	c  vec3
	ax [3]vec3
	r  vec3
}

// newEllipsoid rotates the axis-aligned ellipsoid by rx, ry, rz degrees about
// the world x, y and z axes, in that order.
func newEllipsoid(c, r vec3, rx, ry, rz float64) ellipsoid {
	e := ellipsoid{c: c, r: r}
	for a := 0; a < 3; a++ {
		var u vec3
		u[a] = 1
		e.ax[a] = rotate(u, rx, ry, rz)
	}
	return e
}

func rotate(u vec3, rx, ry, rz float64) vec3 {
	sx, cx := math.Sincos(rx * math.Pi / 180)
	sy, cy := math.Sincos(ry * math.Pi / 180)
	sz, cz := math.Sincos(rz * math.Pi / 180)
	u = vec3{u[0], cx*u[1] - sx*u[2], sx*u[1] + cx*u[2]}
	u = vec3{cy*u[0] + sy*u[2], u[1], -sy*u[0] + cy*u[2]}
	return vec3{cz*u[0] - sz*u[1], sz*u[0] + cz*u[1], u[2]}
}

func (e ellipsoid) eval(p vec3) float64 {
	d := p.sub(e.c)
	var s float64
	for a := 0; a < 3; a++ {
		q := d.dot(e.ax[a]) / e.r[a]
		s += q * q
	}
	return math.Sqrt(s)
}

func (e ellipsoid) bounds(slack float64) (lo, hi vec3) {
	for w := 0; w < 3; w++ {
		var h float64
		for a := 0; a < 3; a++ {
			h += (e.r[a] * e.ax[a][w]) * (e.r[a] * e.ax[a][w])
		}
		h = math.Sqrt(h) * (1 + slack)
		lo[w], hi[w] = e.c[w]-h, e.c[w]+h
	}
	return lo, hi
}

// tubeFar is what tube.eval returns for points well outside: evaluation is
// exact only below it, which covers every surface deformation used.
const tubeFar = 1.5

// tube is a swept sphere along a smooth curve: eval is the distance to the
// centreline over the local radius. A coarse grid lists the segments near
// each cell, so a point is tested against a handful of segments, not all.
type tube struct {
	segs []tubeSeg
	lo   vec3
	cell float64
	n    [3]int
	near [][]int32
}

type tubeSeg struct {
	a, d   vec3    // start and direction (end - start)
	inv    float64 // 1 / |d|^2
	r0, dr float64 // radius at the start and its change along d
}

// newTube passes a Catmull-Rom spline through the control points, sampled
// every few millimetres, with radii interpolated the same way.
func newTube(ctrl []vec3, radii []float64) tube {
	n := len(ctrl)
	get := func(i int) (vec3, float64) {
		i = min(max(i, 0), n-1)
		return ctrl[i], radii[i]
	}
	var pts []vec3
	var rad []float64
	for s := 0; s < n-1; s++ {
		p0, r0 := get(s - 1)
		p1, r1 := get(s)
		p2, r2 := get(s + 1)
		p3, r3 := get(s + 2)
		steps := max(1, int(p2.sub(p1).norm()/5))
		for k := 0; k < steps; k++ {
			u := float64(k) / float64(steps)
			pts = append(pts, catmull(p0, p1, p2, p3, u))
			rad = append(rad, catmull1(r0, r1, r2, r3, u))
		}
	}
	last, rl := get(n - 1)
	pts = append(pts, last)
	rad = append(rad, rl)
	t := tube{cell: 8}
	for s := 0; s+1 < len(pts); s++ {
		d := pts[s+1].sub(pts[s])
		t.segs = append(t.segs, tubeSeg{a: pts[s], d: d, inv: 1 / max(d.dot(d), 1e-9), r0: rad[s], dr: rad[s+1] - rad[s]})
	}
	t.index()
	return t
}

// index files every segment under the grid cells within tubeFar radii of it.
func (t *tube) index() {
	lo, hi := t.bounds(tubeFar - 1)
	t.lo = lo
	total := 1
	for a := 0; a < 3; a++ {
		t.n[a] = int((hi[a]-lo[a])/t.cell) + 1
		total *= t.n[a]
	}
	t.near = make([][]int32, total)
	for s, g := range t.segs {
		reach := max(g.r0, g.r0+g.dr) * tubeFar
		b := g.a.add(g.d)
		var c0, c1 [3]int
		for a := 0; a < 3; a++ {
			c0[a] = max(0, int((min(g.a[a], b[a])-reach-t.lo[a])/t.cell))
			c1[a] = min(t.n[a]-1, int((max(g.a[a], b[a])+reach-t.lo[a])/t.cell))
		}
		for k := c0[2]; k <= c1[2]; k++ {
			for j := c0[1]; j <= c1[1]; j++ {
				for i := c0[0]; i <= c1[0]; i++ {
					c := i + t.n[0]*(j+t.n[1]*k)
					t.near[c] = append(t.near[c], int32(s))
				}
			}
		}
	}
}

func catmull1(a, b, c, d, u float64) float64 {
	return 0.5 * (2*b + (c-a)*u + (2*a-5*b+4*c-d)*u*u + (3*b-a-3*c+d)*u*u*u)
}

func catmull(a, b, c, d vec3, u float64) vec3 {
	var p vec3
	for i := 0; i < 3; i++ {
		p[i] = catmull1(a[i], b[i], c[i], d[i], u)
	}
	return p
}

func (t tube) eval(p vec3) float64 {
	var c [3]int
	for a := 0; a < 3; a++ {
		c[a] = int(math.Floor((p[a] - t.lo[a]) / t.cell))
		if c[a] < 0 || c[a] >= t.n[a] {
			return tubeFar
		}
	}
	best := tubeFar
	for _, s := range t.near[c[0]+t.n[0]*(c[1]+t.n[1]*c[2])] {
		g := &t.segs[s]
		px, py, pz := p[0]-g.a[0], p[1]-g.a[1], p[2]-g.a[2]
		u := (px*g.d[0] + py*g.d[1] + pz*g.d[2]) * g.inv
		u = min(max(u, 0), 1)
		px, py, pz = px-u*g.d[0], py-u*g.d[1], pz-u*g.d[2]
		r := g.r0 + g.dr*u
		if d2 := px*px + py*py + pz*pz; d2 < best*best*r*r {
			best = math.Sqrt(d2) / r
		}
	}
	return best
}

func (t tube) bounds(slack float64) (lo, hi vec3) {
	lo, hi = t.segs[0].a, t.segs[0].a
	for _, g := range t.segs {
		b := g.a.add(g.d)
		m := max(g.r0, g.r0+g.dr) * (1 + slack)
		for w := 0; w < 3; w++ {
			lo[w] = min(lo[w], g.a[w]-m, b[w]-m)
			hi[w] = max(hi[w], g.a[w]+m, b[w]+m)
		}
	}
	return lo, hi
}

// union is inside where any part is.
type union []shape

func (u union) eval(p vec3) float64 {
	best := math.Inf(1)
	for _, s := range u {
		best = min(best, s.eval(p))
	}
	return best
}

func (u union) bounds(slack float64) (lo, hi vec3) {
	lo, hi = u[0].bounds(slack)
	for _, s := range u[1:] {
		l, h := s.bounds(slack)
		for w := 0; w < 3; w++ {
			lo[w], hi[w] = min(lo[w], l[w]), max(hi[w], h[w])
		}
	}
	return lo, hi
}

// minus carves cut out of base (a hilum, a concave visceral surface).
type minus struct{ base, cut shape }

func (m minus) eval(p vec3) float64 {
	return max(m.base.eval(p), 2-m.cut.eval(p))
}

func (m minus) bounds(slack float64) (lo, hi vec3) { return m.base.bounds(slack) }

// deformed perturbs a shape's surface with low-frequency noise; off moves
// each organ to its own patch of the shared field.
type deformed struct {
	s     shape
	amp   float64
	field *noiseField
	off   vec3
}

func (d deformed) eval(p vec3) float64 {
	return d.s.eval(p) + d.amp*d.field.at(p.add(d.off))
}

func (d deformed) bounds(slack float64) (lo, hi vec3) { return d.s.bounds(slack + d.amp) }

// loops keeps the parts of a region where a noise field is near zero: a
// tangle of tubes that reads as small-bowel loops.
type loops struct {
	region shape
	field  *noiseField
	width  float64
}

func (l loops) eval(p vec3) float64 {
	r := l.region.eval(p)
	if r >= 1 {
		return r
	}
	return max(r, math.Abs(l.field.at(p))/l.width)
}

func (l loops) bounds(slack float64) (lo, hi vec3) { return l.region.bounds(slack) }

// underDiaphragm is the slab within depth mm below the diaphragm over an
// elliptical footprint: it lets the liver dome fill the right hemidiaphragm.
type underDiaphragm struct {
	c      vec3 // footprint centre (z ignored)
	rx, ry float64
	depth  float64
}

func (u underDiaphragm) eval(p vec3) float64 {
	d, _ := diaphragmZ(p[0], p[1])
	dx, dy := (p[0]-u.c[0])/u.rx, (p[1]-u.c[1])/u.ry
	return max((d-p[2])/u.depth, math.Sqrt(dx*dx+dy*dy))
}

func (u underDiaphragm) bounds(slack float64) (lo, hi vec3) {
	s := 1 + slack
	return vec3{u.c[0] - u.rx*s, u.c[1] - u.ry*s, 0}, vec3{u.c[0] + u.rx*s, u.c[1] + u.ry*s, 100}
}
