package datasets

import (
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
)

// gzipSource decompresses a .nii.gz stream. klauspost/compress inflates
// clearly faster than compress/gzip (see BenchmarkGunzip*), which matters
// because inflating dominates the load time of a CT volume.
type gzipSource struct {
	zr  *gzip.Reader
	err error // the first decompression error, kept to explain short reads
}

func newGzipSource(r io.Reader) (*gzipSource, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	return &gzipSource{zr: zr}, nil
}

func (g *gzipSource) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	if err != nil && err != io.EOF && g.err == nil {
		g.err = err
	}
	return n, err
}

func (g *gzipSource) Close() error { return g.zr.Close() }

// finish reads what follows the voxels up to the end of the stream, so the
// gzip CRC and length are checked; trailing bytes beyond 1 MiB are left
// unread rather than scanned.
func (g *gzipSource) finish() error {
	_, err := io.CopyN(io.Discard, g, 1<<20)
	if err == nil || errors.Is(err, io.EOF) {
		return nil
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("gzip stream truncated after the voxel data: its end and checksum are missing")
	}
	return fmt.Errorf("corrupt gzip stream after the voxel data: %w", err)
}

// describe explains why the decompressed stream ended early.
func (g *gzipSource) describe(err error) string {
	switch {
	case errors.Is(g.err, io.ErrUnexpectedEOF):
		return "gzip stream truncated"
	case g.err != nil:
		return "corrupt gzip stream: " + g.err.Error()
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the decompressed data ends there"
	}
	return err.Error()
}
