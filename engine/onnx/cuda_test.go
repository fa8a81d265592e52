package onnx

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/engine"
	ort "github.com/yalue/onnxruntime_go"
)

// Tests of the CUDA plugin route that run without a GPU. Those that need
// the CUDA build (lib/gpu/, make setup-gpu) run in a child process of the
// test binary, because a process holds one ONNX Runtime library.

// gpuBuild is lib/gpu/libonnxruntime.so, or a skip.
func gpuBuild(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs("../../lib/gpu/libonnxruntime.so")
	if err != nil || !isFile(p) || !isFile(filepath.Join(filepath.Dir(p), cudaProviderLib)) {
		t.Skip("the CUDA build is not in lib/gpu/: run make setup-gpu (scripts/fetch-ort-gpu.sh) to test it")
	}
	return p
}

// cCompiler is the C compiler cgo uses, or a skip.
func cCompiler(t *testing.T) string {
	t.Helper()
	cc := os.Getenv("CC")
	if cc == "" {
		cc = "cc"
	}
	p, err := exec.LookPath(cc)
	if err != nil {
		t.Skipf("no C compiler (%s) to build the test's C code", cc)
	}
	return p
}

// runChild runs the named tests of this binary in a child process with
// env added; it fails with the child's output unless the child passes.
func runChild(t *testing.T, pattern string, env []string, wrap ...string) string {
	t.Helper()
	args := append(wrap, os.Args[0], "-test.run", pattern, "-test.v", "-test.count=1")
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "\nPASS") {
		t.Fatalf("child %s: %v\n%s", pattern, err, out)
	}
	return string(out)
}

func childRole(t *testing.T, role string) {
	if os.Getenv("SEGTUI_ORT_CHILD") != role {
		t.Skip("runs as a child process of another test")
	}
}

// TestORTAPISlotsMatchHeader compiles cuda_shim.h after the
// onnxruntime_c_api.h that onnxruntime_go vendors: every slot must be
// that member's offset in OrtApi and every signature must match, or the
// C compiler stops (-Werror).
func TestORTAPISlotsMatchHeader(t *testing.T) {
	cc := cCompiler(t)
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to find onnxruntime_go's header")
	}
	out, err := exec.Command(gobin, "list", "-m", "-f", "{{.Dir}}", "github.com/yalue/onnxruntime_go").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	modDir := strings.TrimSpace(string(out))
	dir := t.TempDir()
	withHeader := `#include <stddef.h>
#include "onnxruntime_c_api.h"
#define SEG_ORT_TYPES_FROM_HEADER
#include "cuda_shim.h"
#define CHECK(name, slot) \
  _Static_assert(offsetof(OrtApi, name) == (slot) * sizeof(void*), #name " is not at slot " #slot); \
  seg_##name check_##name(const OrtApi* a) { return a->name; }
SEG_ORT_SLOTS(CHECK)
_Static_assert(ORT_LOGGING_LEVEL_ERROR == 3 && OrtHardwareDeviceType_GPU == 1, "enum values");
_Static_assert(offsetof(OrtApiBase, GetApi) == 0, "OrtApiBase.GetApi");
`
	// The shim's own copies of ORT's enums must have ORT's values.
	alone := `#include "cuda_shim.h"
_Static_assert(ORT_LOGGING_LEVEL_ERROR == 3 && OrtHardwareDeviceType_GPU == 1, "enum values");
`
	wd, _ := os.Getwd()
	for name, src := range map[string]string{"with_header.c": withHeader, "alone.c": alone} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(cc, "-std=c11", "-Wall", "-Werror", "-fsyntax-only", "-I", modDir, "-I", wd, p)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: the shim disagrees with ONNX Runtime's header: %v\n%s", name, err, out)
		}
	}
}

