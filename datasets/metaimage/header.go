// Package metaimage reads ITK MetaImage volumes (.mha, and .mhd headers
// with .raw/.zraw data, as SimpleITK and many challenge datasets write
// them) and writes label maps in the same format. MetaImage geometry is
// LPS, as ITK's; it becomes segtui's RAS+ grid the way the NRRD reader
// turns LPS into RAS.
package metaimage

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/segtui/segtui/datasets"
)

// Header limits: a real header is well under a kilobyte (a LIST of slice
// files can be longer), so anything far larger is refused.
const (
	maxLine   = 64 << 10
	maxHeader = 4 << 20
)

type elemType struct {
	met   string
	name  datasets.DataType
	bytes int
}

// elemTypes are the scalar element types segtui reads. MET_LONG and
// MET_ULONG are 32-bit in MetaIO; 64-bit integers have no segtui type.
var elemTypes = map[string]elemType{
	"MET_CHAR":   {"MET_CHAR", datasets.Int8, 1},
	"MET_UCHAR":  {"MET_UCHAR", datasets.Uint8, 1},
	"MET_SHORT":  {"MET_SHORT", datasets.Int16, 2},
	"MET_USHORT": {"MET_USHORT", datasets.Uint16, 2},
	"MET_INT":    {"MET_INT", datasets.Int32, 4},
	"MET_UINT":   {"MET_UINT", datasets.Uint32, 4},
	"MET_LONG":   {"MET_LONG", datasets.Int32, 4},
	"MET_ULONG":  {"MET_ULONG", datasets.Uint32, 4},
	"MET_FLOAT":  {"MET_FLOAT", datasets.Float32, 4},
	"MET_DOUBLE": {"MET_DOUBLE", datasets.Float64, 8},
}

// header is what segtui uses of a MetaImage header.
type header struct {
	ndims          int
	dims           []int
	spacing        []float64
	offset         []float64
	matrix         []float64 // ndims x ndims; row i is the direction of voxel axis i
	orientation    string    // AnatomicalOrientation, informational
	typ            elemType
	msb            bool
	compressed     bool
	compressedSize int64 // 0 when not given
	headerSize     int64 // bytes to skip in each data file; -1: data ends the file
	dataFile       string
	files          []string // data files in order; nil for LOCAL
	sliceDims      int      // dimensions each listed file holds
	bytes          int64    // header length: LOCAL data starts here
}

