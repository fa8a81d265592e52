package dicom

import "fmt"

// expandFrames turns the files of a series into one record per frame: a
// single-frame file stays as it is; each frame of a multi-frame file gets
// its placement from the functional groups (enhanced images: the frame's
// own over the shared ones over the top level) or, for classic
// multi-frame images, which place only their first frame, from the
// top-level position stepped along the slice normal by SpacingBetweenSlices
// (else SliceThickness, else 1 mm) per frame, from the origin along z when
// the file has no position (a cine or a secondary capture). The frames are
// then sorted and checked like the files of a series.
func expandFrames(files []*dicomSlice) ([]*dicomSlice, error) {
	var out []*dicomSlice
	for _, s := range files {
		switch {
		case s.frames == 1 && !s.hasGroups:
			out = append(out, s)
			continue
		case len(s.perFrame) != 0 && len(s.perFrame) != s.frames:
			return nil, fmt.Errorf("%s: PerFrameFunctionalGroupsSequence (5200,9230) has %d items but NumberOfFrames is %d; expected one item per frame",
				s.path, len(s.perFrame), s.frames)
		}
		base := s.placement.over(s.shared)
		var step [3]float64
		if !s.hasGroups {
			if !s.hasIOP {
				base.iop, base.hasIOP = [6]float64{1, 0, 0, 0, 1, 0}, true
			}
			base.hasIPP = true
			_, _, normal, err := sliceAxes(&dicomSlice{placement: base})
			if err != nil {
				return nil, fmt.Errorf("%s: %w", s.path, err)
			}
			d := 1.0
			switch {
			case s.hasBetween && s.between > 0:
				d = s.between
			case s.hasThickness && s.thickness > 0:
				d = s.thickness
			}
			step = vecScale(normal, d)
		}
		for k := 0; k < s.frames; k++ {
			f := *s
			f.frame, f.multiframe = k, s.frames > 1
			f.shared, f.perFrame = placement{}, nil
			f.placement = base
			if len(s.perFrame) > 0 {
				f.placement = base.over(s.perFrame[k])
			}
			if !s.hasGroups {
				f.ipp = vecAdd(base.ipp, vecScale(step, float64(k)))
			}
			out = append(out, &f)
		}
	}
	return out, nil
}

func vecAdd(a, b [3]float64) [3]float64 { return [3]float64{a[0] + b[0], a[1] + b[1], a[2] + b[2]} }
