package dicom

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/internal/formatutil"
)

const (
	// dicomCosineTol is how far direction cosines may differ between
	// slices (or from unit length and orthogonality) and still count as
	// the same orientation; headers print them with about 6 decimals.
	dicomCosineTol = 1e-4
	// dicomGapTol bounds the spread of slice steps: the larger of 0.01 mm
	// and 1% of the mean step, above the rounding of printed positions yet
	// far below a missing slice.
	dicomGapAbsTol = 0.01
	dicomGapRelTol = 0.01
	// maxGapsListed keeps the non-uniform spacing error readable.
	maxGapsListed = 12
)

// dicomLPSToRAS flips DICOM's LPS patient axes into our RAS+, exactly as
// the NRRD reader does for "left-posterior-superior".
var dicomLPSToRAS = [3]float64{-1, -1, 1}

// assembleDICOM checks that the frames of files (one per slice, or
// multi-frame) form one regular volume and reads it: frames sorted along
// the normal of their orientation, the slice step from the positions,
// values in physical units (Hounsfield for CT).
func assembleDICOM(files []*dicomSlice) (*datasets.Volume, error) {
	if len(files) == 0 {
		return nil, fmt.Errorf("no DICOM image files")
	}
	for _, s := range files {
		if err := s.checkPixelFormat(); err != nil {
			return nil, fmt.Errorf("%s: %w", s.path, err)
		}
	}
	slices, err := expandFrames(files)
	if err != nil {
		return nil, err
	}
	if err := checkSameSeries(slices); err != nil {
		return nil, err
	}
	row, col, normal, err := sliceAxes(slices[0])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", slices[0].name(), err)
	}
	sorted := append([]*dicomSlice(nil), slices...)
	sort.SliceStable(sorted, func(a, b int) bool { return vecDot(normal, sorted[a].ipp) < vecDot(normal, sorted[b].ipp) })
	step, err := sliceStep(sorted, normal)
	if err != nil {
		return nil, err
	}
	first := sorted[0]
	spacing := [2]float64{1, 1}
	if first.hasSpacing {
		spacing = first.pixelSpacing
	}
	g := datasets.Grid{Dim: [3]int{first.cols, first.rows, len(sorted)}}
	if err := g.CheckSize(); err != nil {
		return nil, fmt.Errorf("DICOM series of %s: %w", first.path, err)
	}
	cols := [3][3]float64{vecScale(row, spacing[1]), vecScale(col, spacing[0]), step}
	a := datasets.IdentityAffine()
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			a[r][c] = dicomLPSToRAS[r]*cols[c][r] + 0 // + 0: no negative zeros in printed affines
		}
		a[r][3] = dicomLPSToRAS[r]*first.ipp[r] + 0
	}
	g.Affine, g.Spacing = a, datasets.SpacingFromAffine(a)
	v := &datasets.Volume{Grid: g, DataType: first.dataType(), Path: first.path}
	v.Voxels = make([]float32, g.Len())
	if first.samples == 3 {
		v.RGB = make([]uint8, 3*g.Len())
	}
	if err := readFrames(sorted, v.Voxels, v.RGB); err != nil {
		return nil, err
	}
	if first.photometric == "MONOCHROME1" && !strings.EqualFold(first.modality, "CT") {
		invertRange(v.Voxels)
	}
	return v, nil
}

// colourPhotometric are the colour models of 3-sample images segtui reads;
// the YBR ones other than YBR_FULL occur only compressed, and their codecs
// return RGB.
var colourPhotometric = map[string]bool{"RGB": true, "YBR_FULL": true, "YBR_FULL_422": true, "YBR_ICT": true, "YBR_RCT": true}