func TestSessionOptionsHandleIsTheRealOne(t *testing.T) {
	rt := testRuntime(t)
	api, err := openORTAPI(rt.LibPath())
	if err != nil {
		t.Fatal(err)
	}
	defer api.close()
	so, err := ort.NewSessionOptions()
	if err != nil {
		t.Fatal(err)
	}
	h, err := sessionOptionsHandle(so)
	if err != nil {
		t.Fatalf("onnxruntime_go changed SessionOptions; update sessionOptionsHandle: %v", err)
	}
	if err := api.addConfigEntry(h, "segtui.handle_check", "42"); err != nil {
		t.Fatal(err)
	}
	if v, err := so.GetSessionConfigEntry("segtui.handle_check"); err != nil || v != "42" {
		t.Fatalf("entry set through the handle reads back as %q, %v: the handle is not onnxruntime_go's OrtSessionOptions", v, err)
	}
	so.Destroy()
	if _, err := sessionOptionsHandle(so); err == nil || !strings.Contains(err.Error(), "destroyed") {
		t.Errorf("destroyed options: %v", err)
	}
	if _, err := sessionOptionsHandle(nil); err == nil {
		t.Error("nil options gave a handle")
	}
}

// ORT documents CreateEnv as returning the process's one environment; the
// plugin route relies on it (it registers and lists devices in the env
// onnxruntime_go creates sessions in).
func TestORTEnvIsTheProcessSingleton(t *testing.T) {
	rt := testRuntime(t)
	a, err := openORTAPI(rt.LibPath())
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	b, err := openORTAPI(rt.LibPath())
	if err != nil {
		t.Fatal(err)
	}
	defer b.close()
	if a.env == nil || a.env != b.env {
		t.Fatalf("two CreateEnv calls gave %p and %p", a.env, b.env)
	}
	devs, err := a.epDevices()
	if err != nil {
		t.Fatal(err)
	}
	var cpu bool
	for _, d := range devs {
		cpu = cpu || (d.EP == "CPUExecutionProvider" && d.Kind == "CPU")
	}
	if !cpu {
		t.Errorf("GetEpDevices lists no CPU execution provider: %v", devs)
	}
}

func TestOpenORTAPINeverLoadsASecondLibrary(t *testing.T) {
	testRuntime(t)
	other := gpuBuild(t)
	if abs, _ := filepath.Abs(testRuntime(t).LibPath()); abs == other {
		t.Skip("the test runtime is the GPU build itself")
	}
	if _, err := openORTAPI(other); err == nil || !strings.Contains(err.Error(), "is not loaded in this process") {
		t.Fatalf("openORTAPI on a library not loaded: %v", err)
	}
}

func TestMissingDependenciesNamesEveryMissingLibrary(t *testing.T) {
	cc := cCompiler(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "x.c")
	if err := os.WriteFile(src, []byte("int x(void) { return 1; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	build := func(out string, args ...string) {
		t.Helper()
		cmd := exec.Command(cc, append([]string{"-shared", "-fPIC", "-o", filepath.Join(dir, out), src}, args...)...)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, b)
		}
	}
	// Two dependencies that exist while linking and are then removed.
	build("libsegtui_fake_blas.so.13", "-Wl,-soname,libsegtui_fake_blas.so.13")
	build("libsegtui_fake_rt.so.13", "-Wl,-soname,libsegtui_fake_rt.so.13")
	build("libprovider.so", "-Wl,--no-as-needed", filepath.Join(dir, "libsegtui_fake_blas.so.13"), filepath.Join(dir, "libsegtui_fake_rt.so.13"), "-lm")
	os.Remove(filepath.Join(dir, "libsegtui_fake_blas.so.13"))
	os.Remove(filepath.Join(dir, "libsegtui_fake_rt.so.13"))
	msg := missingDependencies(filepath.Join(dir, "libprovider.so"))
	for _, want := range []string{"libsegtui_fake_blas.so.13", "libsegtui_fake_rt.so.13", "LD_LIBRARY_PATH"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q does not name %s", msg, want)
		}
	}
	if strings.Contains(msg, "libm") || strings.Contains(msg, "libc.so") {
		t.Errorf("%q names a library that loads", msg)
	}
	if m := missingDependencies(filepath.Join(dir, "no-such.so")); m != "" {
		t.Errorf("unreadable library: %q", m)
	}
}

