package phantom

import (
	"math"
	"math/rand/v2"
)

// vec3 is a point or direction in phantom world millimetres (RAS+).
type vec3 [3]float64

func (a vec3) add(b vec3) vec3      { return vec3{a[0] + b[0], a[1] + b[1], a[2] + b[2]} }
func (a vec3) sub(b vec3) vec3      { return vec3{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }
func (a vec3) scale(s float64) vec3 { return vec3{a[0] * s, a[1] * s, a[2] * s} }
func (a vec3) dot(b vec3) float64   { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }
func (a vec3) norm() float64        { return math.Sqrt(a.dot(a)) }

// noiseField is smooth value noise: random lattice values blended with a
// smoothstep, periodic so any point (including per-organ offsets) samples it.
// Output lies in [-1, 1] with a standard deviation of about 0.3.
type noiseField struct {
	n    [3]int
	cell float64
	v    []float32
}

// newNoiseField covers extent millimetres (per axis) with cells of cell mm.
func newNoiseField(rng *rand.Rand, cell float64, extent vec3) *noiseField {
	f := &noiseField{cell: cell}
	total := 1
	for a := range f.n {
		f.n[a] = max(2, int(math.Ceil(extent[a]/cell)))
		total *= f.n[a]
	}
	f.v = make([]float32, total)
	for i := range f.v {
		f.v[i] = float32(2*rng.Float64() - 1)
	}
	return f
}

// at samples the field at world point p.
func (f *noiseField) at(p vec3) float64 {
	var i0, i1 [3]int
	var w [3]float64
	for a := 0; a < 3; a++ {
		u := p[a] / f.cell
		fl := math.Floor(u)
		t := u - fl
		w[a] = t * t * (3 - 2*t)
		i := int(fl) % f.n[a]
		if i < 0 {
			i += f.n[a]
		}
		i0[a] = i
		i1[a] = i + 1
		if i1[a] == f.n[a] {
			i1[a] = 0
		}
	}
	nx, nxy := f.n[0], f.n[0]*f.n[1]
	at := func(i, j, k int) float64 { return float64(f.v[i+nx*j+nxy*k]) }
	c00 := at(i0[0], i0[1], i0[2])*(1-w[0]) + at(i1[0], i0[1], i0[2])*w[0]
	c10 := at(i0[0], i1[1], i0[2])*(1-w[0]) + at(i1[0], i1[1], i0[2])*w[0]
	c01 := at(i0[0], i0[1], i1[2])*(1-w[0]) + at(i1[0], i0[1], i1[2])*w[0]
	c11 := at(i0[0], i1[1], i1[2])*(1-w[0]) + at(i1[0], i1[1], i1[2])*w[0]
	c0 := c00*(1-w[1]) + c10*w[1]
	c1 := c01*(1-w[1]) + c11*w[1]
	return c0*(1-w[2]) + c1*w[2]
}