// checkPixelFormat refuses what the decoder cannot turn into one grey (or
// RGB) value per voxel.
func (s *dicomSlice) checkPixelFormat() error {
	switch {
	case s.floatPixels != "":
		return fmt.Errorf("the image is %s; segtui reads integer Pixel Data (7FE0,0010) only", s.floatPixels)
	case !s.hasPixels:
		return fmt.Errorf("no Pixel Data (7FE0,0010)")
	case s.frames < 1 || s.frames > maxFrames:
		return fmt.Errorf("NumberOfFrames is %d; expected 1..%d", s.frames, maxFrames)
	case s.samples != 1 && s.samples != 3:
		return fmt.Errorf("SamplesPerPixel is %d (photometric %q); expected 1 (greyscale) or 3 (colour)", s.samples, datasets.Clip(s.photometric))
	case s.samples == 3 && s.bitsAlloc != 8:
		return fmt.Errorf("colour image with BitsAllocated %d; segtui reads 8-bit colour only", s.bitsAlloc)
	case s.samples == 3 && !colourPhotometric[s.photometric]:
		return fmt.Errorf("PhotometricInterpretation is %q for 3 samples; expected RGB or YBR_FULL (or YBR_FULL_422, YBR_ICT, YBR_RCT in compressed files)", datasets.Clip(s.photometric))
	case s.samples == 1 && s.photometric != "" && s.photometric != "MONOCHROME1" && s.photometric != "MONOCHROME2":
		return fmt.Errorf("PhotometricInterpretation is %q; expected MONOCHROME1 or MONOCHROME2", datasets.Clip(s.photometric))
	case s.rows <= 0 || s.cols <= 0:
		return fmt.Errorf("image is %d rows x %d columns; expected both positive (Rows (0028,0010), Columns (0028,0011))", s.rows, s.cols)
	case s.bitsAlloc != 8 && s.bitsAlloc != 16:
		return fmt.Errorf("BitsAllocated is %d; expected 8 or 16", s.bitsAlloc)
	case s.bitsStored < 1 || s.bitsStored > s.bitsAlloc:
		return fmt.Errorf("BitsStored is %d; expected 1..%d (BitsAllocated)", s.bitsStored, s.bitsAlloc)
	case s.highBit < s.bitsStored-1 || s.highBit >= s.bitsAlloc:
		return fmt.Errorf("HighBit is %d; expected %d..%d for BitsStored %d", s.highBit, s.bitsStored-1, s.bitsAlloc-1, s.bitsStored)
	case s.pixelRep != 0 && s.pixelRep != 1:
		return fmt.Errorf("PixelRepresentation is %d; expected 0 (unsigned) or 1 (signed)", s.pixelRep)
	case s.slope == 0:
		return fmt.Errorf("RescaleSlope is 0; every voxel would have the intercept's value")
	case s.hasSpacing && !(s.pixelSpacing[0] > 0 && s.pixelSpacing[1] > 0):
		// Zero makes the affine singular; a negative distance mirrors the image.
		return fmt.Errorf("PixelSpacing (0028,0030) is %g\\%g; expected two positive distances in mm (row spacing\\column spacing)",
			s.pixelSpacing[0], s.pixelSpacing[1])
	}
	if s.encapsulated {
		// Each frame's decoder checks its size against the header; every
		// frame needs at least an 8-byte fragment item.
		if int64(s.frames) > s.pixelLength/8 {
			return fmt.Errorf("NumberOfFrames is %d but the encapsulated pixel data is %d bytes, too short for one fragment per frame: %w", s.frames, s.pixelLength, errTruncated)
		}
		return nil
	}
	if need := int64(s.frames) * int64(s.rows) * int64(s.cols) * int64(s.samples) * int64(s.bitsAlloc/8); s.pixelLength < need {
		frames := ""
		if s.frames > 1 {
			frames = fmt.Sprintf("%d frames of ", s.frames)
		}
		return fmt.Errorf("pixel data is %d bytes; %s%d x %d pixels of %d bits need %d: %w",
			s.pixelLength, frames, s.rows, s.cols, s.bitsAlloc*s.samples, need, errTruncated)
	}
	return nil
}

// checkSameSeries refuses slices that cannot be stacked into one grid.
func checkSameSeries(slices []*dicomSlice) error {
	f := slices[0]
	for _, s := range slices[1:] {
		switch {
		case s.rows != f.rows || s.cols != f.cols:
			return fmt.Errorf("%s is %dx%d pixels but %s is %dx%d: a series must have one image size",
				s.name(), s.cols, s.rows, f.name(), f.cols, f.rows)
		case s.patientID != f.patientID:
			return fmt.Errorf("%s and %s have different PatientID but the same SeriesInstanceUID: the series is inconsistent", s.name(), f.name())
		case s.hasSpacing != f.hasSpacing || !within(s.pixelSpacing[0], f.pixelSpacing[0], 1e-4*f.pixelSpacing[0]) ||
			!within(s.pixelSpacing[1], f.pixelSpacing[1], 1e-4*f.pixelSpacing[1]):
			return fmt.Errorf("%s has PixelSpacing %v but %s has %v: a series must have one pixel spacing",
				s.name(), s.pixelSpacing, f.name(), f.pixelSpacing)
		case len(slices) > 1 && (!s.hasIPP || !s.hasIOP || !f.hasIPP || !f.hasIOP):
			missing := s
			if s.hasIPP && s.hasIOP {
				missing = f
			}
			return fmt.Errorf("%s has no ImagePositionPatient (0020,0032) or ImageOrientationPatient (0020,0037): slices of a series cannot be placed without them", missing.name())
		}
		for i := range s.iop {
			if !within(s.iop[i], f.iop[i], dicomCosineTol) {
				return fmt.Errorf("%s has ImageOrientationPatient %v but %s has %v: a series must have one orientation",
					s.name(), s.iop, f.name(), f.iop)
			}
		}
	}
	return nil
}

