package onnx

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestShimAllocatorMatchesHeader checks the shim's own OrtAllocator and
// enums (used when onnxruntime_c_api.h is not included) against the header
// onnxruntime_go vendors: same members at the same offsets, same values.
func TestShimAllocatorMatchesHeader(t *testing.T) {
	cc := cCompiler(t)
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yalue/onnxruntime_go").Output()
	if err != nil {
		t.Skipf("go list cannot find onnxruntime_go's header: %v", err)
	}
	modDir := strings.TrimSpace(string(out))
	wd, _ := os.Getwd()
	dir := t.TempDir()
	// The shim's layout, printed as constants, then asserted with the header.
	shim := `#include "cuda_shim.h"
_Static_assert(offsetof(OrtAllocator, Alloc) == 8 && offsetof(OrtAllocator, Free) == 16 &&
               offsetof(OrtAllocator, Info) == 24 && sizeof(OrtAllocator) == 32, "shim OrtAllocator");
_Static_assert(OrtDeviceAllocator == 0 && OrtMemTypeDefault == 0, "shim enums");
`
	header := `#include <stddef.h>
#include "onnxruntime_c_api.h"
_Static_assert(offsetof(OrtAllocator, Alloc) == 8 && offsetof(OrtAllocator, Free) == 16 &&
               offsetof(OrtAllocator, Info) == 24, "header OrtAllocator");
_Static_assert(OrtDeviceAllocator == 0 && OrtMemTypeDefault == 0, "header enums");
`
	for name, src := range map[string]string{"shim.c": shim, "header.c": header} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(cc, "-std=c11", "-Wall", "-Werror", "-fsyntax-only", "-I", modDir, "-I", wd, p)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: %v\n%s", name, err, out)
		}
	}
}
