// The few ONNX Runtime C API entries segtui calls itself because
// onnxruntime_go v1.27 does not wrap them: the CUDA execution provider as a
// plugin EP (RegisterExecutionProviderLibrary, GetEpDevices,
// SessionOptionsAppendExecutionProvider_V2), run configuration entries
// (AddRunConfigEntry) and an allocator of segtui's own shared through the
// environment (RegisterAllocator).
//
// Rather than vendor the 370 KB onnxruntime_c_api.h, OrtApi is used as the
// table of function pointers it is: ORT only ever appends to OrtApi, so a
// member's slot never changes. Slots and signatures are checked against the
// header that onnxruntime_go vendors by TestORTAPISlotsMatchHeader, which
// compiles this file after that header with -Werror.
#ifndef SEGTUI_ONNX_CUDA_SHIM_H
#define SEGTUI_ONNX_CUDA_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// Every entry used here exists since API version 22 (ORT 1.22).
#define SEG_ORT_API_VERSION 22

#ifndef SEG_ORT_TYPES_FROM_HEADER
typedef struct OrtStatus OrtStatus;
typedef struct OrtEnv OrtEnv;
typedef struct OrtSessionOptions OrtSessionOptions;
typedef struct OrtRunOptions OrtRunOptions;
typedef struct OrtMemoryInfo OrtMemoryInfo;
typedef enum OrtAllocatorType {
  OrtInvalidAllocator = -1,
  OrtDeviceAllocator = 0,
  OrtArenaAllocator = 1,
} OrtAllocatorType;
typedef enum OrtMemType {
  OrtMemTypeDefault = 0,
} OrtMemType;
// OrtAllocator up to version 17: the members after Info came later, and
// ORT reads them only from allocators of a newer version.
typedef struct OrtAllocator {
  uint32_t version;
  void* (*Alloc)(struct OrtAllocator* this_, size_t size);
  void (*Free)(struct OrtAllocator* this_, void* p);
  const struct OrtMemoryInfo* (*Info)(const struct OrtAllocator* this_);
} OrtAllocator;
typedef struct OrtEpDevice OrtEpDevice;
typedef struct OrtHardwareDevice OrtHardwareDevice;
typedef enum OrtLoggingLevel {
  ORT_LOGGING_LEVEL_VERBOSE,
  ORT_LOGGING_LEVEL_INFO,
  ORT_LOGGING_LEVEL_WARNING,
  ORT_LOGGING_LEVEL_ERROR,
  ORT_LOGGING_LEVEL_FATAL,
} OrtLoggingLevel;
typedef enum OrtHardwareDeviceType {
  OrtHardwareDeviceType_CPU,
  OrtHardwareDeviceType_GPU,
  OrtHardwareDeviceType_NPU
} OrtHardwareDeviceType;
#endif

// X(name, slot): the OrtApi member and its index in the table.
#define SEG_ORT_SLOTS(X)                              \
  X(GetErrorMessage, 2)                               \
  X(CreateEnv, 3)                                     \
  X(CreateCpuMemoryInfo, 69)                          \
  X(ReleaseEnv, 92)                                   \
  X(ReleaseStatus, 93)                                \
  X(ReleaseMemoryInfo, 94)                            \
  X(AddSessionConfigEntry, 130)                       \
  X(AddRunConfigEntry, 165)                           \
  X(RegisterAllocator, 176)                           \
  X(UnregisterAllocator, 177)                         \
  X(GetEpDevices, 303)                                \
  X(SessionOptionsAppendExecutionProvider_V2, 304)    \
  X(HardwareDevice_Type, 307)                         \
  X(HardwareDevice_VendorId, 308)                     \
  X(HardwareDevice_Vendor, 309)                       \
  X(HardwareDevice_DeviceId, 310)                     \
  X(EpDevice_EpName, 312)                             \
  X(EpDevice_EpVendor, 313)                           \
  X(EpDevice_Device, 316)

typedef const char* (*seg_GetErrorMessage)(const OrtStatus*);
typedef OrtStatus* (*seg_CreateEnv)(OrtLoggingLevel, const char*, OrtEnv**);
typedef void (*seg_ReleaseEnv)(OrtEnv*);
typedef void (*seg_ReleaseStatus)(OrtStatus*);
typedef OrtStatus* (*seg_AddSessionConfigEntry)(OrtSessionOptions*, const char*, const char*);
typedef OrtStatus* (*seg_AddRunConfigEntry)(OrtRunOptions*, const char*, const char*);
typedef OrtStatus* (*seg_CreateCpuMemoryInfo)(OrtAllocatorType, OrtMemType, OrtMemoryInfo**);
typedef void (*seg_ReleaseMemoryInfo)(OrtMemoryInfo*);
typedef OrtStatus* (*seg_RegisterAllocator)(OrtEnv*, OrtAllocator*);
typedef OrtStatus* (*seg_UnregisterAllocator)(OrtEnv*, const OrtMemoryInfo*);
typedef OrtStatus* (*seg_GetEpDevices)(const OrtEnv*, const OrtEpDevice* const**, size_t*);
typedef OrtStatus* (*seg_SessionOptionsAppendExecutionProvider_V2)(
    OrtSessionOptions*, OrtEnv*, const OrtEpDevice* const*, size_t,
    const char* const*, const char* const*, size_t);
typedef OrtHardwareDeviceType (*seg_HardwareDevice_Type)(const OrtHardwareDevice*);
typedef uint32_t (*seg_HardwareDevice_VendorId)(const OrtHardwareDevice*);
typedef const char* (*seg_HardwareDevice_Vendor)(const OrtHardwareDevice*);
typedef uint32_t (*seg_HardwareDevice_DeviceId)(const OrtHardwareDevice*);
typedef const char* (*seg_EpDevice_EpName)(const OrtEpDevice*);
typedef const char* (*seg_EpDevice_EpVendor)(const OrtEpDevice*);
typedef const OrtHardwareDevice* (*seg_EpDevice_Device)(const OrtEpDevice*);

#define SEG_SLOT_ENUM(name, slot) SEG_SLOT_##name = slot,
enum { SEG_ORT_SLOTS(SEG_SLOT_ENUM) };
#undef SEG_SLOT_ENUM

// seg_api is OrtApi seen as its table of entries.
typedef void (*seg_fn)(void);
typedef const seg_fn* seg_api;

// SEG_CALL(api, Name) is the entry Name with its real type.
#define SEG_CALL(api, name) ((seg_##name)((api)[SEG_SLOT_##name]))

// seg_status returns the status's message (malloc'd; NULL on success) and
// releases the status.
static inline char* seg_status(seg_api api, OrtStatus* st) {
  if (st == NULL) return NULL;
  const char* m = SEG_CALL(api, GetErrorMessage)(st);
  size_t n = strlen(m) + 1;
  char* msg = malloc(n);
  if (msg != NULL) memcpy(msg, m, n);
  SEG_CALL(api, ReleaseStatus)(st);
  return msg;
}

#endif
