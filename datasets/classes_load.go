package datasets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// BuiltinClassTableNames lists the names LoadClassTable accepts.
func BuiltinClassTableNames() []string { return []string{"flare22", "gid", "sirst"} }

// builtinClassTable returns the built-in table called name (any case).
func builtinClassTable(name string) (ClassTable, bool) {
	switch strings.ToLower(name) {
	case "flare22":
		return FLARE22Classes(), true
	case "gid":
		return GIDClasses(), true
	case "sirst":
		return SIRSTClasses(), true
	}
	return ClassTable{}, false
}

// UnknownClassTableError is a --classes value that names neither a
// built-in table nor a file: a usage mistake, not a bad file.
type UnknownClassTableError struct{ Spec string }

func (e *UnknownClassTableError) Error() string {
	return fmt.Sprintf("%q is neither a built-in class table (%s) nor an existing file (dataset.json or a text file of \"ID NAME\" lines)",
		SanitizeName(e.Spec), strings.Join(BuiltinClassTableNames(), ", "))
}

// LoadClassTable resolves a --classes value: a built-in table by name
// (any case), an nnU-Net dataset.json (or a folder holding one), or a text
// file of "ID NAME" lines (see ReadClassesText).
func LoadClassTable(spec string) (ClassTable, error) {
	if t, ok := builtinClassTable(spec); ok {
		return t, nil
	}
	st, err := os.Stat(spec)
	if errors.Is(err, fs.ErrNotExist) || spec == "" {
		return ClassTable{}, &UnknownClassTableError{Spec: spec}
	}
	if err != nil {
		return ClassTable{}, err
	}
	if st.IsDir() {
		js := filepath.Join(spec, "dataset.json")
		if _, err := os.Stat(js); err != nil {
			return ClassTable{}, fmt.Errorf("%s is a folder without a dataset.json; expected a class table file or a built-in name (%s)", spec, strings.Join(BuiltinClassTableNames(), ", "))
		}
		return ClassesFromDatasetJSON(js)
	}
	if strings.EqualFold(filepath.Ext(spec), ".json") {
		return ClassesFromDatasetJSON(spec)
	}
	return ReadClassesText(spec)
}
