package phantom

import (
	"math"
	"math/rand/v2"

	"github.com/segtui/segtui/datasets"
)

// DefaultSeed is the seed segtui uses when it starts with no data.
const DefaultSeed int64 = 1

// CaseID names the phantom case in the FLARE22 file layout.
const CaseID = "PHANTOM_0001"

// Phantom geometry: 256x256x64 voxels of 1.4x1.4x3 mm, covering 358 mm
// in-plane and 192 mm head-to-foot (liver dome to below the kidneys).
// World z = 0 lies at the L1-L2 disc, near the renal hila.
const (
	phantomNX, phantomNY, phantomNZ = 256, 256, 64
	phantomSXY, phantomSZ           = 1.4, 3.0
	phantomZ0                       = -105.0 // world z of slice 0 (inferior)
)

// scannerNoiseHU is the standard deviation of the quantum noise added last.
const scannerNoiseHU = 12

// Grid is the phantom's grid. It stores voxels LPS like most CT (i toward the patient's left,
// j toward posterior, k toward superior), so the RAS affine is
// diag(-sx, -sy, sz): readers and viewers must honour the flips.
func Grid() datasets.Grid {
	half := phantomSXY * (phantomNX - 1) / 2
	halfY := phantomSXY * (phantomNY - 1) / 2
	return datasets.Grid{
		Dim:     [3]int{phantomNX, phantomNY, phantomNZ},
		Spacing: [3]float64{phantomSXY, phantomSXY, phantomSZ},
		Affine: datasets.Affine{
			{-phantomSXY, 0, 0, half},
			{0, -phantomSXY, 0, halfY},
			{0, 0, phantomSZ, phantomZ0},
			{0, 0, 0, 1},
		},
	}
}

// phantomFields are the seeded noise fields shared by the anatomy.
type phantomFields struct {
	shape   *noiseField // organ surface deformation, ~2 cm features
	texture *noiseField // parenchymal texture, ~5 mm features
	bowel   *noiseField // small-bowel loop layout
}

// New builds a synthetic contrast-enhanced abdominal CT (int16 HU) and its
// FLARE22 label map. The same seed always gives the same voxels; the seed
// moves organs by a few millimetres and changes every noise pattern.
func New(seed int64) (*datasets.Volume, *datasets.LabelMap) {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5e67a1d0c7))
	g := Grid()
	extent := vec3{phantomSXY * phantomNX, phantomSXY * phantomNY, phantomSZ * phantomNZ}
	fields := phantomFields{
		shape:   newNoiseField(rng, 18, extent),
		texture: newNoiseField(rng, 4.5, extent),
		bowel:   newNoiseField(rng, 16, extent),
	}
	structs := phantomAnatomy(rng, fields)

	codes := make([]uint8, g.Len())
	hu := make([]float32, g.Len())
	paintBody(g, codes, hu)
	for _, s := range structs {
		paintStructure(g, s, codes, hu)
	}
	separateOrgans(g, structs, codes, hu)
	addTexture(g, structs, fields.texture, codes, hu)
	blurInPlane(g, hu)

	// Nifti stays nil: the writer derives sform and qform from the affine.
	vol := &datasets.Volume{Grid: g, Voxels: hu, DataType: datasets.Int16}
	lab := &datasets.LabelMap{Grid: g, Labels: make([]uint16, g.Len()), DataType: datasets.Uint8}
	for v, c := range codes {
		if c >= 1 && c <= 13 {
			lab.Labels[v] = uint16(c)
		}
		n := float64(hu[v]) + scannerNoiseHU*rng.NormFloat64()
		hu[v] = float32(min(max(math.Round(n), -1024), 3071))
	}
	return vol, lab
}

// phantomWorld returns the RAS millimetres of voxel (i, j, k) of the phantom grid.
func phantomWorld(i, j, k int) vec3 {
	return vec3{
		phantomSXY*(phantomNX-1)/2 - phantomSXY*float64(i),
		phantomSXY*(phantomNY-1)/2 - phantomSXY*float64(j),
		phantomZ0 + phantomSZ*float64(k),
	}
}

