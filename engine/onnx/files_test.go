package onnx

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/engine"
)

// TestModelSourceIsReadOnce: a self-contained model's bytes, read for the
// contract check, are what its session loads; a model with external data
// loads from its path, where ONNX Runtime finds the weights file.
func TestModelSourceIsReadOnce(t *testing.T) {
	testRuntime(t)
	const plain = "../testdata/models/sam_encoder.onnx"
	_, src, err := inspectModel("encoder", plain)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(src.data, want) {
		t.Errorf("%s: source holds %d bytes, want the file's %d", plain, len(src.data), len(want))
	}
	const external = "../testdata/models/bad/encoder_external.onnx"
	_, src, err = inspectModel("encoder", external)
	if err != nil {
		t.Fatal(err)
	}
	if src.data != nil || src.path != external {
		t.Errorf("%s: source %d bytes, path %q; want the path alone", external, len(src.data), src.path)
	}
	e, err := Open(badVariant(engine.FamilySAM, "bad/encoder_external.onnx", "sam_decoder.onnx"), testRuntime(t), OpenOptions{Device: engine.DeviceCPU, Threads: 2})
	if err != nil {
		t.Fatalf("external-data model does not open from its path: %v", err)
	}
	e.Close()
}

func TestModelOverProtobufLimitIsRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "huge.onnx")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: no disk space, and the check must refuse before reading.
	if err := f.Truncate(maxModelBytes + 1); err != nil {
		t.Skipf("cannot make a sparse 2 GiB file here: %v", err)
	}
	f.Close()
	_, _, err = inspectModel("encoder", p)
	if err == nil || !strings.Contains(err.Error(), "encoder "+p) || !strings.Contains(err.Error(), "2 GiB") {
		t.Errorf("error %v, want one naming the file and the 2 GiB limit", err)
	}
}

func TestExternalDataNames(t *testing.T) {
	m := string(externalMarker)
	data := []byte("junk" + m + "\x05a.bin" + "more" + m + "\x05a.bin" + m + "\x03b.x" + m + "\x7f" + "short")
	got := externalDataNames(data)
	if strings.Join(got, ",") != "a.bin,b.x" {
		t.Errorf("names %q, want a.bin and b.x once each (a name cut off by the end ignored)", got)
	}
	if got := externalDataNames(append([]byte("x"), m...)); len(got) != 0 {
		t.Errorf("marker at the end gave %q", got)
	}
}
