package onnx

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/segtui/segtui/engine"
	ort "github.com/yalue/onnxruntime_go"
)

// RuntimeOptions says where to find ONNX Runtime.
type RuntimeOptions struct {
	// LibPath is an explicit library (--ort-lib); empty searches.
	LibPath string
	// Device decides whether the CUDA build in lib/gpu/ is preferred.
	Device engine.Device
}

// Runtime is the process's ONNX Runtime environment. onnxruntime_go keeps
// the loaded library and environment in its own package variables, so only
// one Runtime can be open at a time: create it once at start-up, pass it to
// Open, and Close it on exit (after closing every engine).
type Runtime struct {
	libPath string
	version string
	// api reaches the C calls onnxruntime_go does not wrap (run config
	// entries, the environment's allocator).
	api *ortAPI

	hugeOnce sync.Once
	huge     *hugePageAllocator
	hugeErr  error

	cudaOnce    sync.Once
	cudaErr     error
	cudaBuiltin bool        // the library's own CUDA EP works
	cuda        *cudaPlugin // else the CUDA plugin EP, when it works
}

// EnvORTLib names the environment variable that points at the library.
const EnvORTLib = "ONNXRUNTIME_LIB"

// ResolveORTLibrary finds libonnxruntime: the explicit path, then
// $ONNXRUNTIME_LIB, then lib/ beside the executable, then lib/ in the
// working directory and each of its parents (the repository root when run
// from a package folder). With device auto or cuda, lib/gpu/libonnxruntime.so
// (make setup-gpu) is tried first in each lib/ folder. The error names every
// place looked.
func ResolveORTLibrary(explicit string, dev engine.Device) (string, error) {
	if explicit != "" {
		if isFile(explicit) {
			return explicit, nil
		}
		return "", fmt.Errorf("ONNX Runtime library %s (from --ort-lib) does not exist", explicit)
	}
	if env := os.Getenv(EnvORTLib); env != "" {
		if isFile(env) {
			return env, nil
		}
		return "", fmt.Errorf("ONNX Runtime library %s (from $%s) does not exist", env, EnvORTLib)
	}
	var dirs []string
	if exe, err := os.Executable(); err == nil {
		dirs = append(dirs, filepath.Dir(exe))
	}
	if wd, err := os.Getwd(); err == nil {
		for d := wd; ; d = filepath.Dir(d) {
			dirs = append(dirs, d)
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	var looked []string
	for _, d := range dirs {
		cands := []string{filepath.Join(d, "lib", "libonnxruntime.so.1")}
		if dev != engine.DeviceCPU {
			cands = append([]string{filepath.Join(d, "lib", "gpu", "libonnxruntime.so")}, cands...)
		}
		for _, c := range cands {
			if isFile(c) {
				return c, nil
			}
			looked = append(looked, c)
		}
	}
	return "", fmt.Errorf("ONNX Runtime library not found: no --ort-lib, $%s unset, and none of %s exists; run scripts/fetch-ort.sh (make lib) or pass --ort-lib",
		EnvORTLib, strings.Join(looked, ", "))
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// NewRuntime loads the library and initialises the ONNX Runtime environment.
func NewRuntime(opts RuntimeOptions) (*Runtime, error) {
	path, err := ResolveORTLibrary(opts.LibPath, opts.Device)
	if err != nil {
		return nil, err
	}
	if ort.IsInitialized() {
		return nil, errors.New("ONNX Runtime is already initialised in this process: close the other Runtime first")
	}
	ort.SetSharedLibraryPath(path)
	if err := ort.InitializeEnvironment(ort.WithLogLevelError()); err != nil {
		return nil, fmt.Errorf("loading ONNX Runtime from %s: %w (it must be version 1.24 or newer, C API 24)", path, err)
	}
	api, err := openORTAPI(path)
	if err != nil {
		ort.DestroyEnvironment()
		return nil, fmt.Errorf("reaching the ONNX Runtime C API of %s: %w", path, err)
	}
	return &Runtime{libPath: path, version: ort.GetVersion(), api: api}, nil
}

// LibPath is the library in use.
func (r *Runtime) LibPath() string { return r.libPath }

// Version is the library's own version string.
func (r *Runtime) Version() string { return r.version }

// Close releases the environment; engines must be closed first.
func (r *Runtime) Close() error {
	if !ort.IsInitialized() {
		return nil
	}
	// The plugin holds a reference to the library: drop it before
	// onnxruntime_go unloads it.
	r.cuda.close()
	r.cuda = nil
	r.huge.close()
	r.huge = nil
	r.api.close()
	return ort.DestroyEnvironment()
}

// CUDAError reports why the CUDA execution provider cannot be used, or nil
// when it can. The probe runs once per Runtime: first the library's
// built-in CUDA EP (official onnxruntime-gpu builds), then the CUDA plugin
// EP in libonnxruntime_providers_cuda.so beside the library (the build make
// setup-gpu fetches, whose core has no built-in CUDA EP). The error names
// each route and the step that failed.
func (r *Runtime) CUDAError() error {
	r.cudaOnce.Do(func() {
		// The failure is reported through the error; keep ORT's own log quiet.
		ort.SetEnvironmentLogLevel(ort.LoggingLevelFatal)
		defer ort.SetEnvironmentLogLevel(ort.LoggingLevelError)
		builtinErr := probeBuiltinCUDA()
		if builtinErr == nil {
			r.cudaBuiltin = true
			return
		}
		provider := filepath.Join(filepath.Dir(r.libPath), cudaProviderLib)
		if !isFile(provider) {
			r.cudaErr = fmt.Errorf("built-in CUDA execution provider: %v; and no %s beside %s for the plugin route (make setup-gpu fetches the CUDA build into lib/gpu/)",
				builtinErr, cudaProviderLib, r.libPath)
			return
		}
		p, err := loadCUDAPlugin(r.libPath, provider)
		if err == nil {
			err = p.probe()
			if err != nil {
				p.close()
			}
		}
		if err != nil {
			r.cudaErr = fmt.Errorf("built-in CUDA execution provider: %v; %w", builtinErr, err)
			return
		}
		r.cuda = p
	})
	return r.cudaErr
}

// CUDADevice describes what --device cuda runs on ("" when CUDA cannot be
// used).
func (r *Runtime) CUDADevice() string {
	switch {
	case r.CUDAError() != nil:
		return ""
	case r.cuda != nil:
		return r.cuda.device.String() + " (plugin " + filepath.Join(filepath.Dir(r.libPath), cudaProviderLib) + ")"
	default:
		return "built-in CUDA execution provider of " + r.libPath
	}
}

// appendCUDA adds the CUDA execution provider that the probe found to so.
func (r *Runtime) appendCUDA(so *ort.SessionOptions) error {
	if err := r.CUDAError(); err != nil {
		return err
	}
	if r.cuda != nil {
		return r.cuda.appendTo(so)
	}
	return appendBuiltinCUDA(so)
}

// probeBuiltinCUDA tries the built-in CUDA EP on throwaway options.
func probeBuiltinCUDA() error {
	so, err := ort.NewSessionOptions()
	if err != nil {
		return err
	}
	defer so.Destroy()
	return appendBuiltinCUDA(so)
}

func appendBuiltinCUDA(so *ort.SessionOptions) error {
	co, err := ort.NewCUDAProviderOptions()
	if err == nil {
		err = so.AppendExecutionProviderCUDA(co)
		co.Destroy()
	}
	if err != nil {
		// ORT's messages end in a full stop; these are joined with others.
		return errors.New(strings.TrimRight(err.Error(), ". "))
	}
	return nil
}

// sessionOptions builds latency-tuned options for one device: every graph
// optimisation, intra-op threads = cores, sequential execution. The CPU
// memory arena is sessionConfig's choice.
func (r *Runtime) sessionOptions(dev engine.Device, threads int) (*ort.SessionOptions, error) {
	so, err := ort.NewSessionOptions()
	if err != nil {
		return nil, err
	}
	if threads <= 0 {
		threads = runtime.NumCPU()
	}
	steps := []error{
		so.SetIntraOpNumThreads(threads),
		so.SetInterOpNumThreads(1),
		so.SetExecutionMode(ort.ExecutionModeSequential),
		so.SetGraphOptimizationLevel(ort.GraphOptimizationLevelEnableAll),
	}
	if dev == engine.DeviceCUDA {
		steps = append(steps, r.appendCUDA(so))
	}
	if err := errors.Join(steps...); err != nil {
		so.Destroy()
		return nil, err
	}
	return so, nil
}
