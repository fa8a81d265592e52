package onnx

import (
	"debug/elf"
	"fmt"
	"strings"
)

// missingDependencies names the shared libraries that lib needs (its ELF
// DT_NEEDED entries) and the dynamic linker cannot load, saying which come
// from the NVIDIA driver and which from the CUDA toolkit. dlopen's own
// error names only the first one missing; this names them all, so one
// install fixes everything. "" when all load or lib is unreadable.
func missingDependencies(lib string) string {
	f, err := elf.Open(lib)
	if err != nil {
		return ""
	}
	needed, err := f.ImportedLibraries()
	f.Close()
	if err != nil {
		return ""
	}
	var driver, toolkit []string
	for _, n := range needed {
		if sharedLibraryLoads(n) == nil {
			continue
		}
		if strings.HasPrefix(n, "libcuda.so") {
			driver = append(driver, n)
		} else {
			toolkit = append(toolkit, n)
		}
	}
	var parts []string
	if len(toolkit) > 0 {
		parts = append(parts, fmt.Sprintf("CUDA runtime libraries not found: %s (install the CUDA toolkit libraries of that major version, e.g. libcublas.so.13 is CUDA 13, or add their folder to LD_LIBRARY_PATH)",
			strings.Join(toolkit, ", ")))
	}
	if len(driver) > 0 {
		parts = append(parts, fmt.Sprintf("NVIDIA driver library not found: %s (no NVIDIA driver installed)", strings.Join(driver, ", ")))
	}
	return strings.Join(parts, "; ")
}
