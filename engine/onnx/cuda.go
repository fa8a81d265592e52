package onnx

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include "cuda_shim.h"

typedef struct {
  seg_api (*GetApi)(uint32_t version);
  const char* (*GetVersionString)(void);
} seg_api_base;

static void* seg_dlopen(const char* path, int noload) {
  return dlopen(path, RTLD_LAZY | RTLD_LOCAL | (noload ? RTLD_NOLOAD : 0));
}

static const char* seg_dlerror(void) {
  const char* e = dlerror();
  return e ? e : "unknown dlopen error";
}

// seg_get_api calls OrtGetApiBase()->GetApi in the library behind handle.
static seg_api seg_get_api(void* handle) {
  void* sym = dlsym(handle, "OrtGetApiBase");
  if (sym == NULL) return NULL;
  const seg_api_base* base = ((const seg_api_base* (*)(void))sym)();
  return base == NULL ? NULL : base->GetApi(SEG_ORT_API_VERSION);
}

static char* seg_create_env(seg_api api, OrtEnv** env) {
  return seg_status(api, SEG_CALL(api, CreateEnv)(ORT_LOGGING_LEVEL_ERROR, "segtui", env));
}

static void seg_release_env(seg_api api, OrtEnv* env) { SEG_CALL(api, ReleaseEnv)(env); }

static char* seg_ep_devices(seg_api api, OrtEnv* env, const OrtEpDevice* const** devs, size_t* n) {
  return seg_status(api, SEG_CALL(api, GetEpDevices)(env, devs, n));
}

static const OrtEpDevice* seg_device_at(const OrtEpDevice* const* devs, size_t i) { return devs[i]; }
static const char* seg_ep_name(seg_api api, const OrtEpDevice* d) { return SEG_CALL(api, EpDevice_EpName)(d); }
static const char* seg_ep_vendor(seg_api api, const OrtEpDevice* d) { return SEG_CALL(api, EpDevice_EpVendor)(d); }
static int seg_hw_type(seg_api api, const OrtEpDevice* d) {
  return (int)SEG_CALL(api, HardwareDevice_Type)(SEG_CALL(api, EpDevice_Device)(d));
}
static const char* seg_hw_vendor(seg_api api, const OrtEpDevice* d) {
  return SEG_CALL(api, HardwareDevice_Vendor)(SEG_CALL(api, EpDevice_Device)(d));
}
static uint32_t seg_hw_vendor_id(seg_api api, const OrtEpDevice* d) {
  return SEG_CALL(api, HardwareDevice_VendorId)(SEG_CALL(api, EpDevice_Device)(d));
}
static uint32_t seg_hw_device_id(seg_api api, const OrtEpDevice* d) {
  return SEG_CALL(api, HardwareDevice_DeviceId)(SEG_CALL(api, EpDevice_Device)(d));
}

static char* seg_append_ep(seg_api api, OrtSessionOptions* so, OrtEnv* env, const OrtEpDevice* d) {
  const OrtEpDevice* devs[1] = {d};
  return seg_status(api, SEG_CALL(api, SessionOptionsAppendExecutionProvider_V2)(so, env, devs, 1, NULL, NULL, 0));
}

static char* seg_add_config(seg_api api, OrtSessionOptions* so, const char* key, const char* value) {
  return seg_status(api, SEG_CALL(api, AddSessionConfigEntry)(so, key, value));
}

static char* seg_add_run_config(seg_api api, OrtRunOptions* ro, const char* key, const char* value) {
  return seg_status(api, SEG_CALL(api, AddRunConfigEntry)(ro, key, value));
}
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

// ortAPI is the C API of the ONNX Runtime library that onnxruntime_go has
// loaded, reached from segtui's own code for the calls onnxruntime_go does
// not wrap, with a reference to the process's OrtEnv. ORT documents that
// every CreateEnv* call returns the one existing environment (reference
// counted), so env is the same OrtEnv that onnxruntime_go creates sessions
// in. close must run before onnxruntime_go destroys its environment and
// unloads the library.
type ortAPI struct {
	handle unsafe.Pointer
	api    C.seg_api
	env    *C.OrtEnv
}

// openORTAPI finds the already-loaded library at libPath (RTLD_NOLOAD: it
// never loads a second copy) and takes a reference to its environment.
func openORTAPI(libPath string) (*ortAPI, error) {
	cPath := C.CString(libPath)
	defer C.free(unsafe.Pointer(cPath))
	h := C.seg_dlopen(cPath, 1)
	if h == nil {
		return nil, fmt.Errorf("%s is not loaded in this process: %s", libPath, C.GoString(C.seg_dlerror()))
	}
	api := C.seg_get_api(h)
	if api == nil {
		C.dlclose(h)
		return nil, fmt.Errorf("%s offers no OrtApi version %d (ONNX Runtime 1.22 or newer is needed for plugin execution providers)", libPath, C.SEG_ORT_API_VERSION)
	}
	a := &ortAPI{handle: h, api: api}
	if err := a.status(C.seg_create_env(api, &a.env)); err != nil {
		C.dlclose(h)
		return nil, fmt.Errorf("getting the ONNX Runtime environment: %w", err)
	}
	return a, nil
}

