package formatutil

import (
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
)

// GzipSource decompresses a gzip stream (.nii.gz, NRRD's gzip encoding). klauspost/compress inflates
// clearly faster than compress/gzip (see BenchmarkGunzip*), which matters
// because inflating dominates the load time of a CT volume.
type GzipSource struct {
	zr  *gzip.Reader
	err error // the first decompression error, kept to explain short reads
}

// NewGzipSource starts decompressing r.
func NewGzipSource(r io.Reader) (*GzipSource, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	return &GzipSource{zr: zr}, nil
}

func (g *GzipSource) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	if err != nil && err != io.EOF && g.err == nil {
		g.err = err
	}
	return n, err
}

func (g *GzipSource) Close() error { return g.zr.Close() }

// Finish reads what follows the voxels up to the end of the stream, so the
// gzip CRC and length are checked; trailing bytes beyond 1 MiB are left
// unread rather than scanned.
func (g *GzipSource) Finish() error {
	_, err := io.CopyN(io.Discard, g, 1<<20)
	if err == nil || errors.Is(err, io.EOF) {
		return nil
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("gzip stream truncated after the voxel data: its end and checksum are missing")
	}
	return fmt.Errorf("corrupt gzip stream after the voxel data: %w", err)
}

// Describe explains why the decompressed stream ended early.
func (g *GzipSource) Describe(err error) string {
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

// MaxDeflateRatio bounds how much data a gzip stream can expand to
// (deflate's limit is 1032:1), so a tiny file claiming a huge image is
// refused before its output is allocated.
const MaxDeflateRatio = 1032

// DescribeShort turns a read error into words, asking the gzip layer,
// when there is one, whether the compressed file itself was cut short.
func DescribeShort(err error, gz *GzipSource) string {
	if gz != nil {
		return gz.Describe(err)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "end of file"
	}
	return err.Error()
}
