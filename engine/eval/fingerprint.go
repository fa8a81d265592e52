package eval

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// FileStamp identifies an input file of a sharded run, so that merge can
// tell whether the shards read the same data and models: its path as the
// run named it, its size, and (for the files the shard read) its SHA-256.
// A folder (a DICOM series) is stamped by its regular files, in name order.
type FileStamp struct {
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256,omitempty"`
}

// CaseFiles is a labelled case of a sharded run with its input files.
type CaseFiles struct {
	ID    string      `json:"id"`
	Files []FileStamp `json:"files"`
}

// ModelFiles is a variant of a sharded run with its model files.
type ModelFiles struct {
	Variant string      `json:"variant"`
	Files   []FileStamp `json:"files"`
}

// stampFile sizes path (a file or a folder of files) and, with hash, digests
// its contents.
func stampFile(path string, hash bool) (FileStamp, error) {
	st, err := os.Stat(path)
	if err != nil {
		return FileStamp{}, err
	}
	if !st.IsDir() {
		if !st.Mode().IsRegular() {
			return FileStamp{}, fmt.Errorf("%s: not a regular file", path)
		}
		s := FileStamp{Path: path, Bytes: st.Size()}
		if hash {
			h := sha256.New()
			if err := hashInto(h, path); err != nil {
				return FileStamp{}, err
			}
			s.SHA256 = hex.EncodeToString(h.Sum(nil))
		}
		return s, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return FileStamp{}, err
	}
	s := FileStamp{Path: path}
	h := sha256.New()
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	for _, name := range names {
		fs, err := stampFile(filepath.Join(path, name), hash)
		if err != nil {
			return FileStamp{}, err
		}
		s.Bytes += fs.Bytes
		fmt.Fprintf(h, "%s\x00%d\x00%s\n", name, fs.Bytes, fs.SHA256)
	}
	if hash {
		s.SHA256 = hex.EncodeToString(h.Sum(nil))
	}
	return s, nil
}

func hashInto(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// stampAll stamps paths in order.
func stampAll(paths []string, hash bool) ([]FileStamp, error) {
	out := make([]FileStamp, 0, len(paths))
	for _, p := range paths {
		s, err := stampFile(p, hash)
		if err != nil {
			return nil, fmt.Errorf("fingerprint: %w", err)
		}
		out = append(out, s)
	}
	return out, nil
}
