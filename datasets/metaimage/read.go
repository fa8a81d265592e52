package metaimage

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/klauspost/compress/zlib"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/internal/formatutil"
)

// Read reads a scalar 2-D or 3-D MetaImage (.mha or .mhd) of any
// MetaIO scalar element type, either byte order, raw or zlib-compressed,
// with its data in the header file (LOCAL), in one file, or in a LIST or
// pattern of slice files, on a RAS+ grid.
func Read(path string) (*datasets.Volume, error) {
	src, err := open(path)
	if err != nil {
		return nil, err
	}
	v := &datasets.Volume{Grid: src.grid, DataType: src.hdr.typ.name, Path: path}
	v.Voxels = make([]float32, src.grid.Len())
	err = src.stream(func(b []byte, first int) error {
		formatutil.WidenChunk(src.hdr.typ.name, b, v.Voxels[first:first+len(b)/src.hdr.typ.bytes], formatutil.LinearScale{})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read MetaImage %s: %w", path, err)
	}
	return v, nil
}

// ReadLabels reads a MetaImage label map: integer types, or integral
// float values, in 0..65535; anything else is an error naming the first
// offending voxel.
func ReadLabels(path string) (*datasets.LabelMap, error) {
	src, err := open(path)
	if err != nil {
		return nil, err
	}
	l := &datasets.LabelMap{Grid: src.grid, DataType: src.hdr.typ.name, Path: path}
	l.Labels = make([]uint16, src.grid.Len())
	err = src.stream(func(b []byte, first int) error {
		n := len(b) / src.hdr.typ.bytes
		bad, val := formatutil.LabelChunk(src.hdr.typ.name, b, l.Labels[first:first+n], formatutil.LinearScale{})
		if bad < 0 {
			return nil
		}
		i, d := first+bad, src.grid.Dim
		return fmt.Errorf("voxel (%d,%d,%d) has value %v: label ids must be whole numbers in 0..65535", i%d[0], i/d[0]%d[1], i/(d[0]*d[1]), val)
	})
	if err != nil {
		return nil, fmt.Errorf("read MetaImage labels %s: %w", path, err)
	}
	return l, nil
}

type source struct {
	hdr  *header
	grid datasets.Grid
	path string
}

// open parses and validates the header and checks the data files exist
// and can hold what the header claims, before anything is allocated.
func open(path string) (*source, error) {
	f, err := datasets.OpenRegular(path)
	if err != nil {
		return nil, fmt.Errorf("read MetaImage: %w", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil {
		return nil, fmt.Errorf("read MetaImage: %w", err)
	} else if st.IsDir() {
		return nil, fmt.Errorf("read MetaImage %s: is a directory, expected a .mha or .mhd file", path)
	}
	h, err := parseHeader(bufio.NewReaderSize(f, maxLine+1), filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("read MetaImage %s: %w", path, err)
	}
	src := &source{hdr: h, path: path}
	if src.grid, err = h.grid(); err != nil {
		return nil, fmt.Errorf("read MetaImage %s: %w", path, err)
	}
	if err := src.checkSizes(); err != nil {
		return nil, fmt.Errorf("read MetaImage %s: %w", path, err)
	}
	return src, nil
}

// part is one data file's share of the voxels.
type part struct {
	path       string
	start      int64 // first data byte in the file
	size       int64 // bytes of data (compressed when compressed) after start
	bytes      int64 // uncompressed bytes expected
	compressed bool
}

func (s *source) parts() ([]part, error) {
	h := s.hdr
	total := int64(s.grid.Len()) * int64(h.typ.bytes)
	if h.files == nil {
		st, err := os.Stat(s.path)
		if err != nil {
			return nil, err
		}
		return []part{{path: s.path, start: h.bytes, size: st.Size() - h.bytes, bytes: total, compressed: h.compressed}}, nil
	}
	per := total / int64(len(h.files))
	var ps []part
	for _, name := range h.files {
		st, err := os.Stat(name)
		if err != nil {
			return nil, fmt.Errorf("data file %s (ElementDataFile): %w", clip(filepath.Base(name)), err)
		}
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("data file %s is not a regular file", clip(name))
		}
		p := part{path: name, start: h.headerSize, size: st.Size() - h.headerSize, bytes: per, compressed: h.compressed}
		if h.headerSize == -1 {
			if h.compressed {
				return nil, fmt.Errorf("HeaderSize -1 (data at the end of the file) with compressed data: the data's start is unknown")
			}
			p.start, p.size = st.Size()-per, per
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// checkSizes refuses data files too small for the voxels the header
// claims: raw data must all be there; deflated data can expand at most
// formatutil.MaxDeflateRatio times.
func (s *source) checkSizes() error {
	ps, err := s.parts()
	if err != nil {
		return err
	}
	for _, p := range ps {
		what := fmt.Sprintf("%s %s voxels", s.grid.ShapeString(), s.hdr.typ.met)
		if len(ps) > 1 {
			what = fmt.Sprintf("one of %d slice files of %s", len(ps), what)
		}
		have := max(p.size, 0)
		if p.start < 0 {
			return fmt.Errorf("data file %s is shorter (%d bytes) than its data (%d bytes): truncated", clip(filepath.Base(p.path)), p.start+p.size, p.bytes)
		}
		if !p.compressed && have < p.bytes {
			return fmt.Errorf("%s need %d bytes of raw data, but %s has only %d after its header: truncated file or wrong DimSize/ElementType", what, p.bytes, clip(filepath.Base(p.path)), have)
		}
		if p.compressed {
			if s.hdr.compressedSize > 0 && len(ps) == 1 {
				have = min(have, s.hdr.compressedSize)
			}
			if have*formatutil.MaxDeflateRatio < p.bytes {
				return fmt.Errorf("%s need %d bytes of data, but %d compressed bytes in %s can hold at most %d: truncated file or corrupt header", what, p.bytes, have, clip(filepath.Base(p.path)), have*formatutil.MaxDeflateRatio)
			}
		}
	}
	return nil
}

// stream feeds decode native-order chunks of whole voxels from the data
// files in order.
func (s *source) stream(decode func(chunk []byte, first int) error) error {
	ps, err := s.parts()
	if err != nil {
		return err
	}
	vb := s.hdr.typ.bytes
	per := max(formatutil.ChunkBytes/vb, 1)
	buf := make([]byte, min(per, s.grid.Len())*vb)
	swap := vb > 1 && s.hdr.msb != formatutil.HostBigEndian()
	first := 0
	for _, p := range ps {
		if err := s.streamPart(p, buf, vb, per, swap, &first, decode); err != nil {
			return err
		}
	}
	return nil
}

func (s *source) streamPart(p part, buf []byte, vb, per int, swap bool, first *int, decode func([]byte, int) error) error {
	f, err := datasets.OpenRegular(p.path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = io.NewSectionReader(f, p.start, max(p.size, 0))
	var zr io.ReadCloser
	if p.compressed {
		if zr, err = zlib.NewReader(bufio.NewReaderSize(r, 1<<16)); err != nil {
			return fmt.Errorf("%s: compressed data does not start with a zlib header: %w", clip(filepath.Base(p.path)), err)
		}
		defer zr.Close()
		r = zr
	} else {
		r = bufio.NewReaderSize(r, 1<<16)
	}
	n := int(p.bytes / int64(vb))
	for done := 0; done < n; {
		k := min(per, n-done)
		b := buf[:k*vb]
		if got, err := io.ReadFull(r, b); err != nil {
			why := "the file ends there"
			if p.compressed && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
				why = "corrupt zlib data: " + err.Error()
			} else if p.compressed {
				why = "the zlib stream ends there"
			}
			return fmt.Errorf("data truncated in %s: expected %d bytes, found %d (%s)", clip(filepath.Base(p.path)), p.bytes, int64(done*vb+got), why)
		}
		if swap {
			formatutil.SwapBytes(b, vb)
		}
		if err := decode(b, *first); err != nil {
			return err
		}
		done += k
		*first += k
	}
	if zr != nil {
		// Read to the stream's end so its checksum is checked.
		_, err := io.CopyN(io.Discard, zr, 1<<20)
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF):
			return fmt.Errorf("zlib stream in %s truncated after the voxel data: its end and checksum are missing", clip(filepath.Base(p.path)))
		case err != nil && !errors.Is(err, io.EOF):
			return fmt.Errorf("corrupt zlib stream after the voxel data in %s: %w", clip(filepath.Base(p.path)), err)
		}
	}
	return nil
}
