package tui

import (
	"fmt"
	"slices"
)

// classScope is which classes a labelled slice was labelled for, so the
// case Dice of a class counts only the slices where someone labelled it:
// a slice where only the liver was propagated says nothing about the
// spleen. The zero value is an unlabelled slice.
type classScope struct {
	All bool     // every class (auto-prompt, a semantic model, old journals)
	IDs []uint16 // ascending, no background, no repeats; only when !All
}

// allClasses is the scope of a slice labelled for every class.
func allClasses() classScope { return classScope{All: true} }

// onlyClasses is the scope of the given class ids (none: unlabelled).
func onlyClasses(ids ...uint16) classScope {
	out := make([]uint16, 0, len(ids))
	for _, id := range ids {
		if id != 0 {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) == 0 {
		return classScope{}
	}
	return classScope{IDs: out}
}

// Labelled reports whether the scope has any class.
func (c classScope) Labelled() bool { return c.All || len(c.IDs) > 0 }

// Has reports whether class id is in the scope.
func (c classScope) Has(id uint16) bool {
	_, found := slices.BinarySearch(c.IDs, id)
	return c.All || found
}

// Union widens c by o: re-accepting on a slice adds to what it covered.
func (c classScope) Union(o classScope) classScope {
	if c.All || o.All {
		return allClasses()
	}
	return onlyClasses(append(slices.Clone(c.IDs), o.IDs...)...)
}

// Equal reports whether two scopes cover the same classes.
func (c classScope) Equal(o classScope) bool {
	return c.All == o.All && slices.Equal(c.IDs, o.IDs)
}

// diceIDs is the scope as metrics.CaseDice.SetSliceClasses takes it: nil
// for every class. Background is scored only on all-class slices; on a
// slice labelled for some organs, unlabelled organs would be background
// false positives.
func (c classScope) diceIDs() []uint16 {
	if c.All {
		return nil
	}
	return c.IDs
}

// journalClasses is the scope as a journal record stores it: absent for
// every class (what records written before scopes meant) and for none.
func (c classScope) journalClasses() []uint16 {
	if c.All {
		return nil
	}
	return slices.Clone(c.IDs)
}

// scopeFromJournal reads a record's labelled flag and class list back.
func scopeFromJournal(labelled bool, ids []uint16) (classScope, error) {
	switch {
	case !labelled && len(ids) > 0:
		return classScope{}, fmt.Errorf("classes %v on a slice recorded as not labelled", ids)
	case !labelled:
		return classScope{}, nil
	case len(ids) == 0:
		return allClasses(), nil
	case slices.Contains(ids, 0):
		return classScope{}, fmt.Errorf("classes %v include 0, the background, which is not a labelled class", ids)
	}
	return onlyClasses(ids...), nil
}

func (c classScope) String() string {
	switch {
	case c.All:
		return "all classes"
	case len(c.IDs) == 0:
		return "not labelled"
	}
	return fmt.Sprintf("classes %v", c.IDs)
}
