package onnx

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/engine"
)

func badVariant(family engine.Family, enc, dec string) engine.Variant {
	fix := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join("..", "testdata", "models", p)
	}
	return engine.Variant{Name: "bad", Family: family, Encoder: fix(enc), Decoder: fix(dec)}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestContractViolationsGiveClearErrors(t *testing.T) {
	rt := testRuntime(t)
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.onnx")
	if err := os.WriteFile(corrupt, []byte("this is not a protobuf \x00\x01\x02"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The external-data model without its weights file beside it.
	lonely := filepath.Join(dir, "encoder_external.onnx")
	copyFile(t, "../testdata/models/bad/encoder_external.onnx", lonely)

	cases := []struct {
		name string
		v    engine.Variant
		want []string
	}{
		{"missing input", badVariant(engine.FamilyMedSAM, "sam_encoder.onnx", "bad/decoder_no_orig_size.onnx"),
			[]string{"decoder", "decoder_no_orig_size.onnx", `missing input "orig_im_size" float32 [2]`, `"point_coords" float32 [1,?,2]`}},
		{"wrong shape", badVariant(engine.FamilySAM, "bad/encoder_512.onnx", "sam_decoder.onnx"),
			[]string{"encoder", "encoder_512.onnx", "expected float32 [1,3,1024,1024]", `found "images" float32 [1,3,512,512]`}},
		{"wrong dtype", badVariant(engine.FamilyMedSAM, "sam_encoder.onnx", "bad/decoder_int_labels.onnx"),
			[]string{`input "point_labels": expected "point_labels" float32 [1,?]`, `found "point_labels" int64 [1,?]`}},
		{"corrupt file", badVariant(engine.FamilySAM, corrupt, "sam_decoder.onnx"),
			[]string{"encoder " + corrupt, "cannot load it"}},
		{"missing external data", badVariant(engine.FamilySAM, lonely, "sam_decoder.onnx"),
			[]string{"encoder " + lonely, "external data file " + filepath.Join(dir, "encoder_external_data.bin"), "does not exist"}},
		{"missing file", badVariant(engine.FamilySAM2, "sam2_encoder.onnx", "nowhere.onnx"),
			[]string{"decoder", "nowhere.onnx does not exist"}},
		{"wrong family", badVariant(engine.FamilySAM2, "sam_encoder.onnx", "sam_decoder.onnx"),
			[]string{`encoder ../testdata/models/sam_encoder.onnx: missing input "image" float32 [1,3,1024,1024]; the file's inputs are "images" float32 [1,3,1024,1024]`}},
		{"semantic class count", engine.Variant{Name: "bad", Family: engine.FamilySemantic, Encoder: "../testdata/models/semantic_argmax.onnx",
			Classes: []engine.ClassRef{{ID: 1, Name: "a"}, {ID: 2, Name: "b"}, {ID: 3, Name: "c"}, {ID: 4, Name: "d"}}}, []string{"expected float32 [1,4 or 5,h,w] logits for the 4 classes", `found "logits" float32 [1,3,64,64]`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckVariant(c.v, rt)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not say %q", err, w)
				}
			}
			if _, err := Open(c.v, rt, OpenOptions{Device: engine.DeviceCPU}); err == nil {
				t.Error("Open accepted what CheckVariant refused")
			}
		})
	}
}

func TestExternalDataBesideModelLoads(t *testing.T) {
	v := badVariant(engine.FamilySAM, "bad/encoder_external.onnx", "sam_decoder.onnx")
	if err := CheckVariant(v, testRuntime(t)); err != nil {
		t.Fatalf("external data file present, yet: %v", err)
	}
}

