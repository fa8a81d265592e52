package codec

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
)

// Inflate decompresses the data set of a Deflated Explicit VR Little
// Endian file (the bytes after the file meta group: raw deflate, no zlib
// or gzip header). limit bounds the output, so a small file cannot expand
// into gigabytes; exceeding it is an error.
func Inflate(compressed []byte, limit int64) ([]byte, error) {
	r := flate.NewReader(bytes.NewReader(compressed))
	defer r.Close()
	var out bytes.Buffer
	n, err := io.Copy(&out, io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("deflated data set: %w (after %d bytes): corrupt or truncated", err, n)
	}
	if n > limit {
		return nil, fmt.Errorf("deflated data set inflates past the %d-byte limit", limit)
	}
	return out.Bytes(), nil
}
