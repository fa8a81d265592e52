package onnx

import (
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segtui/segtui/engine"
)

// TestCUDAPluginPicksTheGPU drives the whole plugin route short of running
// a kernel, on a machine without a GPU: the real ORT 1.29 library and the
// real CUDA provider, with stand-ins for what is absent here, namely the
// CUDA 13 libraries (stubs built from the provider's own imports: one GPU,
// every other call failing) and an NVIDIA PCI device (a tmpfs over
// /sys/bus/pci/devices in a private mount namespace, which ORT's device
// discovery reads). It checks that the provider registers in the
// environment onnxruntime_go uses, that GetEpDevices offers the GPU, and
// that SessionOptionsAppendExecutionProvider_V2 accepts onnxruntime_go's
// session options. Needs root (mount namespaces) and a C compiler.
func TestCUDAPluginPicksTheGPU(t *testing.T) {
	lib := gpuBuild(t)
	cc := cCompiler(t)
	unshare, err := exec.LookPath("unshare")
	if err != nil || os.Geteuid() != 0 || !isDir("/sys/bus/pci/devices") {
		t.Skip("needs root, unshare(1) and /sys/bus/pci/devices to stand in an NVIDIA PCI device")
	}
	if err := exec.Command(unshare, "-m", "--propagation", "private", "true").Run(); err != nil {
		t.Skipf("cannot create a mount namespace here: %v", err)
	}
	stubs := buildCUDAStubs(t, cc, filepath.Join(filepath.Dir(lib), cudaProviderLib))
	const fakeGPU = `set -e
mount -t tmpfs segtui-fake-pci /sys/bus/pci/devices
d=/sys/bus/pci/devices/0000:3b:00.0
mkdir "$d"
echo 0x10de >"$d/vendor"; echo 0x2330 >"$d/device"; echo 0x030200 >"$d/class"
exec "$@"`
	runChild(t, "^TestCUDAStubChild$",
		[]string{"SEGTUI_ORT_CHILD=cuda-stub", EnvORTLib + "=" + lib, "LD_LIBRARY_PATH=" + stubs},
		unshare, "-m", "--propagation", "private", "sh", "-c", fakeGPU, "sh")
}

func TestCUDAStubChild(t *testing.T) {
	childRole(t, "cuda-stub")
	rt := testRuntime(t)
	if err := rt.CUDAError(); err != nil {
		t.Fatalf("with stub CUDA libraries and an NVIDIA PCI device: %v", err)
	}
	if d := rt.CUDADevice(); !strings.Contains(d, "CUDAExecutionProvider on GPU (vendor 0x10de, device 0x2330)") {
		t.Errorf("CUDA device %q", d)
	}
	for i := 0; i < 2; i++ { // the chosen device serves every session
		so, err := rt.sessionOptions(engine.DeviceCUDA, 1)
		if err != nil {
			t.Fatalf("session options %d: %v", i, err)
		}
		so.Destroy()
	}
}

// buildCUDAStubs writes a folder of stand-ins for the CUDA libraries the
// provider needs: every function it imports (with its symbol version),
// reporting one device and failing everything else.
func buildCUDAStubs(t *testing.T, cc, provider string) string {
	t.Helper()
	f, err := elf.Open(provider)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	needed, err := f.ImportedLibraries()
	if err != nil {
		t.Fatal(err)
	}
	syms, err := f.ImportedSymbols()
	if err != nil {
		t.Fatal(err)
	}
	special := map[string]string{
		"cudaGetDeviceCount":     "int cudaGetDeviceCount(int* n) { *n = 1; return 0; }",
		"cudaGetDevice":          "int cudaGetDevice(int* d) { *d = 0; return 0; }",
		"cudaSetDevice":          "int cudaSetDevice(int d) { return 0; }",
		"cudaDeviceGetAttribute": "int cudaDeviceGetAttribute(int* v, int a, int d) { *v = 0; return 0; }",
		"cudaDriverGetVersion":   "int cudaDriverGetVersion(int* v) { *v = 13000; return 0; }",
		"cudaRuntimeGetVersion":  "int cudaRuntimeGetVersion(int* v) { *v = 13000; return 0; }",
		// cudaDeviceProp is about 1 KB; 4 KB of zeros is more than enough.
		"cudaGetDeviceProperties": "int cudaGetDeviceProperties(void* p, int d) { memset(p, 0, 4096); return 0; }",
	}
	dir := t.TempDir()
	for _, lib := range needed {
		if !strings.HasPrefix(lib, "libcu") {
			continue
		}
		src := []string{"#include <stddef.h>", "#include <string.h>"}
		versioned := false
		for _, s := range syms {
			if s.Library != lib {
				continue
			}
			versioned = versioned || s.Version != ""
			switch {
			case special[s.Name] != "":
				src = append(src, special[s.Name])
			case strings.HasPrefix(s.Name, "__cuda"): // kernel registration at load time
				src = append(src, fmt.Sprintf("void* %s(void) { return NULL; }", s.Name))
			case strings.HasSuffix(s.Name, "GetErrorString") || strings.HasSuffix(s.Name, "GetErrorName"):
				src = append(src, fmt.Sprintf("const char* %s(void) { return \"stub CUDA\"; }", s.Name))
			default: // 100: cudaErrorNoDevice
				src = append(src, fmt.Sprintf("int %s(void) { return 100; }", s.Name))
			}
		}
		c := filepath.Join(dir, lib+".c")
		if err := os.WriteFile(c, []byte(strings.Join(src, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		args := []string{"-shared", "-fPIC", "-w", "-o", filepath.Join(dir, lib), c, "-Wl,-soname," + lib}
		if versioned {
			m := filepath.Join(dir, lib+".map")
			if err := os.WriteFile(m, []byte(lib+" { global: *; };\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			args = append(args, "-Wl,--version-script="+m)
		}
		if out, err := exec.Command(cc, args...).CombinedOutput(); err != nil {
			t.Fatalf("building stub %s: %v\n%s", lib, err, out)
		}
	}
	return dir
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
