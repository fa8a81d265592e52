package nrrd

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/internal/formatutil"
)

// Read reads a scalar 2-D or 3-D NRRD image with its data attached
// (raw or gzip encoding, either byte order) on a RAS+ grid: LPS and LAS
// space directions and origin are flipped into RAS, as ITK and Slicer do
// when they write NIfTI.
func Read(path string) (*datasets.Volume, error) {
	src, err := openNRRD(path)
	if err != nil {
		return nil, err
	}
	defer src.close()
	v := &datasets.Volume{Grid: src.grid, DataType: src.hdr.typ.name, Path: path}
	v.Voxels = make([]float32, src.grid.Len())
	err = src.stream(func(b []byte, first int) error {
		formatutil.WidenChunk(src.hdr.typ.name, b, v.Voxels[first:first+len(b)/src.hdr.typ.bytes], formatutil.LinearScale{})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read NRRD %s: %w", path, err)
	}
	return v, nil
}

// ReadLabels reads an NRRD label map (Slicer/dcmqi segmentations):
// integer types, or integral float values, in 0..65535; anything else is
// an error naming the first offending voxel.
func ReadLabels(path string) (*datasets.LabelMap, error) {
	src, err := openNRRD(path)
	if err != nil {
		return nil, err
	}
	defer src.close()
	l := &datasets.LabelMap{Grid: src.grid, DataType: src.hdr.typ.name, Path: path}
	l.Labels = make([]uint16, src.grid.Len())
	err = src.stream(func(b []byte, first int) error {
		n := len(b) / src.hdr.typ.bytes
		bad, val := formatutil.LabelChunk(src.hdr.typ.name, b, l.Labels[first:first+n], formatutil.LinearScale{})
		if bad < 0 {
			return nil
		}
		idx := first + bad
		d := src.grid.Dim
		return fmt.Errorf("voxel (%d,%d,%d) has value %v: label ids must be whole numbers in 0..65535",
			idx%d[0], idx/d[0]%d[1], idx/(d[0]*d[1]), val)
	})
	if err != nil {
		return nil, fmt.Errorf("read NRRD labels %s: %w", path, err)
	}
	return l, nil
}

// nrrdSource is an opened, validated NRRD file positioned at its data.
type nrrdSource struct {
	hdr  *nrrdHeader
	grid datasets.Grid
	data io.Reader
	gz   *formatutil.GzipSource
	file *os.File
}

func (s *nrrdSource) close() {
	if s.gz != nil {
		s.gz.Close()
	}
	s.file.Close()
}

// openNRRD parses the header, refuses what segtui cannot read, and checks
// that the file can hold the data it claims before anything is allocated.
func openNRRD(path string) (_ *nrrdSource, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read NRRD: %w", err)
	}
	src := &nrrdSource{file: f}
	defer func() {
		if err != nil {
			src.close()
		}
	}()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read NRRD: %w", err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("read NRRD %s: is a directory, expected a .nrrd file", path)
	}
	br := bufio.NewReaderSize(f, nrrdMaxLine+1)
	h, err := parseNRRDHeader(br)
	if err != nil {
		return nil, fmt.Errorf("read NRRD %s: %w", path, err)
	}
	if h.dataFile != "" {
		return nil, fmt.Errorf("read NRRD %s: the data is in a separate file (data file: %s); segtui reads NRRD with the data attached: save it as a single .nrrd (e.g. Slicer: Save as .nrrd, or unu save -f nrrd)",
			path, datasets.Clip(h.dataFile))
	}
	if src.grid, err = h.grid(); err != nil {
		return nil, fmt.Errorf("read NRRD %s: %w", path, err)
	}
	src.hdr = h
	need := int64(src.grid.Len()) * int64(h.typ.bytes)
	have := st.Size() - h.bytes
	if !h.gzip {
		if have < need {
			return nil, fmt.Errorf("read NRRD %s: header claims %s %s voxels = %d bytes of raw data, but only %d bytes follow the header",
				path, src.grid.ShapeString(), h.typ.name, need, max(have, 0))
		}
		src.data = br
		return src, nil
	}
	if limit := have * formatutil.MaxDeflateRatio; need > limit {
		return nil, fmt.Errorf("read NRRD %s: header claims %s %s voxels = %d bytes of data, but %d bytes of gzip can hold at most %d: truncated file or corrupt header",
			path, src.grid.ShapeString(), h.typ.name, need, have, limit)
	}
	if src.gz, err = formatutil.NewGzipSource(br); err != nil {
		return nil, fmt.Errorf("read NRRD %s: corrupt gzip data after the header: %w", path, err)
	}
	src.data = src.gz
	return src, nil
}

// stream feeds the data to decode in native-order chunks of whole voxels,
// then, for gzip, reads to the end of the stream so its checksum is checked.
func (s *nrrdSource) stream(decode func(chunk []byte, first int) error) error {
	vb := s.hdr.typ.bytes
	total := s.grid.Len()
	per := max(formatutil.ChunkBytes/vb, 1)
	buf := make([]byte, min(per, total)*vb)
	swap := vb > 1 && s.hdr.bigEndian != formatutil.HostBigEndian()
	for first := 0; first < total; first += per {
		n := min(per, total-first)
		b := buf[:n*vb]
		if got, err := io.ReadFull(s.data, b); err != nil {
			read := int64(first)*int64(vb) + int64(got)
			return fmt.Errorf("data truncated: expected %d bytes (%s %s), found %d (%s)",
				int64(total)*int64(vb), s.grid.ShapeString(), s.hdr.typ.name, read, formatutil.DescribeShort(err, s.gz))
		}
		if swap {
			formatutil.SwapBytes(b, vb)
		}
		if err := decode(b, first); err != nil {
			return err
		}
	}
	if s.gz != nil {
		return s.gz.Finish()
	}
	return nil
}
