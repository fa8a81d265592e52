package dicom

import (
	"encoding/binary"
	"fmt"
)

// Enhanced multi-frame images keep each frame's position, orientation,
// pixel spacing and rescale in functional groups: one item for every
// frame (per-frame) and one for what all frames share, each holding macro
// sequences of one item with the attributes themselves.
const (
	tagSharedGroups   = 0x52009229
	tagPerFrameGroups = 0x52009230
	tagExtOffsets     = 0x7FE00001
	// maxFrames bounds NumberOfFrames and the per-frame items before
	// anything is sized by them; the volume size limit bounds the rest.
	maxFrames = 1 << 20
)

// groupMacros are the functional group macros that hold placement
// attributes: Plane Position, Plane Orientation, Pixel Measures, Pixel
// Value Transformation.
var groupMacros = map[uint32]bool{
	0x00209113: true,
	0x00209116: true,
	0x00289110: true,
	0x00289145: true,
}

func groupName(tag uint32) string {
	if tag == tagSharedGroups {
		return "SharedFunctionalGroupsSequence (5200,9229)"
	}
	return "PerFrameFunctionalGroupsSequence (5200,9230)"
}

// functionalGroups reads the shared or per-frame functional groups, whose
// header (VR vr, value length n) was just read.
func (d *dicomReader) functionalGroups(s *dicomSlice, tag uint32, vr string, n uint32) error {
	s.hasGroups = true
	return d.sequence(vr, n, 1, func(end int64) error {
		var p placement
		if err := d.elements(end, 2, func(tag uint32, vr string, n uint32) (bool, error) {
			if !groupMacros[tag] {
				return false, nil
			}
			return true, d.sequence(vr, n, 3, func(end int64) error {
				return d.elements(end, 4, func(tag uint32, vr string, n uint32) (bool, error) {
					return d.placementValue(tag, vr, n, &p)
				})
			})
		}); err != nil {
			return err
		}
		if tag == tagSharedGroups {
			s.shared = s.shared.over(p)
			return nil
		}
		if len(s.perFrame) == maxFrames {
			return fmt.Errorf("more than %d items", maxFrames)
		}
		s.perFrame = append(s.perFrame, p)
		return nil
	})
}

// sequence walks a known sequence's items; one written as UN (by a tool
// that copied it from an implicit VR file without knowing its VR) holds
// implicit VR little endian, as CP-246 says.
func (d *dicomReader) sequence(vr string, n uint32, depth int, item func(end int64) error) error {
	if vr != "UN" || !d.explicit {
		return d.items(n, depth, item)
	}
	explicit, order := d.explicit, d.order
	d.explicit, d.order = false, binary.LittleEndian
	defer func() { d.explicit, d.order = explicit, order }()
	return d.items(n, depth, item)
}

// items walks the items of a sequence whose header (value length n) was
// just read, calling item with the end of each item (-1 for an
// undefined-length one, which ends at its delimiter).
func (d *dicomReader) items(n uint32, depth int, item func(end int64) error) error {
	if depth > maxSequenceDepth {
		return fmt.Errorf("sequences nested more than %d deep at byte %d", maxSequenceDepth, d.pos)
	}
	end := int64(-1)
	if n != undefinedLength {
		if err := d.need(int64(n), "sequence"); err != nil {
			return err
		}
		end = d.pos + int64(n)
	}
	for end < 0 || d.pos < end {
		tag, _, m, err := d.header()
		if err != nil {
			return err
		}
		switch {
		case tag == tagSequenceDelim && end < 0:
			return nil
		case tag != tagItem:
			return fmt.Errorf("found %s at byte %d inside a sequence; expected an item (FFFE,E000)", tagString(tag), d.pos-8)
		}
		itemEnd := int64(-1)
		if m != undefinedLength {
			if end >= 0 && d.pos+int64(m) > end {
				return fmt.Errorf("item at byte %d claims %d bytes, past its sequence's end at byte %d", d.pos-8, m, end)
			}
			itemEnd = d.pos + int64(m)
		}
		if err := item(itemEnd); err != nil {
			return err
		}
	}
	if d.pos != end {
		return fmt.Errorf("sequence items end at byte %d, past the sequence's end at byte %d", d.pos, end)
	}
	return nil
}

// elements walks an item's elements up to end (or its item delimiter when
// end is -1), calling visit with each header; an element visit did not
// read (false) is skipped.
func (d *dicomReader) elements(end int64, depth int, visit func(tag uint32, vr string, n uint32) (bool, error)) error {
	for end < 0 || d.pos < end {
		tag, vr, n, err := d.header()
		if err != nil {
			return err
		}
		if tag == tagItemDelim && end < 0 {
			return nil
		}
		if tag == tagItem || tag == tagItemDelim || tag == tagSequenceDelim {
			return fmt.Errorf("found %s at byte %d inside an item; expected its elements", tagString(tag), d.pos-8)
		}
		read, err := visit(tag, vr, n)
		if err != nil {
			return err
		}
		if !read {
			if err := d.skipValue(tag, vr, n, depth); err != nil {
				return err
			}
		}
	}
	if d.pos != end {
		return fmt.Errorf("item elements end at byte %d, past the item's end at byte %d", d.pos, end)
	}
	return nil
}
