package datasets

// ForLabels returns the table with a generic "class N" entry for every id
// in l that it lacks, so every ground-truth class is listed and scored.
// A nil l returns the table as is.
func (t ClassTable) ForLabels(l *LabelMap) ClassTable {
	if l == nil {
		return t
	}
	return t.WithIDs(labelIDs(l.Labels))
}

// labelIDs lists the distinct non-zero ids in labels, ascending; a flag
// array instead of a map keeps a 512x512x300 scan well under a second.
func labelIDs(labels []uint16) []uint16 {
	var seen [1 << 16]bool
	for _, id := range labels {
		seen[id] = true
	}
	var ids []uint16
	for id := 1; id < len(seen); id++ {
		if seen[id] {
			ids = append(ids, uint16(id))
		}
	}
	return ids
}

// UnnamedClasses is the table used when nothing names a case's classes:
// "class 1" to "class 9", which the keys 1-9 choose, so labelling works at
// once.
func UnnamedClasses() ClassTable {
	t := GenericClasses([]uint16{1, 2, 3, 4, 5, 6, 7, 8, 9})
	t.Name = "unnamed"
	return t
}