func (a *ortAPI) close() {
	if a == nil || a.handle == nil {
		return
	}
	C.seg_release_env(a.api, a.env)
	C.dlclose(a.handle)
	a.handle, a.env = nil, nil
}

// status turns a message from seg_status into an error and frees it.
func (a *ortAPI) status(msg *C.char) error {
	if msg == nil {
		return nil
	}
	defer C.free(unsafe.Pointer(msg))
	return errors.New(C.GoString(msg))
}

// epDevice is one OrtEpDevice: an execution provider paired with a
// hardware device. ptr stays valid while the provider library is registered.
type epDevice struct {
	ptr      unsafe.Pointer
	EP       string // e.g. CUDAExecutionProvider
	EPVendor string
	Kind     string // CPU, GPU or NPU
	Vendor   string
	VendorID uint32
	DeviceID uint32
}

func (d epDevice) String() string {
	hw := d.Kind
	if d.Vendor != "" {
		hw = d.Vendor + " " + d.Kind
	}
	return fmt.Sprintf("%s on %s (vendor 0x%04x, device 0x%04x)", d.EP, hw, d.VendorID, d.DeviceID)
}

// epDevices lists the devices of every registered execution provider.
func (a *ortAPI) epDevices() ([]epDevice, error) {
	var devs **C.OrtEpDevice
	var n C.size_t
	if err := a.status(C.seg_ep_devices(a.api, a.env, &devs, &n)); err != nil {
		return nil, err
	}
	out := make([]epDevice, 0, int(n))
	for i := C.size_t(0); i < n; i++ {
		d := C.seg_device_at(devs, i)
		kind := "unknown"
		switch C.seg_hw_type(a.api, d) {
		case C.OrtHardwareDeviceType_CPU:
			kind = "CPU"
		case C.OrtHardwareDeviceType_GPU:
			kind = "GPU"
		case C.OrtHardwareDeviceType_NPU:
			kind = "NPU"
		}
		out = append(out, epDevice{
			ptr:      unsafe.Pointer(d),
			EP:       C.GoString(C.seg_ep_name(a.api, d)),
			EPVendor: C.GoString(C.seg_ep_vendor(a.api, d)),
			Kind:     kind,
			Vendor:   C.GoString(C.seg_hw_vendor(a.api, d)),
			VendorID: uint32(C.seg_hw_vendor_id(a.api, d)),
			DeviceID: uint32(C.seg_hw_device_id(a.api, d)),
		})
	}
	return out, nil
}

// appendEP adds the device's execution provider to the OrtSessionOptions
// behind so (see sessionOptionsHandle).
func (a *ortAPI) appendEP(so unsafe.Pointer, d epDevice) error {
	return a.status(C.seg_append_ep(a.api, (*C.OrtSessionOptions)(so), a.env, (*C.OrtEpDevice)(d.ptr)))
}

// addConfigEntry sets a session configuration entry on the OrtSessionOptions
// behind so; the tests use it to prove that handle is the real one.
func (a *ortAPI) addConfigEntry(so unsafe.Pointer, key, value string) error {
	k, v := C.CString(key), C.CString(value)
	defer C.free(unsafe.Pointer(k))
	defer C.free(unsafe.Pointer(v))
	return a.status(C.seg_add_config(a.api, (*C.OrtSessionOptions)(so), k, v))
}

// addRunConfigEntry sets a run configuration entry on the OrtRunOptions
// behind ro (see runOptionsHandle).
func (a *ortAPI) addRunConfigEntry(ro unsafe.Pointer, key, value string) error {
	k, v := C.CString(key), C.CString(value)
	defer C.free(unsafe.Pointer(k))
	defer C.free(unsafe.Pointer(v))
	return a.status(C.seg_add_run_config(a.api, (*C.OrtRunOptions)(ro), k, v))
}

// sharedLibraryLoads reports why the dynamic linker cannot load name (a
// bare soname searched the usual way, LD_LIBRARY_PATH included), or nil.
func sharedLibraryLoads(name string) error {
	c := C.CString(name)
	defer C.free(unsafe.Pointer(c))
	h := C.seg_dlopen(c, 0)
	if h == nil {
		return errors.New(C.GoString(C.seg_dlerror()))
	}
	C.dlclose(h)
	return nil
}
