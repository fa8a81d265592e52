package datasets

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// maxClassesText bounds class table reads; real ones are a few KiB.
const maxClassesText = 1 << 20

// ReadClassesText reads a class table from a text file, one class a line:
//
//	ID NAME [#RRGGBB]              e.g. "6 inferior vena cava #2858f0"
//	ID NAME R G B A                3D Slicer colour table (.ctbl)
//	ID R G B A VIS MSH "NAME"      ITK-SNAP label description
//
// Blank lines and lines starting with # are skipped, id 0 (background) is
// ignored, names are stripped of control characters. Errors name the file
// and line.
func ReadClassesText(path string) (ClassTable, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return ClassTable{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxClassesText+1))
	if err != nil {
		return ClassTable{}, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > maxClassesText {
		return ClassTable{}, fmt.Errorf("%s: larger than %d bytes; expected a class table of \"ID NAME\" lines", path, maxClassesText)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return ClassTable{}, fmt.Errorf("%s: binary data (NUL bytes); expected a text file of \"ID NAME\" lines", path)
	}
	t := ClassTable{Name: SanitizeName(filepath.Base(path))}
	idLine := map[uint16]int{}
	nameLine := map[string]int{}
	flare := FLARE22Classes()
	text := strings.TrimPrefix(string(data), "\uFEFF")
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c, hasColor, err := parseClassLine(line)
		if err != nil {
			return ClassTable{}, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if c.ID == 0 {
			continue // background is implicit
		}
		if prev, dup := idLine[c.ID]; dup {
			return ClassTable{}, fmt.Errorf("%s:%d: id %d is already named on line %d", path, n, c.ID, prev)
		}
		key := NormalizeClassName(c.Name)
		if prev, dup := nameLine[key]; dup {
			return ClassTable{}, fmt.Errorf("%s:%d: name %q is already used on line %d; names must differ", path, n, c.Name, prev)
		}
		idLine[c.ID], nameLine[key] = n, n
		if !hasColor {
			c.Color = nextColor(t.Classes)
			if known, ok := flare.Lookup(c.Name); ok { // same organ, same colour
				c.Color = known.Color
			}
		}
		t.Classes = append(t.Classes, c)
	}
	if len(t.Classes) == 0 {
		return ClassTable{}, fmt.Errorf("%s: no classes; expected lines of \"ID NAME\", e.g. \"1 liver\"", path)
	}
	return t, nil
}

// parseClassLine reads one non-comment line in any of ReadClassesText's
// forms; hasColor says whether the line gave a colour.
func parseClassLine(line string) (c Class, hasColor bool, err error) {
	fields := strings.Fields(line)
	id, err := strconv.Atoi(fields[0])
	if err != nil || id < 0 || id > 0xffff {
		return Class{}, false, fmt.Errorf("expected \"ID NAME\" with ID an integer 0..65535, found %q", clipLine(line))
	}
	c.ID = uint16(id)
	rest := fields[1:]
	if q := strings.IndexByte(line, '"'); q >= 0 && len(rest) >= 7 && allBytes(rest[:6]) {
		// ITK-SNAP: R G B A VIS MSH "NAME" (A is a 0..1 float in some files).
		end := strings.LastIndexByte(line, '"')
		if end <= q {
			return Class{}, false, fmt.Errorf("unterminated quoted name in %q", clipLine(line))
		}
		c.Name = line[q+1 : end]
		c.Color, hasColor = rgb(rest[0], rest[1], rest[2]), true
	} else {
		switch {
		case len(rest) >= 5 && allBytes(rest[len(rest)-4:]): // Slicer: NAME R G B A
			k := len(rest) - 4
			c.Color, hasColor = rgb(rest[k], rest[k+1], rest[k+2]), true
			rest = rest[:k]
		case len(rest) >= 2 && isHexColor(rest[len(rest)-1]):
			c.Color, hasColor = hexColor(rest[len(rest)-1]), true
			rest = rest[:len(rest)-1]
		}
		c.Name = strings.Trim(strings.Join(rest, " "), `"`)
	}
	c.Name = SanitizeName(c.Name)
	if c.Name == "" {
		return Class{}, false, fmt.Errorf("id %d has no name; expected \"ID NAME\", e.g. \"%d liver\"", id, max(id, 1))
	}
	return c, hasColor, nil
}

// allBytes reports whether every field is a number 0..255 (ITK-SNAP's
// alpha may be a fraction such as 0.5, which also passes).
func allBytes(fields []string) bool {
	for _, f := range fields {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || v < 0 || v > 255 {
			return false
		}
	}
	return true
}

func rgb(r, g, b string) color.RGBA {
	v := func(s string) uint8 { f, _ := strconv.ParseFloat(s, 64); return uint8(f) }
	return color.RGBA{v(r), v(g), v(b), 255}
}

func isHexColor(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	_, err := strconv.ParseUint(s[1:], 16, 32)
	return err == nil
}

func hexColor(s string) color.RGBA {
	v, _ := strconv.ParseUint(s[1:], 16, 32)
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
}

// clipLine shortens a quoted line for an error message.
func clipLine(s string) string {
	s = SanitizeName(s)
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
