package metrics

import (
	"fmt"
	"math"
)

// Surfaces are the surface elements (surfels) of a ground-truth and a
// predicted mask, each with its area (mm², or mm of contour in 2-D) and its
// distance (mm) to the nearest point of the other mask's surface. This is
// the surface-distance method (Nikolov et al.) behind the official FLARE22
// NSD: surfels come from every 2x2x2 (2x2 in 2-D) neighbourhood of voxels
// that is neither all inside nor all outside, sit on the voxel corners, and
// are weighted by their marching-cubes area for the spacing; distances come
// from exact Euclidean distance transforms of the other surface. Counting
// boundary voxels instead gives different numbers on small structures.
type Surfaces struct {
	GTToPred []float64 // per ground-truth surfel: distance to the predicted surface (+Inf if none)
	GTArea   []float64
	PredToGT []float64 // per predicted surfel: distance to the ground-truth surface (+Inf if none)
	PredArea []float64
}

// DiceAtTolerance is the normalised surface Dice: the surfel area of each
// surface lying within tol mm of the other, over both total areas. Two empty
// masks give NaN (0/0), as in the reference; callers apply the FLARE22
// conventions before getting here.
func (s Surfaces) DiceAtTolerance(tol float64) float64 {
	var inGT, inPred, allGT, allPred float64
	for i, d := range s.GTToPred {
		allGT += s.GTArea[i]
		if d <= tol {
			inGT += s.GTArea[i]
		}
	}
	for i, d := range s.PredToGT {
		allPred += s.PredArea[i]
		if d <= tol {
			inPred += s.PredArea[i]
		}
	}
	return (inGT + inPred) / (allGT + allPred)
}

// SurfaceDistances3D finds the surfels of two binary volumes stored i
// fastest (dim[0]), then j, then k, with the given voxel spacing in mm.
func SurfaceDistances3D(gt, pred []bool, dim [3]int, spacing [3]float64) (Surfaces, error) {
	if err := checkMasks(gt, pred, dim[0]*dim[1]*dim[2], fmt.Sprintf("%dx%dx%d", dim[0], dim[1], dim[2])); err != nil {
		return Surfaces{}, err
	}
	if err := checkSpacing(spacing[:]); err != nil {
		return Surfaces{}, err
	}
	st := maskStats(gt, pred, dim)
	if st.box.empty() {
		return Surfaces{}, nil
	}
	var w scratch
	_, s := cropMasks(gt, pred, dim, st.box, &w).nsd(spacing, 0, true, &w)
	return s, nil
}

// SurfaceDistances2D does the same for one slice stored row by row (x
// fastest), with spacing {x, y} in mm; surfels are contour segments.
func SurfaceDistances2D(gt, pred []bool, width, height int, spacing [2]float64) (Surfaces, error) {
	if err := checkMasks(gt, pred, width*height, fmt.Sprintf("%dx%d", width, height)); err != nil {
		return Surfaces{}, err
	}
	if err := checkSpacing(spacing[:]); err != nil {
		return Surfaces{}, err
	}
	return surfaces(gt, pred, []int{width, height}, spacing[:]), nil
}

func checkMasks(gt, pred []bool, n int, shape string) error {
	if len(gt) != n || len(pred) != n {
		return fmt.Errorf("surface distance: a %s grid has %d voxels but ground truth has %d and prediction %d", shape, n, len(gt), len(pred))
	}
	return nil
}

func checkSpacing(s []float64) error {
	for a, v := range s {
		if !(v > 0) || math.IsInf(v, 1) {
			return fmt.Errorf("surface distance: spacing along axis %d is %g, expected a positive finite size in mm", a, v)
		}
	}
	return nil
}

