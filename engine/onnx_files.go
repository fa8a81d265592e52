package engine

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	ort "github.com/yalue/onnxruntime_go"
)

// inspectModel checks that a model file and any external weight files it
// names exist, then reads its declared inputs and outputs through ONNX
// Runtime (with optimisation off, so the check stays cheap).
func inspectModel(role, path string) (*modelFile, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s %s does not exist", role, path)
		}
		return nil, fmt.Errorf("%s %s: %w", role, path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s %s is not a regular file", role, path)
	}
	missing, err := missingExternalData(path)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", role, path, err)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s %s keeps its weights in external data file %s, which does not exist; put it next to the .onnx file",
			role, path, missing[0])
	}
	so, err := ort.NewSessionOptions()
	if err != nil {
		return nil, err
	}
	defer so.Destroy()
	if err := errors.Join(so.SetGraphOptimizationLevel(ort.GraphOptimizationLevelDisableAll), so.SetIntraOpNumThreads(1)); err != nil {
		return nil, err
	}
	in, out, err := ort.GetInputOutputInfoWithOptions(path, so)
	if err != nil {
		return nil, fmt.Errorf("%s %s: ONNX Runtime cannot load it (corrupt or not an ONNX model?): %w", role, path, err)
	}
	return &modelFile{role: role, path: path, inputs: in, outputs: out}, nil
}

// externalMarker is how an ONNX file names an external weight file: a
// StringStringEntryProto with key "location" (field 1, 8 bytes) followed by
// its value (field 2). Scanning for it avoids a protobuf dependency.
var externalMarker = []byte("\x0a\x08location\x12")

// missingExternalData lists external data files the model names that are not
// beside it. ONNX Runtime's own error for this is a bare "file not found".
func missingExternalData(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	var missing []string
	seen := map[string]bool{}
	// Keep a tail so markers split across reads are found.
	var carry []byte
	buf := make([]byte, 1<<20)
	for {
		n, rerr := r.Read(buf)
		chunk := append(carry, buf[:n]...)
		for off := 0; ; {
			i := bytes.Index(chunk[off:], externalMarker)
			if i < 0 {
				break
			}
			p := off + i + len(externalMarker)
			if p >= len(chunk) {
				break
			}
			l := int(chunk[p]) // names under 128 bytes: one-byte varint
			if l >= 128 || p+1+l > len(chunk) {
				off = p
				continue
			}
			name := string(chunk[p+1 : p+1+l])
			off = p + 1 + l
			if name == "" || seen[name] {
				continue
			}
			seen[name] = true
			full := filepath.Join(filepath.Dir(path), name)
			if !isFile(full) {
				missing = append(missing, full)
			}
		}
		keep := min(len(chunk), 256)
		carry = append([]byte(nil), chunk[len(chunk)-keep:]...)
		if rerr == io.EOF {
			return missing, nil
		}
		if rerr != nil {
			return nil, rerr
		}
	}
}