// sliceAxes returns the unit row direction (along i, the columns), column
// direction (along j, the rows) and their normal, in LPS.
func sliceAxes(s *dicomSlice) (row, col, normal [3]float64, err error) {
	if !s.hasIOP {
		return [3]float64{1, 0, 0}, [3]float64{0, 1, 0}, [3]float64{0, 0, 1}, nil
	}
	row, col = [3]float64{s.iop[0], s.iop[1], s.iop[2]}, [3]float64{s.iop[3], s.iop[4], s.iop[5]}
	if !within(vecNorm(row), 1, 1e-3) || !within(vecNorm(col), 1, 1e-3) || math.Abs(vecDot(row, col)) > 1e-3 {
		return row, col, normal, fmt.Errorf("ImageOrientationPatient %v is not two orthogonal unit vectors", s.iop)
	}
	row, col = vecScale(row, 1/vecNorm(row)), vecScale(col, 1/vecNorm(col))
	return row, col, formatutil.UnitCross(row, col), nil
}

// sliceStep is the LPS vector from one sorted slice to the next: the mean
// of the position differences, each checked against it so that missing or
// duplicate slices are refused rather than stretched over.
func sliceStep(sorted []*dicomSlice, normal [3]float64) ([3]float64, error) {
	n := len(sorted)
	if n == 1 {
		t := sorted[0].thickness
		if t <= 0 {
			t = 1
		}
		return vecScale(normal, t), nil
	}
	gaps := make([]float64, n-1)
	for k := 0; k+1 < n; k++ {
		gaps[k] = vecDot(normal, vecSub(sorted[k+1].ipp, sorted[k].ipp))
		if gaps[k] < dicomGapAbsTol {
			return [3]float64{}, fmt.Errorf("%s and %s are at the same position %v along the slice normal: a series must have one slice per position (several acquisitions or echoes in one series?)",
				sorted[k].name(), sorted[k+1].name(), sorted[k].ipp)
		}
	}
	mean := vecScale(vecSub(sorted[n-1].ipp, sorted[0].ipp), 1/float64(n-1))
	tol := math.Max(dicomGapAbsTol, dicomGapRelTol*vecNorm(mean))
	for k := 0; k+1 < n; k++ {
		if vecNorm(vecSub(vecSub(sorted[k+1].ipp, sorted[k].ipp), mean)) > tol {
			return [3]float64{}, gapError(sorted, gaps, mean)
		}
	}
	return mean, nil
}

func gapError(sorted []*dicomSlice, gaps []float64, mean [3]float64) error {
	var b strings.Builder
	for k, g := range gaps {
		if k == maxGapsListed {
			fmt.Fprintf(&b, ", ... (%d more)", len(gaps)-k)
			break
		}
		if k > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%.3g", g)
	}
	worst, at := 0.0, 0
	for k := range gaps {
		if d := vecNorm(vecSub(vecSub(sorted[k+1].ipp, sorted[k].ipp), mean)); d > worst {
			worst, at = d, k
		}
	}
	return fmt.Errorf("slice positions of the series of %s are not evenly spaced: gaps along the normal %s mm; the step from %s to %s is %.3g mm off the mean step (missing slices, or slices offset within their plane?)",
		sorted[0].name(), b.String(), sorted[at].name(), sorted[at+1].name(), worst)
}

// invertRange maps v to lo+hi-v, so a MONOCHROME1 image (minimum shown
// white) shows as the viewer's larger-is-brighter convention expects.
func invertRange(vals []float32) {
	if len(vals) == 0 {
		return
	}
	lo, hi := vals[0], vals[0]
	for _, x := range vals {
		lo, hi = min(lo, x), max(hi, x)
	}
	for i, x := range vals {
		vals[i] = lo + hi - x
	}
}

func (s *dicomSlice) dataType() datasets.DataType {
	switch {
	case s.samples == 3:
		return datasets.RGB24
	case s.bitsAlloc == 8 && s.pixelRep == 1:
		return datasets.Int8
	case s.bitsAlloc == 8:
		return datasets.Uint8
	case s.pixelRep == 1:
		return datasets.Int16
	}
	return datasets.Uint16
}

func vecDot(a, b [3]float64) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }
func vecSub(a, b [3]float64) [3]float64 {
	return [3]float64{a[0] - b[0], a[1] - b[1], a[2] - b[2]}
}
func vecScale(a [3]float64, f float64) [3]float64 { return [3]float64{a[0] * f, a[1] * f, a[2] * f} }
func vecNorm(a [3]float64) float64                { return math.Sqrt(vecDot(a, a)) }
func within(a, b, tol float64) bool               { return math.Abs(a-b) <= tol }
