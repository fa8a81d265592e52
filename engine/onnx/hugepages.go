package onnx

/*
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "cuda_shim.h"

// A CPU allocator that asks for transparent huge pages (madvise
// MADV_HUGEPAGE) on blocks of 2 MiB and more, and gives every block back
// on free. A ViT-B encode allocates gigabytes of activations; in 4 KiB
// pages each run faults them all in again, in 2 MiB pages 512 times fewer.
#define SEG_HUGE_PAGE ((size_t)2 << 20)

typedef struct {
  OrtAllocator base; // first: ORT sees only this
  OrtMemoryInfo* info;
  size_t allocs; // Alloc calls (atomic): tests prove sessions use it
} seg_huge_allocator;

static void* seg_huge_alloc(OrtAllocator* a, size_t size) {
  void* p = NULL;
  __atomic_add_fetch(&((seg_huge_allocator*)a)->allocs, 1, __ATOMIC_RELAXED);
  if (size < SEG_HUGE_PAGE) return posix_memalign(&p, 64, size) == 0 ? p : NULL;
  if (posix_memalign(&p, SEG_HUGE_PAGE, size) != 0) return NULL;
  // Advice only: where THP is off the block works in small pages.
  madvise(p, size & ~(SEG_HUGE_PAGE - 1), MADV_HUGEPAGE);
  return p;
}

static void seg_huge_free(OrtAllocator* a, void* p) { free(p); }

static const OrtMemoryInfo* seg_huge_info(const OrtAllocator* a) {
  return ((const seg_huge_allocator*)a)->info;
}

// seg_register_huge creates the allocator and registers it in env; *out is
// NULL on failure.
static char* seg_register_huge(seg_api api, OrtEnv* env, seg_huge_allocator** out) {
  *out = NULL;
  seg_huge_allocator* a = calloc(1, sizeof *a);
  if (a == NULL) return strdup("out of memory");
  char* err = seg_status(api, SEG_CALL(api, CreateCpuMemoryInfo)(OrtDeviceAllocator, OrtMemTypeDefault, &a->info));
  if (err != NULL) {
    free(a);
    return err;
  }
  a->base.version = 17;
  a->base.Alloc = seg_huge_alloc;
  a->base.Free = seg_huge_free;
  a->base.Info = seg_huge_info;
  err = seg_status(api, SEG_CALL(api, RegisterAllocator)(env, &a->base));
  if (err != NULL) {
    SEG_CALL(api, ReleaseMemoryInfo)(a->info);
    free(a);
    return err;
  }
  *out = a;
  return NULL;
}

static size_t seg_huge_allocs(seg_huge_allocator* a) {
  return __atomic_load_n(&a->allocs, __ATOMIC_RELAXED);
}

// seg_unregister_huge unregisters and frees the allocator; every session
// using it must be gone.
static char* seg_unregister_huge(seg_api api, OrtEnv* env, seg_huge_allocator* a) {
  char* err = seg_status(api, SEG_CALL(api, UnregisterAllocator)(env, a->info));
  SEG_CALL(api, ReleaseMemoryInfo)(a->info);
  free(a);
  return err;
}
*/
import "C"

// hugePageAllocator is the registered allocator (see the C above).
type hugePageAllocator struct {
	api *ortAPI
	a   *C.seg_huge_allocator
}

// registerHugePageAllocator registers the allocator in the environment;
// sessions use it instead of their own CPU allocator when their options
// say session.use_env_allocators=1.
func registerHugePageAllocator(api *ortAPI) (*hugePageAllocator, error) {
	h := &hugePageAllocator{api: api}
	if err := api.status(C.seg_register_huge(api.api, api.env, &h.a)); err != nil {
		return nil, err
	}
	return h, nil
}

// allocs is how many blocks ORT has allocated through the allocator: the
// proof that sessions use it.
func (h *hugePageAllocator) allocs() uint64 {
	if h == nil || h.a == nil {
		return 0
	}
	return uint64(C.seg_huge_allocs(h.a))
}

func (h *hugePageAllocator) close() error {
	if h == nil || h.a == nil {
		return nil
	}
	err := h.api.status(C.seg_unregister_huge(h.api.api, h.api.env, h.a))
	h.a = nil
	return err
}