func TestMissingRuntimeLibraryNamesEveryPlaceLooked(t *testing.T) {
	_, err := NewRuntime(RuntimeOptions{LibPath: "/nonexistent/libonnxruntime.so.1"})
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/libonnxruntime.so.1 (from --ort-lib) does not exist") {
		t.Errorf("explicit path: %v", err)
	}
	t.Setenv(EnvORTLib, "/also/missing.so")
	_, err = NewRuntime(RuntimeOptions{})
	if err == nil || !strings.Contains(err.Error(), "/also/missing.so (from $ONNXRUNTIME_LIB) does not exist") {
		t.Errorf("env path: %v", err)
	}
	t.Setenv(EnvORTLib, "")
	dir := t.TempDir()
	t.Chdir(dir)
	_, err = ResolveORTLibrary("", engine.DeviceAuto)
	if err == nil {
		t.Fatal("found a library in an empty folder")
	}
	for _, w := range []string{filepath.Join(dir, "lib", "libonnxruntime.so.1"), filepath.Join(dir, "lib", "gpu", "libonnxruntime.so"), "/lib/libonnxruntime.so.1", "fetch-ort.sh"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not name %s", err, w)
		}
	}
	// lib/ in the working directory is found.
	if err := os.MkdirAll(filepath.Join(dir, "lib"), 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, "/dev/null", filepath.Join(dir, "lib", "libonnxruntime.so.1"))
	if p, err := ResolveORTLibrary("", engine.DeviceCPU); err != nil || p != filepath.Join(dir, "lib", "libonnxruntime.so.1") {
		t.Errorf("ResolveORTLibrary = %q, %v", p, err)
	}
}

func TestRuntimeReportsVersionAndOnlyOnce(t *testing.T) {
	rt := testRuntime(t)
	if !strings.HasPrefix(rt.Version(), "1.") || !strings.Contains(rt.LibPath(), "libonnxruntime") {
		t.Errorf("version %q, library %q", rt.Version(), rt.LibPath())
	}
	if _, err := NewRuntime(RuntimeOptions{Device: engine.DeviceCPU}); err == nil || !strings.Contains(err.Error(), "already initialised") {
		t.Errorf("second runtime: %v", err)
	}
}

func TestDeviceAutoFallsBackToCPUWithNotice(t *testing.T) {
	rt := testRuntime(t)
	v := fixtureVariant(t, "sam-fixture")
	if rt.CUDAError() == nil {
		t.Skip("CUDA works on this machine; the fallback cannot be exercised")
	}
	e, err := Open(v, rt, OpenOptions{Device: engine.DeviceAuto})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	d := e.(engine.DeviceReporter)
	if d.Device() != engine.DeviceCPU || !strings.Contains(d.DeviceNotice(), "CUDA unavailable, running on CPU") {
		t.Errorf("device %q, notice %q", d.Device(), d.DeviceNotice())
	}
	_, err = Open(v, rt, OpenOptions{Device: engine.DeviceCUDA})
	if err == nil || !strings.Contains(err.Error(), "device cuda requested but CUDA cannot be used") {
		t.Errorf("--device cuda without CUDA: %v", err)
	}
}

func TestEngineRefusesForeignEmbeddingsAndBadImages(t *testing.T) {
	a, b := openFixture(t, "sam-fixture"), openFixture(t, "medsam-fixture")
	emb := encode(t, a, ctImage(64, 40, 0))
	if _, err := b.Decode(t.Context(), emb, engine.Prompt{Points: []engine.Point{{X: 3, Y: 3, Positive: true}}}); err == nil ||
		!strings.Contains(err.Error(), "not made by this model") {
		t.Errorf("foreign embedding: %v", err)
	}
	if _, err := a.Decode(t.Context(), emb, engine.Prompt{}); err == nil || !strings.Contains(err.Error(), "no points and no box") {
		t.Errorf("empty prompt: %v", err)
	}
	bad := &engine.LowRes{Width: 64, Height: 64, Logits: make([]float32, 64*64)}
	if _, err := a.Decode(t.Context(), emb, engine.Prompt{Points: []engine.Point{{X: 3, Y: 3, Positive: true}}, Prev: bad}); err == nil ||
		!strings.Contains(err.Error(), "expected 256x256") {
		t.Errorf("wrong-size previous mask: %v", err)
	}
	if _, err := a.Encode(t.Context(), &engine.Image{Width: 10, Height: 10, Grey: make([]float32, 5)}); err == nil ||
		!strings.Contains(err.Error(), "Grey needs 100 values, found 5") {
		t.Errorf("short image: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := a.Encode(ctx, ctImage(64, 40, 0)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled encode: %v", err)
	}
}
