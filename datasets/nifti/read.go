package nifti

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/segtui/segtui/datasets"
	"github.com/segtui/segtui/datasets/internal/formatutil"
)

// Read reads a NIfTI-1 or NIfTI-2 image (.nii, .nii.gz, or a .hdr/.img
// pair). Voxels are the physical values (scl_slope/scl_inter applied);
// DataType is the stored type. Files with more than one 3-D volume (dim[4]
// > 1) are refused.
func Read(path string) (*datasets.Volume, error) {
	src, err := openNifti(path)
	if err != nil {
		return nil, err
	}
	defer src.close()
	v := &datasets.Volume{Grid: src.grid, DataType: src.typ.name, Path: path, Nifti: &src.hdr.geom}
	v.Voxels = make([]float32, src.grid.Len(), formatutil.TailCap(src.grid.Len(), 4, int(src.hdr.voxOffset)))
	if src.hdr.datatype == dtRGB24 {
		v.RGB = make([]uint8, 3*src.grid.Len())
	}
	dec := newVoxelDecoder(src.hdr, v.Voxels, v.RGB)
	read := src.stream
	if src.gz != nil {
		var buf []byte
		if src.typ.bytes <= 4 && src.hdr.datatype != dtRGB24 {
			buf = formatutil.TailBuffer(v.Voxels, int(src.hdr.voxOffset), src.dataBytes())
		}
		read = func(decode func([]byte, int) error) error { return src.gunzip(buf, decode) }
	}
	if err := read(dec.decode); err != nil {
		return nil, fmt.Errorf("read NIfTI %s: %w", path, err)
	}
	return v, nil
}

// ReadLabels reads a NIfTI label map into uint16 ids. Integer types
// and integral float values in 0..65535 are accepted; anything else is an
// error naming the first offending voxel.
func ReadLabels(path string) (*datasets.LabelMap, error) {
	src, err := openNifti(path)
	if err != nil {
		return nil, err
	}
	defer src.close()
	if src.hdr.datatype == dtRGB24 {
		return nil, fmt.Errorf("read NIfTI labels %s: datatype 128 (RGB24) is a colour image, not a label map", path)
	}
	l := &datasets.LabelMap{Grid: src.grid, DataType: src.typ.name, Path: path, Nifti: &src.hdr.geom}
	l.Labels = make([]uint16, src.grid.Len(), formatutil.TailCap(src.grid.Len(), 2, int(src.hdr.voxOffset)))
	dec := newLabelDecoder(src.hdr, l.Labels, src.grid.Dim)
	read := src.stream
	if src.gz != nil {
		var buf []byte
		if src.typ.bytes <= 2 {
			buf = formatutil.TailBuffer(l.Labels, int(src.hdr.voxOffset), src.dataBytes())
		}
		read = func(decode func([]byte, int) error) error { return src.gunzip(buf, decode) }
	}
	if err := read(dec.decode); err != nil {
		return nil, fmt.Errorf("read NIfTI labels %s: %w", path, err)
	}
	return l, nil
}

// niftiSource is an opened, validated NIfTI file positioned at its voxels.
type niftiSource struct {
	path     string
	dataPath string // the file holding the voxels: path, or a pair's .img
	hdr      *niftiHeader
	typ      niftiType
	grid     datasets.Grid
	data     io.Reader // voxel bytes, starting at vox_offset
	gz       *formatutil.GzipSource
	closers  []io.Closer
}

func (s *niftiSource) close() {
	for _, c := range s.closers {
		c.Close()
	}
}

