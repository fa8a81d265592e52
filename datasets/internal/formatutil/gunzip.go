package formatutil

import (
	"errors"
	"os"
	"unsafe"

	"github.com/segtui/segtui/datasets/internal/inflate"
)

// Gunzip reads the gzip file at path whole and inflates it into out (every
// member, CRC-32 and lengths checked) with package inflate, about twice as
// fast as a streaming reader (BenchmarkGunzip). It returns how much of out
// it filled. A stream longer than out fills it and leaves the rest unread
// and unchecked, as GzipSource.Finish leaves what lies past its 1 MiB.
func Gunzip(path string, out []byte) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	var d inflate.Decoder
	n, err := d.Gunzip(data, out)
	if errors.Is(err, inflate.ErrShortBuffer) {
		return n, nil
	}
	return n, err
}

// DescribeGunzip puts a Gunzip error in the words GzipSource uses; n
// bytes were written of the need the caller has.
func DescribeGunzip(err error, n, need int) string {
	switch {
	case errors.Is(err, inflate.ErrTruncated) && n >= need:
		return "gzip stream truncated after the voxel data: its end and checksum are missing"
	case errors.Is(err, inflate.ErrTruncated):
		return "gzip stream truncated"
	}
	return "corrupt gzip stream: " + err.Error()
}

// TailBuffer returns skip+n bytes for Gunzip that end where dst's memory
// (up to its capacity) ends, so voxels stored no wider than dst's elements
// can be inflated into dst itself and converted in place, front to back:
// element i is written over stored bytes that element i and those before
// it have already read. Same-width types need room for the skip bytes
// past len(dst) (see TailCap). It allocates when dst's memory is too
// small. The stored voxels are the last n bytes.
func TailBuffer[T Number](dst []T, skip, n int) []byte {
	dst = dst[:cap(dst)]
	var z T
	size := len(dst) * int(unsafe.Sizeof(z))
	if size < n+skip || n > size {
		return make([]byte, n+skip)
	}
	all := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(dst))), size)
	return all[size-n-skip:]
}

// TailCap is the capacity to give a buffer of n elements of size bytes so
// TailBuffer can put skip bytes of header before data as wide as its
// elements; a header over 1 MiB (large extensions) gets no room, and
// TailBuffer allocates instead.
func TailCap(n, size, skip int) int {
	if skip > 1<<20 {
		return n
	}
	return n + (skip+size-1)/size
}
