package tui

import "github.com/segtui/segtui/datasets"

// classState lets the model rebuild the class table for each case from
// the dataset's table, which Config.Classes holds until the first case
// opens and the open case's table after.
type classState struct {
	dataset *datasets.ClassTable // the dataset's table, kept at the first load
	hinted  bool                 // the "name them with --classes" hint was shown
}

// unnamedHint says once how to name the classes of data nothing names.
const unnamedHint = "classes unnamed: keys 1-9 pick class 1-9; name them with --classes flare22 or --classes FILE"

// caseClasses is the table for a case: the dataset's plus a "class N"
// entry for every ground-truth id it lacks (as eval and info list them);
// when that is empty, "class 1".."class 9" so labelling works at once.
func (m *Model) caseClasses(gt *datasets.LabelMap) (t datasets.ClassTable, unnamed bool) {
	if m.cfg.classes.dataset == nil {
		ds := m.cfg.Classes
		m.cfg.classes.dataset = &ds
	}
	t = m.cfg.classes.dataset.ForLabels(gt)
	if len(t.Classes) == 0 {
		return datasets.UnnamedClasses(), true
	}
	return t, false
}

// useClasses makes t the table the panes, keys and overlays use, keeping
// the active class when the new table has it and re-measuring the class
// pane for the new names.
func (m *Model) useClasses(t datasets.ClassTable) {
	prev, had := m.activeClass()
	m.cfg.Classes = t
	m.needs = measureLayout(m.cfg)
	m.class = 0
	for i, c := range t.Classes {
		if had && c.ID == prev.ID {
			m.class = i
		}
	}
}
