package tui

import (
	"fmt"
	"slices"

	"github.com/segtui/segtui/datasets"
)

// LoadLabels starts the session from saved labels (the case's label file):
// the whole map, and the slices that count as labelled, with their
// classes. It is the base the journal replays onto, not an edit: there is
// nothing to undo and nothing unsaved. With no scopes (nil), every axial
// slice that has a label counts, for all classes.
func (s *Session) LoadLabels(l *datasets.LabelMap, scopes map[sliceKey]classScope) error {
	if len(l.Labels) != len(s.Edit.Labels) || !s.Image.SameGrid(l.Grid) {
		return fmt.Errorf("labels are %s, the image %s", l.ShapeString(), s.Image.ShapeString())
	}
	v := s.Image.View(datasets.Axial)
	if scopes == nil {
		scopes = map[sliceKey]classScope{}
		for n := range v.Depth {
			lab, _ := l.Slice(datasets.Axial, n)
			if slices.ContainsFunc(lab, func(id uint16) bool { return id != 0 }) {
				scopes[sliceKey{datasets.Axial, n}] = allClasses()
			}
		}
	}
	for k := range scopes {
		if k.Plane < datasets.Axial || k.Plane > datasets.Sagittal {
			return fmt.Errorf("labelled slice on plane %d", int(k.Plane))
		}
		if d := s.Image.View(k.Plane).Depth; k.N < 0 || k.N >= d {
			return fmt.Errorf("labelled %s slice %d is outside 0..%d", k.Plane, k.N, d-1)
		}
	}
	copy(s.Edit.Labels, l.Labels)
	if l.DataType == datasets.Uint16 {
		s.Edit.DataType = datasets.Uint16
	}
	s.applied++
	for k, sc := range scopes {
		if !sc.Labelled() {
			continue
		}
		s.labelled[k] = sc
		if s.GT != nil {
			s.recordDice(k, sc)
		}
	}
	return nil
}