func clip(s string) string {
	s = datasets.SanitizeName(s)
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

// parseHeader reads key = value lines up to ElementDataFile, which ends the
// header (and, for LIST, the file names that follow it). dir is the
// header's folder, against which data file names are resolved.
func parseHeader(r *bufio.Reader, dir string) (*header, error) {
	h := &header{}
	seen := map[string]bool{}
	var typeName string
	line := 0
	for {
		s, err := readLine(r, h)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("header ends after %d lines without ElementDataFile: not a MetaImage file or truncated", line)
			}
			return nil, err
		}
		line++
		if strings.TrimSpace(s) == "" {
			continue
		}
		k, v, ok := strings.Cut(s, "=")
		if !ok {
			return nil, fmt.Errorf("line %d is %q, expected Key = Value", line, clip(s))
		}
		key, val := strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if seen[key] {
			return nil, fmt.Errorf("line %d: %s given twice", line, clip(strings.TrimSpace(k)))
		}
		seen[key] = true
		switch key {
		case "objecttype":
			if !strings.EqualFold(val, "image") {
				return nil, fmt.Errorf("ObjectType is %q, expected Image", clip(val))
			}
		case "ndims":
			if h.ndims, err = strconv.Atoi(val); err != nil || h.ndims < 2 || h.ndims > 3 {
				return nil, fmt.Errorf("NDims is %q, expected 2 or 3", clip(val))
			}
		case "dimsize":
			if h.dims, err = ints(val); err != nil {
				return nil, fmt.Errorf("DimSize: %w", err)
			}
		case "elementspacing":
			if h.spacing, err = floats(val); err != nil {
				return nil, fmt.Errorf("ElementSpacing: %w", err)
			}
		case "elementsize":
			if !seen["elementspacing"] {
				if h.spacing, err = floats(val); err != nil {
					return nil, fmt.Errorf("ElementSize: %w", err)
				}
			}
		case "offset", "position", "origin":
			if h.offset != nil {
				return nil, fmt.Errorf("line %d: the origin is given twice (Offset, Position, Origin)", line)
			}
			if h.offset, err = floats(val); err != nil {
				return nil, fmt.Errorf("%s: %w", strings.TrimSpace(k), err)
			}
		case "transformmatrix", "rotation", "orientation":
			if h.matrix != nil {
				return nil, fmt.Errorf("line %d: the direction is given twice (TransformMatrix, Rotation, Orientation)", line)
			}
			if h.matrix, err = floats(val); err != nil {
				return nil, fmt.Errorf("%s: %w", strings.TrimSpace(k), err)
			}
		case "anatomicalorientation":
			h.orientation = val
		case "elementtype":
			typeName = val
		case "elementbyteordermsb", "binarydatabyteordermsb":
			if h.msb, err = boolean(val); err != nil {
				return nil, fmt.Errorf("%s: %w", strings.TrimSpace(k), err)
			}
		case "compresseddata":
			if h.compressed, err = boolean(val); err != nil {
				return nil, fmt.Errorf("CompressedData: %w", err)
			}
		case "compresseddatasize":
			if h.compressedSize, err = strconv.ParseInt(val, 10, 64); err != nil || h.compressedSize < 0 {
				return nil, fmt.Errorf("CompressedDataSize is %q, expected a byte count", clip(val))
			}
		case "binarydata":
			if b, err := boolean(val); err != nil || !b {
				return nil, fmt.Errorf("BinaryData is %q: segtui reads binary MetaImage data only", clip(val))
			}
		case "headersize":
			if h.headerSize, err = strconv.ParseInt(val, 10, 64); err != nil || h.headerSize < -1 {
				return nil, fmt.Errorf("HeaderSize is %q, expected a byte count or -1", clip(val))
			}
		case "elementnumberofchannels":
			if val != "1" {
				return nil, fmt.Errorf("ElementNumberOfChannels is %s: segtui reads scalar images (one channel) only", clip(val))
			}
		case "elementdatafile":
			h.dataFile = val
			if err := h.validate(typeName); err != nil {
				return nil, err
			}
			if err := h.dataFiles(r, dir); err != nil {
				return nil, err
			}
			return h, nil
		}
	}
}

// readLine reads one header line, counting header bytes.
func readLine(r *bufio.Reader, h *header) (string, error) {
	s, err := r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		return "", fmt.Errorf("header line longer than %d bytes: not a MetaImage header", maxLine)
	}
	h.bytes += int64(len(s))
	if h.bytes > maxHeader {
		return "", fmt.Errorf("header longer than %d bytes: not a MetaImage header", maxHeader)
	}
	if err != nil && !(errors.Is(err, io.EOF) && len(s) > 0) {
		return "", err
	}
	return strings.TrimRight(string(s), "\r\n"), nil
}

// validate checks the keys read before ElementDataFile.
func (h *header) validate(typeName string) error {
	if h.ndims == 0 {
		return fmt.Errorf("NDims is missing before ElementDataFile")
	}
	n := h.ndims
	if len(h.dims) != n {
		return fmt.Errorf("DimSize has %d values for NDims %d", len(h.dims), n)
	}
	total := 1
	for i, d := range h.dims {
		if d < 1 {
			return fmt.Errorf("DimSize %d is %d, expected at least 1", i, d)
		}
		if total *= d; total > datasets.MaxVoxels {
			return fmt.Errorf("DimSize %v exceeds the %d-voxel limit", h.dims, datasets.MaxVoxels)
		}
	}
	if h.spacing == nil {
		h.spacing = make([]float64, n)
		for i := range h.spacing {
			h.spacing[i] = 1
		}
	}
	if len(h.spacing) != n {
		return fmt.Errorf("ElementSpacing has %d values for NDims %d", len(h.spacing), n)
	}
	for i, s := range h.spacing {
		if !(s > 0) || s > 1e9 {
			return fmt.Errorf("ElementSpacing %d is %v, expected a positive size", i, s)
		}
	}
	if h.offset == nil {
		h.offset = make([]float64, n)
	}
	if len(h.offset) != n {
		return fmt.Errorf("the origin (Offset) has %d values for NDims %d", len(h.offset), n)
	}
	if h.matrix == nil {
		h.matrix = make([]float64, n*n)
		for i := 0; i < n; i++ {
			h.matrix[i*n+i] = 1
		}
	}
	if len(h.matrix) != n*n {
		return fmt.Errorf("TransformMatrix has %d values for NDims %d, expected %d", len(h.matrix), n, n*n)
	}
	if typeName == "" {
		return fmt.Errorf("ElementType is missing before ElementDataFile")
	}
	t, ok := elemTypes[strings.ToUpper(typeName)]
	if !ok {
		return fmt.Errorf("ElementType %s is not supported: expected a scalar MET_CHAR, MET_UCHAR, MET_SHORT, MET_USHORT, MET_INT, MET_UINT, MET_LONG, MET_ULONG, MET_FLOAT or MET_DOUBLE", clip(typeName))
	}
	h.typ = t
	return nil
}

