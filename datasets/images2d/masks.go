package images2d

import (
	"fmt"
	"image/color"
	"path/filepath"
	"strings"

	"github.com/segtui/segtui/datasets"
)

// ReadMask reads a 2-D mask image of the given kind onto img's grid.
// Palette masks are decoded with the colours of classes (GID's palette
// for GID data); (0,0,0) is background.
func ReadMask(path string, kind datasets.MaskKind, classes datasets.ClassTable, img *datasets.Volume) (*datasets.LabelMap, error) {
	p, err := decodePixels(path)
	if err != nil {
		return nil, err
	}
	if err := checkMaskSize(p, path, img); err != nil {
		return nil, err
	}
	l := &datasets.LabelMap{Grid: img.Grid, Labels: make([]uint16, p.w*p.h), DataType: datasets.Uint8, Path: path}
	switch kind {
	case datasets.MaskPalette:
		return l, paletteLabels(p, path, classes, l.Labels)
	case datasets.MaskBinary:
		return l, binaryLabels(p, path, l.Labels)
	case datasets.MaskLabelIDs, "":
		if p.rgb != nil {
			return nil, fmt.Errorf("%s: colour mask in a set of label-id masks; expected grey values that are class ids", path)
		}
		if p.bits16 {
			l.DataType = datasets.Uint16
		}
		copy(l.Labels, p.grey)
		return l, nil
	}
	return nil, fmt.Errorf("%s: mask kind %q cannot be read as one file", path, kind)
}

func checkMaskSize(p *pixels, path string, img *datasets.Volume) error {
	if img.Dim != [3]int{p.w, p.h, 1} {
		return fmt.Errorf("mask %s is %dx%d but image %s is %s: they must be the same size",
			path, p.w, p.h, img.Path, img.ShapeString())
	}
	return nil
}

func binaryLabels(p *pixels, path string, out []uint16) error {
	if p.rgb != nil {
		return fmt.Errorf("%s: colour mask in a set of binary 0/255 masks", path)
	}
	lossy := isJPEG(path) // JPEG blurs edges: threshold instead of refusing
	for i, g := range p.grey {
		switch {
		case g == 0:
		case g == 255 || (lossy && g >= 128):
			out[i] = 1
		case lossy:
		default:
			return fmt.Errorf("%s: pixel (%d,%d) has value %d; binary masks must be 0 or 255", path, i%p.w, i/p.w, g)
		}
	}
	return nil
}

func paletteLabels(p *pixels, path string, classes datasets.ClassTable, out []uint16) error {
	ids := paletteIDs(classes)
	if p.rgb == nil { // all grey: only black is a palette colour
		for i, g := range p.grey {
			if g != 0 {
				return fmt.Errorf("%s: pixel (%d,%d) has colour (%d,%d,%d), which is not in the %s palette",
					path, i%p.w, i/p.w, g, g, g, classes.Name)
			}
		}
		return nil
	}
	for i := range out {
		c := color.RGBA{p.rgb[3*i], p.rgb[3*i+1], p.rgb[3*i+2], 255}
		id, ok := ids[c]
		if !ok {
			return fmt.Errorf("%s: pixel (%d,%d) has colour (%d,%d,%d), which is not in the %s palette",
				path, i%p.w, i/p.w, c.R, c.G, c.B, classes.Name)
		}
		out[i] = id
	}
	return nil
}

func isJPEG(path string) bool {
	e := strings.ToLower(filepath.Ext(path))
	return e == ".jpg" || e == ".jpeg"
}

// detectMaskKind decides how a set's masks encode classes from the first
// informative one of up to three: any colour means a palette; grey values
// of only 0 and 255 mean binary; other grey values are class ids (returned,
// sorted, for naming). All-black masks say nothing, so the next is tried.
func detectMaskKind(paths []string) (datasets.MaskKind, []uint16, error) {
	for i, path := range paths {
		if i == 3 {
			break
		}
		p, err := decodePixels(path)
		if err != nil {
			return "", nil, err
		}
		if p.rgb != nil {
			return datasets.MaskPalette, nil, nil
		}
		var seen [1 << 16]bool
		binary, nonzero := true, false
		for _, g := range p.grey {
			seen[g] = true
			binary = binary && (g == 0 || g == 255)
			nonzero = nonzero || g != 0
		}
		if !nonzero {
			continue
		}
		if binary {
			return datasets.MaskBinary, nil, nil
		}
		var ids []uint16
		for id := 1; id < len(seen); id++ {
			if seen[id] {
				ids = append(ids, uint16(id))
			}
		}
		return datasets.MaskLabelIDs, ids, nil
	}
	return datasets.MaskLabelIDs, nil, nil
}