// voxelRange converts a world box to the inclusive voxel index box it covers.
func voxelRange(lo, hi vec3) (from, to [3]int) {
	a := phantomWorld(0, 0, 0)
	idx := func(w, origin, step float64) float64 { return (w - origin) / step }
	i0, i1 := idx(hi[0], a[0], -phantomSXY), idx(lo[0], a[0], -phantomSXY)
	j0, j1 := idx(hi[1], a[1], -phantomSXY), idx(lo[1], a[1], -phantomSXY)
	k0, k1 := idx(lo[2], a[2], phantomSZ), idx(hi[2], a[2], phantomSZ)
	dims := [3]int{phantomNX, phantomNY, phantomNZ}
	f := [3]float64{i0, j0, k0}
	t := [3]float64{i1, j1, k1}
	for a := 0; a < 3; a++ {
		from[a] = max(0, int(math.Floor(f[a])))
		to[a] = min(dims[a]-1, int(math.Ceil(t[a])))
	}
	return from, to
}

// paintStructure claims the still-free voxels inside s, so structures listed
// first win where shapes overlap and labels stay a partition.
func paintStructure(g datasets.Grid, s structure, codes []uint8, hu []float32) {
	from, to := voxelRange(s.shape.bounds(0))
	for k := from[2]; k <= to[2]; k++ {
		for j := from[1]; j <= to[1]; j++ {
			v := g.Index(from[0], j, k)
			for i := from[0]; i <= to[0]; i, v = i+1, v+1 {
				c := codes[v]
				if c != tFat && !(s.thoracic && (c == tLung || c == tDiaphragm)) {
					continue
				}
				p := phantomWorld(i, j, k)
				if f := s.shape.eval(p); f < 1 {
					codes[v] = s.code
					hu[v] = float32(s.hu(p, f))
				}
			}
		}
	}
}

// separateOrgans turns a structure's voxels that touch a higher-priority
// structure, bone or muscle into fat, so neighbouring organs are parted by
// a thin fat plane as on real CT.
func separateOrgans(g datasets.Grid, structs []structure, codes []uint8, hu []float32) {
	var rank [256]int
	for c := range rank {
		rank[c] = -1 // fat and air never force a gap
	}
	for _, c := range []uint8{tMuscle, tDiaphragm, tCortical, tCancellous, tDisc, tCanal, tLung, tRib, tCartilage} {
		rank[c] = 0
	}
	for n, s := range structs {
		rank[s.code] = n + 1
	}
	orig := append([]uint8(nil), codes...)
	nx, nxy := g.Dim[0], g.Dim[0]*g.Dim[1]
	neigh := []int{-1, 1, -nx, nx, -nx - 1, -nx + 1, nx - 1, nx + 1, -nxy, nxy}
	for k := 1; k < g.Dim[2]-1; k++ {
		for j := 1; j < g.Dim[1]-1; j++ {
			for i := 1; i < g.Dim[0]-1; i++ {
				v := g.Index(i, j, k)
				c := orig[v]
				if rank[c] <= 0 {
					continue
				}
				for _, d := range neigh {
					o := orig[v+d]
					if o != c && rank[o] >= 0 && rank[o] < rank[c] {
						codes[v], hu[v] = tFat, fatHU
						break
					}
				}
			}
		}
	}
}

// addTexture adds smooth correlated variation, scaled per tissue.
func addTexture(g datasets.Grid, structs []structure, tex *noiseField, codes []uint8, hu []float32) {
	_, amp := bodyTissues()
	for _, s := range structs {
		amp[s.code] = s.tex
	}
	v := 0
	for k := 0; k < g.Dim[2]; k++ {
		for j := 0; j < g.Dim[1]; j++ {
			for i := 0; i < g.Dim[0]; i, v = i+1, v+1 {
				if a := amp[codes[v]]; a != 0 {
					hu[v] += float32(a * 3 * tex.at(phantomWorld(i, j, k)))
				}
			}
		}
	}
}

// blurInPlane applies a [1 4 1]/6 kernel along i and j: a scanner's point
// spread softens edges, and hard binary edges look synthetic.
func blurInPlane(g datasets.Grid, hu []float32) {
	nx, ny := g.Dim[0], g.Dim[1]
	row := make([]float32, max(nx, ny))
	for k := 0; k < g.Dim[2]; k++ {
		s := hu[k*nx*ny : (k+1)*nx*ny]
		for j := 0; j < ny; j++ {
			r := s[j*nx : (j+1)*nx]
			copy(row, r)
			for i := 1; i < nx-1; i++ {
				r[i] = (row[i-1] + 4*row[i] + row[i+1]) / 6
			}
		}
		for i := 0; i < nx; i++ {
			for j := 0; j < ny; j++ {
				row[j] = s[j*nx+i]
			}
			for j := 1; j < ny-1; j++ {
				s[j*nx+i] = (row[j-1] + 4*row[j] + row[j+1]) / 6
			}
		}
	}
}