// surfaces works on 2-D or 3-D grids (axis 0 fastest); 3-D volumes take
// the faster crop3 route, this one stays as its reference in the tests. It crops to the
// bounding box of both masks first; corners outside the crop are all
// background, so this changes nothing but the work done.
func surfaces(gt, pred []bool, dims []int, spacing []float64) Surfaces {
	lo, hi, ok := boundingBox(gt, pred, dims)
	if !ok {
		return Surfaces{}
	}
	// Corner grid: corner c along an axis sits between voxels lo+c-1 and
	// lo+c, so a box of n voxels has n+1 corners.
	cdims := make([]int, len(dims))
	total := 1
	for a := range dims {
		cdims[a] = hi[a] - lo[a] + 2
		total *= cdims[a]
	}
	codeGT := neighbourCodes(gt, dims, lo, cdims, total)
	codePred := neighbourCodes(pred, dims, lo, cdims, total)
	full := 1<<(1<<len(dims)) - 1
	borderGT := make([]bool, total)
	borderPred := make([]bool, total)
	for i := range codeGT {
		borderGT[i] = codeGT[i] != 0 && int(codeGT[i]) != full
		borderPred[i] = codePred[i] != 0 && int(codePred[i]) != full
	}
	distGT := edt(borderGT, cdims, spacing)
	distPred := edt(borderPred, cdims, spacing)
	var area []float64
	if len(dims) == 3 {
		a := surfelAreas3D([3]float64{spacing[0], spacing[1], spacing[2]})
		area = a[:]
	} else {
		a := contourLengths2D([2]float64{spacing[0], spacing[1]})
		area = a[:]
	}
	var s Surfaces
	for i := 0; i < total; i++ {
		if borderGT[i] {
			s.GTToPred = append(s.GTToPred, distPred[i])
			s.GTArea = append(s.GTArea, area[codeGT[i]])
		}
		if borderPred[i] {
			s.PredToGT = append(s.PredToGT, distGT[i])
			s.PredArea = append(s.PredArea, area[codePred[i]])
		}
	}
	return s
}

// boundingBox returns the inclusive voxel bounds of gt|pred.
func boundingBox(gt, pred []bool, dims []int) (lo, hi []int, ok bool) {
	lo = make([]int, len(dims))
	hi = make([]int, len(dims))
	for a := range dims {
		lo[a], hi[a] = dims[a], -1
	}
	coord := make([]int, len(dims))
	for i := range gt {
		if gt[i] || pred[i] {
			for a := range dims {
				lo[a] = min(lo[a], coord[a])
				hi[a] = max(hi[a], coord[a])
			}
			ok = true
		}
		increment(coord, dims)
	}
	return lo, hi, ok
}

// increment advances an axis-0-fastest coordinate by one point.
func increment(coord, dims []int) {
	for a := range coord {
		coord[a]++
		if coord[a] < dims[a] {
			return
		}
		coord[a] = 0
	}
}

// neighbourCodes computes each corner's neighbourhood code. The voxel at
// offset (d0, d1[, d2]) in {0,1} from the corner's lower voxel carries bit
// 1 << (2^n - 1 - index), with index = d_last + 2*d_{last-1} + ..., i.e. the
// weights of the reference's correlation kernel (axis 0 most significant).
func neighbourCodes(mask []bool, dims, lo, cdims []int, total int) []uint8 {
	n := len(dims)
	strides := make([]int, n)
	st := 1
	for a := range dims {
		strides[a] = st
		st *= dims[a]
	}
	codes := make([]uint8, total)
	corners := 1 << n
	c := make([]int, n)
	for i := 0; i < total; i++ {
		var code uint8
		for off := 0; off < corners; off++ {
			// off's bits, most significant first, are the offsets along axes 0..n-1.
			idx, inside := 0, true
			for a := 0; a < n; a++ {
				d := off >> (n - 1 - a) & 1
				v := lo[a] + c[a] - 1 + d
				if v < lo[a] || v >= lo[a]+cdims[a]-1 {
					inside = false
					break
				}
				idx += v * strides[a]
			}
			if inside && mask[idx] {
				code |= 1 << (corners - 1 - off)
			}
		}
		codes[i] = code
		increment(c, cdims)
	}
	return codes
}