// openNifti reads and validates the header, checks that the file can hold
// the voxels it claims, and positions a reader at the first voxel.
func openNifti(path string) (_ *niftiSource, err error) {
	src := &niftiSource{path: path}
	if hdr, ok := pairedHeaderPath(path); ok {
		path = hdr // given the .img of a pair, the header says how to read it
	}
	defer func() {
		if err != nil {
			src.close() // the files opened so far
		}
	}()
	hr, hsize, hgz, err := openMaybeGzip(path, src)
	if err != nil {
		return nil, err
	}
	var first4 [4]byte
	if _, err := io.ReadFull(hr, first4[:]); err != nil {
		return nil, fmt.Errorf("read NIfTI %s: file too short for a NIfTI header (%s)", path, formatutil.DescribeShort(err, hgz))
	}
	version, be, ok := headerVersion(first4[:])
	if !ok {
		return nil, fmt.Errorf("read NIfTI %s: not a NIfTI file: sizeof_hdr is % x, expected 348 (NIfTI-1) or 540 (NIfTI-2) in either byte order", path, first4)
	}
	hsz := nifti1HeaderSize
	if version == 2 {
		hsz = nifti2HeaderSize
	}
	raw := make([]byte, hsz)
	copy(raw, first4[:])
	if _, err := io.ReadFull(hr, raw[4:]); err != nil {
		return nil, fmt.Errorf("read NIfTI %s: header truncated: expected %d header bytes (%s)", path, hsz, formatutil.DescribeShort(err, hgz))
	}
	h, err := parseNiftiHeader(raw, version, be)
	if err != nil {
		return nil, fmt.Errorf("read NIfTI %s: %w", path, err)
	}
	dims, typ, err := h.checkLayout()
	if err != nil {
		return nil, fmt.Errorf("read NIfTI %s: %w", path, err)
	}
	src.hdr, src.typ = h, typ
	src.grid = datasets.Grid{Dim: dims, Spacing: h.geom.VoxelSize(), Affine: h.geom.Affine()}
	need := int64(src.grid.Len()) * int64(typ.bytes)

	dataPath, dr, dsize, dgz := path, hr, hsize, hgz
	pos := int64(hsz) // bytes of dr already consumed
	if h.pair {
		dataPath, err = pairedImagePath(path)
		if err != nil {
			return nil, err
		}
		if dr, dsize, dgz, err = openMaybeGzip(dataPath, src); err != nil {
			return nil, err
		}
		pos = 0
	} else if h.voxOffset < pos+4 {
		// vox_offset 0 (seen in real SPM files) means "right after the
		// header and its 4-byte extension flag", as nibabel reads it.
		h.voxOffset = pos + 4
	}
	if h.voxOffset > pos {
		if n, err := io.CopyN(io.Discard, dr, h.voxOffset-pos); err != nil {
			return nil, fmt.Errorf("read NIfTI %s: vox_offset is %d but the file ends after %d bytes (%s)", dataPath, h.voxOffset, pos+n, formatutil.DescribeShort(err, dgz))
		}
	}
	if dgz == nil {
		if have := dsize - h.voxOffset; have < need {
			return nil, fmt.Errorf("read NIfTI %s: header claims %s %s voxels = %d bytes of data from offset %d, but the file has only %d",
				dataPath, src.grid.ShapeString(), typ.name, need, h.voxOffset, max(have, 0))
		}
	} else if limit := dsize * formatutil.MaxDeflateRatio; need+h.voxOffset > limit {
		return nil, fmt.Errorf("read NIfTI %s: header claims %s %s voxels = %d bytes of data, but a %d-byte gzip file can hold at most %d: truncated file or corrupt header",
			dataPath, src.grid.ShapeString(), typ.name, need, dsize, limit)
	}
	src.data, src.gz, src.dataPath = dr, dgz, dataPath
	return src, nil
}

