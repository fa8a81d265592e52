package nrrd

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/segtui/segtui/datasets"
)

// NRRD header limits: a real header is a few hundred bytes, so anything
// far larger is not a header and is refused before it is buffered.
const (
	nrrdMaxLine   = 64 << 10
	nrrdMaxHeader = 1 << 20
)

// nrrdHeader is what segtui needs from an NRRD header (teem NRRD format,
// versions NRRD0001-NRRD0005).
type nrrdHeader struct {
	typ       nrrdType
	dim       int
	sizes     []int
	bigEndian bool
	endianSet bool
	gzip      bool
	space     string // canonical name, "" when the file gives none
	dirs      [][3]float64
	dirsSet   bool
	origin    [3]float64
	spacings  []float64
	kinds     []string
	dataFile  string
	bytes     int64 // header length including the blank line
}

// nrrdType is a stored voxel type.
type nrrdType struct {
	name  datasets.DataType
	bytes int
}

// nrrdTypes maps every spelling the format allows to a type segtui reads.
var nrrdTypes = func() map[string]nrrdType {
	m := map[string]nrrdType{}
	add := func(t nrrdType, names ...string) {
		for _, n := range names {
			m[n] = t
		}
	}
	add(nrrdType{datasets.Int8, 1}, "signed char", "int8", "int8_t")
	add(nrrdType{datasets.Uint8, 1}, "uchar", "unsigned char", "uint8", "uint8_t")
	add(nrrdType{datasets.Int16, 2}, "short", "short int", "signed short", "signed short int", "int16", "int16_t")
	add(nrrdType{datasets.Uint16, 2}, "ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t")
	add(nrrdType{datasets.Int32, 4}, "int", "signed int", "int32", "int32_t")
	add(nrrdType{datasets.Uint32, 4}, "uint", "unsigned int", "uint32", "uint32_t")
	add(nrrdType{datasets.Float32, 4}, "float")
	add(nrrdType{datasets.Float64, 8}, "double")
	return m
}()

// nrrdSpaces maps space names to the sign that takes each axis to RAS.
var nrrdSpaces = map[string][3]float64{
	"right-anterior-superior": {1, 1, 1}, "ras": {1, 1, 1},
	"left-anterior-superior": {-1, 1, 1}, "las": {-1, 1, 1},
	"left-posterior-superior": {-1, -1, 1}, "lps": {-1, -1, 1},
}

// parseNRRDHeader reads the header up to and including the blank line
// that ends it, leaving r at the first data byte.
func parseNRRDHeader(r *bufio.Reader) (*nrrdHeader, error) {
	h := &nrrdHeader{}
	magic, err := readNRRDLine(r, h)
	if err != nil {
		return nil, fmt.Errorf("not an NRRD file: %w", err)
	}
	if len(magic) != 8 || !strings.HasPrefix(magic, "NRRD000") || magic[7] < '1' || magic[7] > '5' {
		return nil, fmt.Errorf("not an NRRD file: first line is %q, expected NRRD0001 to NRRD0005", datasets.Clip(magic))
	}
	seen := map[string]bool{}
	fields := map[string]string{}
	for {
		line, err := readNRRDLine(r, h)
		if errors.Is(err, io.EOF) && line == "" {
			if fields["data file"] != "" || fields["datafile"] != "" {
				break // a detached header (.nhdr) may end at end of file
			}
			return nil, errors.New("header ends without the blank line that precedes the data")
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		if line == "" {
			break
		}
		if strings.HasPrefix(line, "#") || strings.Contains(line, ":=") {
			continue // comments and key/value pairs carry nothing we use
		}
		key, value, ok := strings.Cut(line, ": ")
		if !ok {
			return nil, fmt.Errorf("header line %q is not \"field: value\"", datasets.Clip(line))
		}
		key = strings.ToLower(strings.TrimSpace(key))
		if seen[key] {
			return nil, fmt.Errorf("header field %q is given twice", datasets.Clip(key))
		}
		seen[key] = true
		fields[key] = strings.TrimSpace(value)
		if errors.Is(err, io.EOF) {
			break
		}
	}
	return h, h.apply(fields)
}

// readNRRDLine returns one header line without its line ending, counting
// the bytes consumed and refusing over-long lines and headers.
func readNRRDLine(r *bufio.Reader, h *nrrdHeader) (string, error) {
	b, err := r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) || len(b) > nrrdMaxLine {
		return "", fmt.Errorf("header line longer than %d bytes", nrrdMaxLine)
	}
	h.bytes += int64(len(b))
	if h.bytes > nrrdMaxHeader {
		return "", fmt.Errorf("header longer than %d bytes without the blank line that ends it", nrrdMaxHeader)
	}
	if err != nil && !(errors.Is(err, io.EOF) && len(b) > 0) {
		return "", err
	}
	return strings.TrimRight(string(b), "\r\n"), err
}

