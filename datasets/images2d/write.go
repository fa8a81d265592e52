package images2d

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"slices"
	"strings"

	"github.com/segtui/segtui/datasets"
)

// SavedMaskKind is the kind a set's labels are saved in: its own, except
// that instance sets (SAM-Med2D) get one label-id image, since splitting a
// label map into per-instance files needs instance ids it does not hold.
func SavedMaskKind(kind datasets.MaskKind) datasets.MaskKind {
	if kind == datasets.MaskInstance || kind == "" {
		return datasets.MaskLabelIDs
	}
	return kind
}

// CheckMask reports why l cannot be saved as a mask of this kind so that
// ReadMask with the same kind and classes reads back every pixel: a
// binary mask holds one class (id 1), a palette mask only ids whose colour
// leads back to them.
func CheckMask(l *datasets.LabelMap, kind datasets.MaskKind, classes datasets.ClassTable) error {
	if l.Dim[2] != 1 || l.Dim[0] <= 0 || l.Dim[1] <= 0 || len(l.Labels) != l.Dim[0]*l.Dim[1] {
		return fmt.Errorf("a 2-D mask needs one slice of labels; found %s with %d values", l.ShapeString(), len(l.Labels))
	}
	ids := presentIDs(l.Labels)
	switch SavedMaskKind(kind) {
	case datasets.MaskBinary:
		if fg := nonzero(ids); len(fg) > 1 || (len(fg) == 1 && fg[0] != 1) {
			return fmt.Errorf("this set's masks are binary 0/255 and hold one class, %s; labelled: %s",
				className(classes, 1), classList(classes, fg))
		}
	case datasets.MaskPalette:
		back := paletteIDs(classes)
		var bad []uint16
		for _, id := range ids {
			if c, ok := paletteColor(classes, id); !ok || back[c] != id {
				bad = append(bad, id)
			}
		}
		if len(bad) > 0 {
			return fmt.Errorf("this set's masks use the %s palette, which has no colour of its own for %s",
				datasets.SanitizeName(classes.Name), classList(classes, bad))
		}
	case datasets.MaskLabelIDs:
	default:
		return fmt.Errorf("mask kind %q cannot be written; expected %s, %s, %s or %s",
			kind, datasets.MaskLabelIDs, datasets.MaskBinary, datasets.MaskPalette, datasets.MaskInstance)
	}
	return nil
}

// EncodeMask writes l as a PNG in the mask kind of its set (see
// SavedMaskKind): grey class ids (16-bit only when an id exceeds 255),
// 0/255 grey, or opaque RGB in the palette of classes. Pixels are in
// storage order, the inverse of ReadMask. Nothing is written when
// CheckMask refuses.
func EncodeMask(w io.Writer, l *datasets.LabelMap, kind datasets.MaskKind, classes datasets.ClassTable) error {
	if err := CheckMask(l, kind, classes); err != nil {
		return err
	}
	r := image.Rect(0, 0, l.Dim[0], l.Dim[1])
	switch SavedMaskKind(kind) {
	case datasets.MaskBinary:
		im := image.NewGray(r)
		for i, id := range l.Labels {
			if id != 0 {
				im.Pix[i] = 255
			}
		}
		return png.Encode(w, im)
	case datasets.MaskPalette:
		im := image.NewRGBA(r) // opaque RGBA is stored as 8-bit RGB
		for i, id := range l.Labels {
			c, _ := paletteColor(classes, id)
			copy(im.Pix[4*i:4*i+4], []uint8{c.R, c.G, c.B, 255})
		}
		return png.Encode(w, im)
	}
	if slices.Max(l.Labels) > 255 {
		im := image.NewGray16(r)
		for i, id := range l.Labels {
			im.Pix[2*i], im.Pix[2*i+1] = uint8(id>>8), uint8(id)
		}
		return png.Encode(w, im)
	}
	im := image.NewGray(r)
	for i, id := range l.Labels {
		im.Pix[i] = uint8(id)
	}
	return png.Encode(w, im)
}

// WriteMask writes l to path atomically with EncodeMask and returns a
// short description of the format written, for messages.
func WriteMask(path string, l *datasets.LabelMap, kind datasets.MaskKind, classes datasets.ClassTable) (string, error) {
	if err := CheckMask(l, kind, classes); err != nil {
		return "", fmt.Errorf("%s not written: %w", path, err)
	}
	if err := datasets.WriteFileAtomic(path, func(w io.Writer) error { return EncodeMask(w, l, kind, classes) }); err != nil {
		return "", err
	}
	return MaskFormat(l, kind, classes), nil
}

// MaskFormat describes the file EncodeMask makes of l, e.g. "binary
// 0/255 PNG" or "GID palette RGB PNG".
func MaskFormat(l *datasets.LabelMap, kind datasets.MaskKind, classes datasets.ClassTable) string {
	switch SavedMaskKind(kind) {
	case datasets.MaskBinary:
		return "binary 0/255 PNG"
	case datasets.MaskPalette:
		return datasets.SanitizeName(classes.Name) + " palette RGB PNG"
	}
	bits := "8-bit"
	if len(l.Labels) > 0 && slices.Max(l.Labels) > 255 {
		bits = "16-bit"
	}
	if kind == datasets.MaskInstance {
		return "label-id PNG, " + bits + " (one file of class ids, not per-instance masks)"
	}
	return "label-id PNG, " + bits
}

// paletteIDs maps each palette colour to the id ReadMask decodes it as:
// black is background unless a class claims it; a later class wins a
// shared colour.
func paletteIDs(classes datasets.ClassTable) map[color.RGBA]uint16 {
	ids := map[color.RGBA]uint16{{0, 0, 0, 255}: 0}
	for _, c := range classes.Classes {
		ids[color.RGBA{c.Color.R, c.Color.G, c.Color.B, 255}] = c.ID
	}
	return ids
}

// paletteColor is the opaque colour id is written in (black for 0).
func paletteColor(classes datasets.ClassTable, id uint16) (color.RGBA, bool) {
	if id == 0 {
		return color.RGBA{0, 0, 0, 255}, true
	}
	c, ok := classes.ByID(id)
	return color.RGBA{c.Color.R, c.Color.G, c.Color.B, 255}, ok
}

// presentIDs lists the distinct ids in labels, ascending.
func presentIDs(labels []uint16) []uint16 {
	var seen [1 << 16]bool
	for _, id := range labels {
		seen[id] = true
	}
	var ids []uint16
	for id := range seen {
		if seen[id] {
			ids = append(ids, uint16(id))
		}
	}
	return ids
}

func nonzero(ids []uint16) []uint16 {
	if len(ids) > 0 && ids[0] == 0 {
		return ids[1:]
	}
	return ids
}

// className is "name (id)", or "class id" for ids the table lacks.
func className(classes datasets.ClassTable, id uint16) string {
	if id == 0 {
		return "background (0)"
	}
	if c, ok := classes.ByID(id); ok {
		return fmt.Sprintf("%s (%d)", datasets.SanitizeName(c.Name), id)
	}
	return fmt.Sprintf("class %d", id)
}

func classList(classes datasets.ClassTable, ids []uint16) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = className(classes, id)
	}
	return strings.Join(names, ", ")
}
