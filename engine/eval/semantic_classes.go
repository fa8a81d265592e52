package eval

import (
	"fmt"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/engine"
)

// SemanticClassWarnings checks a semantic variant's manifest classes
// against the dataset's class table. The manifest's ids are authoritative
// (they are what the model's channels are labelled with), so a name that
// the dataset gives to another id means the scores compare different
// organs: each such class gets a warning saying which ids to use.
func SemanticClassWarnings(v Variant, table datasets.ClassTable) []string {
	sem, ok := v.Engine.(engine.Semantic)
	if !ok || len(table.Classes) == 0 {
		return nil
	}
	var warn []string
	for _, c := range sem.Classes() {
		name := datasets.SanitizeName(c.Name)
		atID, hasID := table.ByID(c.ID)
		byName, hasName := table.Lookup(c.Name)
		switch {
		case hasID && datasets.NormalizeClassName(atID.Name) == datasets.NormalizeClassName(c.Name):
		case hasID && hasName && byName.ID != c.ID:
			warn = append(warn, fmt.Sprintf("%s: manifest class %d %q is %q in the %s class table, which has %q at id %d: "+
				"scores compare different structures; set id: %d in the manifest", v.Name, c.ID, name, datasets.SanitizeName(atID.Name),
				table.Name, name, byName.ID, byName.ID))
		case hasName && byName.ID != c.ID:
			warn = append(warn, fmt.Sprintf("%s: manifest class %d %q is id %d in the %s class table; set id: %d in the manifest",
				v.Name, c.ID, name, byName.ID, table.Name, byName.ID))
		case hasID && !hasName:
			warn = append(warn, fmt.Sprintf("%s: manifest class %d %q is %q in the %s class table; check the manifest's ids",
				v.Name, c.ID, name, datasets.SanitizeName(atID.Name), table.Name))
		}
	}
	return warn
}
