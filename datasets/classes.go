package datasets

import (
	"fmt"
	"image/color"
	"sort"
	"strings"
)

// Class is one label id with a display name and colour.
type Class struct {
	ID    uint16
	Name  string
	Color color.RGBA
}

// ClassTable names the classes of a dataset; background (id 0) is implicit.
type ClassTable struct {
	Name    string // e.g. "FLARE22", "GID", "SIRST", "dataset.json"
	Classes []Class
	// Aliases maps other spellings (normalised by NormalizeClassName) to
	// ids, e.g. AMOS "postcava" to the FLARE22 inferior vena cava.
	Aliases map[string]uint16
}

// ByID returns the class with the given id.
func (t ClassTable) ByID(id uint16) (Class, bool) {
	for _, c := range t.Classes {
		if c.ID == id {
			return c, true
		}
	}
	return Class{}, false
}

// NormalizeClassName folds case and treats spaces, underscores and hyphens
// alike, so "Inferior_Vena_Cava" matches "inferior vena cava".
func NormalizeClassName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '_' || r == '-' {
			return ' '
		}
		return r
	}, strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}

// Lookup finds a class by name or alias, compared after NormalizeClassName.
func (t ClassTable) Lookup(name string) (Class, bool) {
	n := NormalizeClassName(name)
	for _, c := range t.Classes {
		if NormalizeClassName(c.Name) == n {
			return c, true
		}
	}
	if id, ok := t.Aliases[n]; ok {
		return t.ByID(id)
	}
	return Class{}, false
}

// MaxID is the largest class id in the table (0 when empty).
func (t ClassTable) MaxID() uint16 {
	var m uint16
	for _, c := range t.Classes {
		m = max(m, c.ID)
	}
	return m
}

// WithNames returns a copy with every unknown name added, in sorted order,
// with ids after the table's largest; names are sanitized first.
func (t ClassTable) WithNames(names []string) (ClassTable, error) {
	out := t.clone()
	seen := map[string]string{}
	for _, n := range names {
		clean := SanitizeName(n)
		if _, ok := out.Lookup(clean); !ok && clean != "" {
			seen[NormalizeClassName(clean)] = clean
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	next := int(out.MaxID()) + 1
	for _, k := range keys {
		if next > 0xffff {
			return t, fmt.Errorf("too many classes: %q would need id %d, more than 65535", seen[k], next)
		}
		out.Classes = append(out.Classes, Class{ID: uint16(next), Name: seen[k], Color: nextColor(out.Classes)})
		next++
	}
	return out, nil
}

// WithIDs returns a copy with a generic "class N" entry for every id (other
// than background) the table lacks, so label maps always have names.
func (t ClassTable) WithIDs(ids []uint16) ClassTable {
	out := t.clone()
	sorted := append([]uint16(nil), ids...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	for _, id := range sorted {
		if _, ok := out.ByID(id); ok || id == 0 {
			continue
		}
		out.Classes = append(out.Classes, Class{ID: id, Name: fmt.Sprintf("class %d", id), Color: nextColor(out.Classes)})
	}
	return out
}

// GenericClasses names the given ids "class N".
func GenericClasses(ids []uint16) ClassTable {
	return ClassTable{Name: "generic"}.WithIDs(ids)
}

func (t ClassTable) clone() ClassTable {
	c := t
	c.Classes = append([]Class(nil), t.Classes...)
	return c
}