// apply checks the fields and fills h.
func (h *nrrdHeader) apply(f map[string]string) error {
	h.dataFile = f["data file"]
	if h.dataFile == "" {
		h.dataFile = f["datafile"]
	}
	if h.dataFile != "" {
		return nil // refused by the caller, which names the file
	}
	var err error
	if f["type"] == "" {
		return errors.New(`header has no "type" field`)
	}
	t, ok := nrrdTypes[strings.ToLower(f["type"])]
	if !ok {
		return fmt.Errorf("type %q is not supported; expected an 8-, 16- or 32-bit integer, float or double", datasets.Clip(f["type"]))
	}
	h.typ = t
	if h.dim, err = strconv.Atoi(f["dimension"]); err != nil {
		return fmt.Errorf("dimension %q is not a whole number", datasets.Clip(f["dimension"]))
	}
	if h.dim != 2 && h.dim != 3 {
		return fmt.Errorf("dimension is %d; segtui reads scalar 2-D and 3-D images (a 4-D or vector image needs splitting first)", h.dim)
	}
	if h.sizes, err = nrrdInts(f["sizes"], h.dim, "sizes"); err != nil {
		return err
	}
	if err := h.applyEncoding(f); err != nil {
		return err
	}
	if k := f["kinds"]; k != "" {
		h.kinds = strings.Fields(strings.ToLower(k))
		for a, kind := range h.kinds {
			switch kind {
			case "domain", "space", "time", "none", "???":
			default:
				return fmt.Errorf("axis %d is of kind %q; segtui reads scalar images whose axes are all spatial", a, datasets.Clip(kind))
			}
		}
	}
	return h.applySpace(f)
}

func (h *nrrdHeader) applyEncoding(f map[string]string) error {
	switch strings.ToLower(f["encoding"]) {
	case "raw":
	case "gzip", "gz":
		h.gzip = true
	case "":
		return errors.New(`header has no "encoding" field`)
	default:
		return fmt.Errorf("encoding %q is not supported; expected raw or gzip", datasets.Clip(f["encoding"]))
	}
	switch strings.ToLower(f["endian"]) {
	case "little":
		h.endianSet = true
	case "big":
		h.bigEndian, h.endianSet = true, true
	case "":
		if h.typ.bytes > 1 {
			return fmt.Errorf(`header has no "endian" field, needed for %s data`, h.typ.name)
		}
	default:
		return fmt.Errorf("endian %q: expected little or big", datasets.Clip(f["endian"]))
	}
	for _, skip := range []string{"line skip", "lineskip", "byte skip", "byteskip"} {
		if v := f[skip]; v != "" && v != "0" {
			return fmt.Errorf("%s %s is not supported; expected the data right after the header", skip, datasets.Clip(v))
		}
	}
	return nil
}

// applySpace reads the world geometry: a named space with its directions
// and origin, or bare per-axis spacings.
func (h *nrrdHeader) applySpace(f map[string]string) error {
	name := strings.ToLower(f["space"])
	if name != "" {
		if _, ok := nrrdSpaces[name]; !ok {
			return fmt.Errorf("space %q is not supported; expected left-posterior-superior, right-anterior-superior or left-anterior-superior", datasets.Clip(f["space"]))
		}
		h.space = name
	} else if sd := f["space dimension"]; sd != "" && sd != "3" {
		return fmt.Errorf("space dimension %s is not supported; expected 3", datasets.Clip(sd))
	} else if sd == "3" {
		h.space = "ras" // an unnamed 3-D space: keep its coordinates as they are
	}
	if h.space == "" {
		for _, k := range []string{"space directions", "space origin"} {
			if f[k] != "" {
				return fmt.Errorf("%q given without a \"space\" field", k)
			}
		}
		if s := f["spacings"]; s != "" {
			for _, v := range strings.Fields(s) {
				x, err := strconv.ParseFloat(v, 64)
				if err != nil {
					return fmt.Errorf("spacings %q: %q is not a number", datasets.Clip(s), datasets.Clip(v))
				}
				h.spacings = append(h.spacings, x)
			}
			if len(h.spacings) != h.dim {
				return fmt.Errorf("spacings has %d values for %d axes", len(h.spacings), h.dim)
			}
		}
		return nil
	}
	if d := f["space directions"]; d != "" {
		parts := strings.Fields(d)
		if len(parts) != h.dim {
			return fmt.Errorf("space directions has %d entries for %d axes", len(parts), h.dim)
		}
		for a, p := range parts {
			if strings.EqualFold(p, "none") {
				return fmt.Errorf("axis %d has space direction none; segtui reads scalar images whose axes are all spatial", a)
			}
			v, err := nrrdVector(p)
			if err != nil {
				return fmt.Errorf("space directions axis %d: %w", a, err)
			}
			if v == [3]float64{} {
				return fmt.Errorf("space direction of axis %d is zero", a)
			}
			h.dirs = append(h.dirs, v)
		}
		h.dirsSet = true
	}
	if o := f["space origin"]; o != "" {
		v, err := nrrdVector(o)
		if err != nil {
			return fmt.Errorf("space origin: %w", err)
		}
		h.origin = v
	}
	return nil
}

// nrrdInts parses n positive whole numbers.
func nrrdInts(s string, n int, field string) ([]int, error) {
	parts := strings.Fields(s)
	if len(parts) != n {
		return nil, fmt.Errorf("%s %q has %d values, expected %d (the dimension)", field, datasets.Clip(s), len(parts), n)
	}
	out := make([]int, n)
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("%s %q: %q is not a positive whole number", field, datasets.Clip(s), datasets.Clip(p))
		}
		out[i] = v
	}
	return out, nil
}

// nrrdVector parses "(x,y,z)".
func nrrdVector(s string) ([3]float64, error) {
	var v [3]float64
	inner, ok := strings.CutPrefix(s, "(")
	if inner, ok2 := strings.CutSuffix(inner, ")"); ok && ok2 {
		parts := strings.Split(inner, ",")
		if len(parts) == 3 {
			for i, p := range parts {
				x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
				if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
					return v, fmt.Errorf("%q: %q is not a finite number", datasets.Clip(s), datasets.Clip(p))
				}
				v[i] = x
			}
			return v, nil
		}
	}
	return v, fmt.Errorf("%q is not a 3-D vector \"(x,y,z)\"", datasets.Clip(s))
}
