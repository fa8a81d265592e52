package datasets

import "image/color"

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
