package onnx

import (
	"fmt"
	"strings"

	ort "github.com/yalue/onnxruntime_go"
)

// cudaProviderLib is the CUDA execution provider library that make
// setup-gpu puts beside the ONNX Runtime library.
const cudaProviderLib = "libonnxruntime_providers_cuda.so"

// cudaEPName is the name ORT gives the CUDA execution provider's devices.
const cudaEPName = "CUDAExecutionProvider"

// cudaPluginRegistration is the name segtui registers the library under.
const cudaPluginRegistration = "segtui-cuda"

// cudaPlugin is the CUDA execution provider loaded as a plugin EP
// (RegisterExecutionProviderLibrary) and the GPU it runs on. The CUDA
// build make setup-gpu fetches (ORT 1.29 from the Unity package) has no
// built-in CUDA EP; its provider library exports CreateEpFactories, which
// is the only way in.
type cudaPlugin struct {
	api    *ortAPI
	device epDevice
}

// cudaStepError says which step of loading the CUDA plugin failed.
type cudaStepError struct {
	Step string
	Err  error
}

func (e *cudaStepError) Error() string { return "CUDA plugin: " + e.Step + ": " + e.Err.Error() }
func (e *cudaStepError) Unwrap() error { return e.Err }

// loadCUDAPlugin registers provider with the environment of the library
// at ortLib and picks the first CUDA GPU it offers. On failure nothing
// stays registered.
func loadCUDAPlugin(ortLib, provider string) (*cudaPlugin, error) {
	api, err := openORTAPI(ortLib)
	if err != nil {
		return nil, &cudaStepError{"reaching the ONNX Runtime C API", err}
	}
	if err := ort.RegisterExecutionProviderLibrary(cudaPluginRegistration, provider); err != nil {
		api.close()
		if miss := missingDependencies(provider); miss != "" {
			err = fmt.Errorf("%w; %s", err, miss)
		}
		return nil, &cudaStepError{"registering " + provider, err}
	}
	fail := func(step string, err error) (*cudaPlugin, error) {
		ort.UnregisterExecutionProviderLibrary(cudaPluginRegistration)
		api.close()
		return nil, &cudaStepError{step, err}
	}
	devs, err := api.epDevices()
	if err != nil {
		return fail("listing execution provider devices", err)
	}
	var found []string
	for _, d := range devs {
		if d.EP == cudaEPName && d.Kind == "GPU" {
			return &cudaPlugin{api: api, device: d}, nil
		}
		found = append(found, d.String())
	}
	return fail("finding a CUDA device", fmt.Errorf("the provider loaded but offers no GPU (no NVIDIA GPU visible, or CUDA_VISIBLE_DEVICES hides it); devices ONNX Runtime offers: %s",
		strings.Join(found, ", ")))
}

// appendTo adds the CUDA execution provider on the chosen GPU to so.
func (p *cudaPlugin) appendTo(so *ort.SessionOptions) error {
	h, err := sessionOptionsHandle(so)
	if err == nil {
		err = p.api.appendEP(h, p.device)
	}
	if err != nil {
		return &cudaStepError{"adding " + cudaEPName + " to the session options", err}
	}
	return nil
}

// close unregisters the library; every session using it must be gone.
func (p *cudaPlugin) close() {
	if p == nil {
		return
	}
	ort.UnregisterExecutionProviderLibrary(cudaPluginRegistration)
	p.api.close()
}

// probe appends the provider to throwaway options, so a plugin that
// registers but cannot be added fails the probe, not every session.
func (p *cudaPlugin) probe() error {
	so, err := ort.NewSessionOptions()
	if err != nil {
		return err
	}
	defer so.Destroy()
	return p.appendTo(so)
}
