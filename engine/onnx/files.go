package onnx

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	ort "github.com/yalue/onnxruntime_go"
)

// maxModelBytes is protobuf's limit on one message: an .onnx file larger
// than this cannot be parsed, so its weights must be in external data.
const maxModelBytes = 2<<30 - 1

// modelSource is where ONNX Runtime loads a model from: the bytes read
// once for the contract check and again for the session (a ViT-B encoder
// loads ~20% faster than from the path twice), or the path, which a model
// with external data needs (ORT finds its weight files beside it).
type modelSource struct {
	path string
	data []byte // nil: load from path
}

// inspectModel checks that a model file and any external weight files it
// names exist, then reads its declared inputs and outputs through ONNX
// Runtime. The file is read once; the bytes come back for the session
// when the model has no external data.
func inspectModel(role, path string) (*modelFile, modelSource, error) {
	src := modelSource{path: path}
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, src, fmt.Errorf("%s %s does not exist", role, path)
		}
		return nil, src, fmt.Errorf("%s %s: %w", role, path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, src, fmt.Errorf("%s %s is not a regular file", role, path)
	}
	if st.Size() > maxModelBytes {
		return nil, src, fmt.Errorf("%s %s is %d bytes; an ONNX file cannot exceed 2 GiB (protobuf's limit): export it with its weights in external data",
			role, path, st.Size())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, src, fmt.Errorf("%s %s: %w", role, path, err)
	}
	names := externalDataNames(data)
	for _, n := range names {
		if full := filepath.Join(filepath.Dir(path), n); !isFile(full) {
			return nil, src, fmt.Errorf("%s %s keeps its weights in external data file %s, which does not exist; put it next to the .onnx file",
				role, path, full)
		}
	}
	var in, out []ort.InputOutputInfo
	if len(names) == 0 {
		src.data = data
		in, out, err = ort.GetInputOutputInfoWithONNXData(data)
	} else {
		in, out, err = infoFromPath(path)
	}
	if err != nil {
		return nil, src, fmt.Errorf("%s %s: ONNX Runtime cannot load it (corrupt or not an ONNX model?): %w", role, path, err)
	}
	return &modelFile{role: role, path: path, inputs: in, outputs: out}, src, nil
}

// infoFromPath reads a model's inputs and outputs from its path, with
// optimisation off so the throwaway session stays cheap.
func infoFromPath(path string) ([]ort.InputOutputInfo, []ort.InputOutputInfo, error) {
	so, err := ort.NewSessionOptions()
	if err != nil {
		return nil, nil, err
	}
	defer so.Destroy()
	if err := errors.Join(so.SetGraphOptimizationLevel(ort.GraphOptimizationLevelDisableAll), so.SetIntraOpNumThreads(1)); err != nil {
		return nil, nil, err
	}
	return ort.GetInputOutputInfoWithOptions(path, so)
}

// newSession creates the session from the source's bytes or path.
func (s modelSource) newSession(inputs, outputs []string, so *ort.SessionOptions) (*ort.DynamicAdvancedSession, error) {
	if s.data != nil {
		return ort.NewDynamicAdvancedSessionWithONNXData(s.data, inputs, outputs, so)
	}
	return ort.NewDynamicAdvancedSession(s.path, inputs, outputs, so)
}

// externalMarker is how an ONNX file names an external weight file: a
// StringStringEntryProto with key "location" (field 1, 8 bytes) followed by
// its value (field 2). Scanning for it avoids a protobuf dependency.
var externalMarker = []byte("\x0a\x08location\x12")

// externalDataNames lists the external data files the model names, each
// once. ONNX Runtime's own error for a missing one is a bare "file not
// found".
func externalDataNames(data []byte) []string {
	var names []string
	seen := map[string]bool{}
	for off := 0; ; {
		i := bytes.Index(data[off:], externalMarker)
		if i < 0 {
			return names
		}
		p := off + i + len(externalMarker)
		off = p
		if p >= len(data) {
			return names
		}
		l := int(data[p]) // names under 128 bytes: one-byte varint
		if l >= 128 || p+1+l > len(data) {
			continue
		}
		name := string(data[p+1 : p+1+l])
		off = p + 1 + l
		if name != "" && !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
}