// stream feeds the voxel bytes to decode in chunks whose length is a
// multiple of the voxel size, then, for gzip, reads to the end of the stream
// so its checksum is verified.
func (s *niftiSource) stream(decode func(chunk []byte, first int) error) error {
	vb := s.typ.bytes
	total := s.grid.Len()
	per := max(formatutil.ChunkBytes/vb, 1)
	buf := make([]byte, min(per, total)*vb)
	for first := 0; first < total; first += per {
		n := min(per, total-first)
		b := buf[:n*vb]
		if got, err := io.ReadFull(s.data, b); err != nil {
			read := int64(first)*int64(vb) + int64(got)
			return fmt.Errorf("voxel data truncated: expected %d bytes (%s %s), found %d (%s)",
				int64(total)*int64(vb), s.grid.ShapeString(), s.typ.name, read, formatutil.DescribeShort(err, s.gz))
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

func (s *niftiSource) dataBytes() int { return s.grid.Len() * s.typ.bytes }

// gunzip is stream for gzip files: the whole file inflated at once by
// formatutil.Gunzip into buf (the header's vox_offset bytes, then the
// voxels; nil: allocated here), then decoded in one chunk.
func (s *niftiSource) gunzip(buf []byte, decode func(chunk []byte, first int) error) error {
	skip, need := int(s.hdr.voxOffset), s.dataBytes()
	if buf == nil {
		buf = make([]byte, skip+need)
	}
	n, err := formatutil.Gunzip(s.dataPath, buf)
	if n < skip+need {
		why := "the decompressed data ends there"
		if err != nil {
			why = formatutil.DescribeGunzip(err, n, skip+need)
		}
		return fmt.Errorf("voxel data truncated: expected %d bytes (%s %s), found %d (%s)",
			need, s.grid.ShapeString(), s.typ.name, max(n-skip, 0), why)
	}
	if err != nil {
		return errors.New(formatutil.DescribeGunzip(err, n, skip+need))
	}
	return decode(buf[skip:skip+need], 0)
}

// openMaybeGzip opens path and, when it starts with the gzip magic (not
// judged by its name), wraps it in a decompressor. size is the file's
// size on disk.
func openMaybeGzip(path string, src *niftiSource) (r io.Reader, size int64, gz *formatutil.GzipSource, err error) {
	f, err := datasets.OpenRegular(path)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("read NIfTI: %w", err)
	}
	src.closers = append(src.closers, f)
	st, err := f.Stat()
	if err != nil {
		return nil, 0, nil, fmt.Errorf("read NIfTI: %w", err)
	}
	if st.IsDir() {
		return nil, 0, nil, fmt.Errorf("read NIfTI %s: is a directory, expected a .nii or .nii.gz file", path)
	}
	br := bufio.NewReaderSize(f, 1<<16)
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, 0, nil, fmt.Errorf("read NIfTI %s: %w", path, err)
	}
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := formatutil.NewGzipSource(br)
		if err != nil {
			return nil, 0, nil, fmt.Errorf("read NIfTI %s: corrupt gzip stream: %w", path, err)
		}
		src.closers = append(src.closers, gz)
		return gz, st.Size(), gz, nil
	}
	return br, st.Size(), nil, nil
}

// pairedImagePath finds the .img that holds the voxels of a .hdr (ni1/ni2
// magic), trying the compressed and plain names.
func pairedImagePath(hdrPath string) (string, error) {
	base, _ := strings.CutSuffix(hdrPath, ".gz")
	stem, ok := strings.CutSuffix(base, ".hdr")
	if !ok {
		return "", fmt.Errorf("read NIfTI %s: magic says header/image pair (ni1/ni2) but the file is not named .hdr", hdrPath)
	}
	for _, cand := range []string{stem + ".img", stem + ".img.gz"} {
		if _, err := os.Stat(cand); err == nil {
			return cand, nil
		}
	}
	return "", fmt.Errorf("read NIfTI %s: header of a .hdr/.img pair, but %s.img is missing", hdrPath, stem)
}

// pairedHeaderPath maps X.img or X.img.gz to an existing X.hdr or X.hdr.gz.
func pairedHeaderPath(path string) (string, bool) {
	base, _ := strings.CutSuffix(path, ".gz")
	stem, ok := strings.CutSuffix(base, ".img")
	if !ok {
		return "", false
	}
	for _, cand := range []string{stem + ".hdr", stem + ".hdr.gz"} {
		if _, err := os.Stat(cand); err == nil {
			return cand, true
		}
	}
	return "", false
}