// dataFiles resolves ElementDataFile: LOCAL, one file, a LIST of files
// (one per slice, or per slab of LIST's dimension), or a printf pattern
// with first, last and step ("slice%03d.raw 1 40 1").
func (h *header) dataFiles(r *bufio.Reader, dir string) error {
	v := h.dataFile
	fields := strings.Fields(v)
	switch {
	case strings.EqualFold(v, "LOCAL"):
		return nil
	case len(fields) >= 1 && strings.EqualFold(fields[0], "LIST"):
		h.sliceDims = h.ndims - 1
		if len(fields) == 2 {
			n, err := strconv.Atoi(strings.TrimSuffix(fields[1], "D"))
			if err != nil || n < 1 || n > h.ndims {
				return fmt.Errorf("ElementDataFile = %s: expected LIST or LIST N with N from 1 to %d", clip(v), h.ndims)
			}
			h.sliceDims = n
		}
		want := h.fileCount()
		for len(h.files) < want {
			s, err := readLine(r, h)
			if err != nil {
				return fmt.Errorf("ElementDataFile LIST names %d files, expected %d: %v", len(h.files), want, err)
			}
			if s = strings.TrimSpace(s); s != "" {
				h.files = append(h.files, resolve(dir, s))
			}
		}
		return nil
	case len(fields) == 4 && strings.Contains(fields[0], "%"):
		first, e1 := strconv.Atoi(fields[1])
		last, e2 := strconv.Atoi(fields[2])
		step, e3 := strconv.Atoi(fields[3])
		if e1 != nil || e2 != nil || e3 != nil || step == 0 {
			return fmt.Errorf("ElementDataFile = %s: expected a pattern with first, last and step", clip(v))
		}
		h.sliceDims = h.ndims - 1
		want := h.fileCount()
		for i := first; (step > 0 && i <= last) || (step < 0 && i >= last); i += step {
			if len(h.files) == want {
				break
			}
			h.files = append(h.files, resolve(dir, fmt.Sprintf(fields[0], i)))
		}
		if len(h.files) != want {
			return fmt.Errorf("ElementDataFile = %s names %d files, expected %d (one per slice)", clip(v), len(h.files), want)
		}
		return nil
	case v == "":
		return fmt.Errorf("ElementDataFile is empty, expected LOCAL or a file name")
	}
	h.files = []string{resolve(dir, v)}
	h.sliceDims = h.ndims
	return nil
}

// fileCount is how many files a LIST or pattern must name.
func (h *header) fileCount() int {
	n := 1
	for _, d := range h.dims[h.sliceDims:] {
		n *= d
	}
	return n
}

func resolve(dir, name string) string {
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(dir, name)
}

func ints(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Fields(s) {
		v, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not a whole number", clip(f))
		}
		out = append(out, v)
	}
	return out, nil
}

func floats(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Fields(s) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || v != v || v > 1e300 || v < -1e300 {
			return nil, fmt.Errorf("%q is not a finite number", clip(f))
		}
		out = append(out, v)
	}
	return out, nil
}

func boolean(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "true", "1", "yes":
		return true, nil
	case "false", "0", "no":
		return false, nil
	}
	return false, fmt.Errorf("%q is not True or False", clip(s))
}