// TestGPUBuildWithoutCUDAFallsBackToCPU loads the CUDA build (ORT 1.29
// from make setup-gpu) in a child process: without the CUDA 13 libraries
// the plugin fails to register with an error naming each one missing,
// auto falls back to CPU, cuda is refused, and the fixtures' masks come out
// right on CPU with that library. On a machine where CUDA works, the child
// checks that the fixtures run on it instead.
func TestGPUBuildWithoutCUDAFallsBackToCPU(t *testing.T) {
	lib := gpuBuild(t)
	out := runChild(t, "^(TestGPUBuildChild|TestClickYieldsMaskCentredAtClick|TestBoxPromptFillsTheBox|TestSemanticLabelsFollowIntensityBands)$",
		[]string{"SEGTUI_ORT_CHILD=gpu-build", EnvORTLib + "=" + lib, EnvTestDevice + "=auto"})
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "CUDA error:") {
			t.Log(strings.TrimSpace(l))
		}
	}
}

func TestGPUBuildChild(t *testing.T) {
	childRole(t, "gpu-build")
	rt := testRuntime(t)
	if !strings.HasSuffix(rt.LibPath(), "gpu/libonnxruntime.so") {
		t.Fatalf("child runs %s, not the GPU build", rt.LibPath())
	}
	v := fixtureVariant(t, "sam-fixture")
	cudaErr := rt.CUDAError()
	if cudaErr == nil {
		t.Logf("CUDA works here: %s", rt.CUDADevice())
		e, err := Open(v, rt, OpenOptions{Device: engine.DeviceCUDA})
		if err != nil {
			t.Fatal(err)
		}
		e.Close()
		return
	}
	t.Logf("CUDA error: %v", cudaErr)
	msg := cudaErr.Error()
	if !strings.Contains(msg, "CUDA plugin: ") {
		t.Errorf("error does not say the plugin route was tried: %s", msg)
	}
	// Every CUDA library the provider needs that the dynamic linker has no
	// record of must be named.
	f, err := elf.Open(filepath.Join(filepath.Dir(rt.LibPath()), cudaProviderLib))
	if err != nil {
		t.Fatal(err)
	}
	needed, _ := f.ImportedLibraries()
	f.Close()
	for _, n := range needed {
		if strings.HasPrefix(n, "libcu") && !linkerKnows(n) && !strings.Contains(msg, n) {
			t.Errorf("%s is not installed, yet the error does not name it: %s", n, msg)
		}
	}
	e, err := Open(v, rt, OpenOptions{Device: engine.DeviceAuto})
	if err != nil {
		t.Fatal(err)
	}
	d := e.(engine.DeviceReporter)
	if d.Device() != engine.DeviceCPU || !strings.Contains(d.DeviceNotice(), "CUDA unavailable, running on CPU") || !strings.Contains(d.DeviceNotice(), "CUDA plugin: ") {
		t.Errorf("device %q, notice %q", d.Device(), d.DeviceNotice())
	}
	e.Close()
	if _, err := Open(v, rt, OpenOptions{Device: engine.DeviceCUDA}); err == nil || !strings.Contains(err.Error(), "device cuda requested but CUDA cannot be used") ||
		!strings.Contains(err.Error(), "CUDA plugin: ") {
		t.Errorf("--device cuda: %v", err)
	}
}

// linkerKnows reports whether ldconfig's cache or LD_LIBRARY_PATH holds a
// library of that name.
func linkerKnows(name string) bool {
	for _, d := range filepath.SplitList(os.Getenv("LD_LIBRARY_PATH")) {
		if d != "" && isFile(filepath.Join(d, name)) {
			return true
		}
	}
	for _, ldconfig := range []string{"/sbin/ldconfig", "/usr/sbin/ldconfig"} {
		if out, err := exec.Command(ldconfig, "-p").Output(); err == nil {
			return strings.Contains(string(out), name+" ")
		}
	}
	return false
}
