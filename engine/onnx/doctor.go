package onnx

import (
	"os"
	"path/filepath"

	"github.com/segtui/segtui/engine"
)

// ORTReport is what `segtui doctor` says about ONNX Runtime.
type ORTReport struct {
	LibPath string // the library that would be used ("" when none found)
	Version string
	Err     error // why the library cannot be found or loaded
	// CUDAErr says why the CUDA execution provider cannot be used; nil when
	// it can.
	CUDAErr error
	// CUDADevice is what --device cuda runs on when CUDAErr is nil.
	CUDADevice string
	// GPUBuild is lib/gpu/libonnxruntime.so (make setup-gpu) when present.
	GPUBuild string
}

// DiagnoseORT loads the library the way the app would, probes CUDA, and
// closes it again. No other Runtime may be open.
func DiagnoseORT(opts RuntimeOptions) ORTReport {
	var rep ORTReport
	if p, err := ResolveORTLibrary(opts.LibPath, engine.DeviceCUDA); err == nil && filepath.Base(filepath.Dir(p)) == "gpu" {
		rep.GPUBuild = p
	}
	rt, err := NewRuntime(opts)
	if err != nil {
		rep.Err = err
		rep.LibPath, _ = ResolveORTLibrary(opts.LibPath, opts.Device)
		return rep
	}
	defer rt.Close()
	rep.LibPath, rep.Version, rep.CUDAErr = rt.LibPath(), rt.Version(), rt.CUDAError()
	rep.CUDADevice = rt.CUDADevice()
	if rep.LibPath != "" {
		if abs, err := filepath.Abs(rep.LibPath); err == nil {
			rep.LibPath = abs
		}
	}
	if _, err := os.Stat(rep.LibPath); err != nil {
		rep.Err = err
	}
	return rep
}
