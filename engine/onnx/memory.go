package onnx

import (
	"errors"
	"fmt"

	"github.com/segtui/segtui/engine"
	ort "github.com/yalue/onnxruntime_go"
)

// cpuMemory is how one session gets CPU memory for the tensors of a run.
type cpuMemory int

const (
	memDefault cpuMemory = iota // the role's default (defaultMemory)
	// memNoArena: malloc and free per tensor. The smallest process, but a
	// ViT-B encode maps and faults in its big activations layer by layer.
	memNoArena
	// memArena: ORT's per-session arena, kept between runs: no page faults
	// after the first run, but it keeps the peak (rounded up to powers of
	// two) for good.
	memArena
	// memArenaShrink: the arena, with its free regions returned to the
	// system at the end of each run (run config
	// memory.enable_memory_arena_shrinkage=cpu:0). Bounded like no arena,
	// but just as slow: the next run faults the memory in again.
	memArenaShrink
	// memHugePages: no arena; segtui's allocator (hugepages.go),
	// shared through the environment, maps big blocks in 2 MiB pages.
	memHugePages
)

var memoryNames = [...]string{"default", "no-arena", "arena", "arena-shrink", "huge-pages"}

func (m cpuMemory) String() string {
	if m < 0 || int(m) >= len(memoryNames) {
		return fmt.Sprintf("cpuMemory(%d)", int(m))
	}
	return memoryNames[m]
}

// memoryPlan is the CPU memory of a variant's two sessions; the zero value
// is the default, chosen by BenchmarkSAMViTBMemory and
// BenchmarkSAMViTBDecodeMemory (ViT-B shapes, 2 cores, alternating runs):
//   - encoder with huge pages: ~15% less CPU and ~25% less time per encode
//     than no arena, resident set no larger (~2 GB after five encodes). A
//     kept arena is as fast but holds ~7.4-7.9 GB; shrinking it after each
//     run keeps ~2 GB but is as slow as no arena, since the saving was not
//     faulting the activations in again.
//   - decoder with its arena: ~15% less time and CPU per prompt, a tenth of
//     the page faults, no measurable growth (its peak is megabytes).
type memoryPlan struct{ enc, dec cpuMemory }

func (p memoryPlan) resolve() memoryPlan {
	if p.enc == memDefault {
		p.enc = memHugePages
	}
	if p.dec == memDefault {
		p.dec = memArena
	}
	return p
}

// Configuration keys: the run's (onnxruntime_run_options_config_keys.h)
// that shrinks the listed arenas at the end of a run, and the session's
// (onnxruntime_session_options_config_keys.h) that makes it use the
// environment's allocators.
const (
	runConfigArenaShrink   = "memory.enable_memory_arena_shrinkage"
	sessionUseEnvAllocator = "session.use_env_allocators"
)

// sessionConfig is what one session is created and run with.
type sessionConfig struct {
	so  *ort.SessionOptions
	run map[string]string // run configuration entries
}

func (c sessionConfig) destroy() {
	if c.so != nil {
		c.so.Destroy()
	}
}

// sessionConfig builds the options of one session on dev with memory m.
// On CUDA the big tensors live on the GPU and the huge-page allocator,
// measured on CPU only, is left out.
func (r *Runtime) sessionConfig(dev engine.Device, threads int, m cpuMemory) (sessionConfig, error) {
	if m == memHugePages && dev != engine.DeviceCPU {
		m = memNoArena
	}
	so, err := r.sessionOptions(dev, threads)
	if err != nil {
		return sessionConfig{}, err
	}
	c := sessionConfig{so: so}
	var steps []error
	switch m {
	case memNoArena:
		steps = append(steps, so.SetCpuMemArena(false))
	case memArena, memArenaShrink:
		steps = append(steps, so.SetCpuMemArena(true))
	case memHugePages:
		steps = append(steps, so.SetCpuMemArena(false), r.registerHugePages(), so.AddSessionConfigEntry(sessionUseEnvAllocator, "1"))
	default:
		steps = append(steps, fmt.Errorf("unknown CPU memory mode %v", m))
	}
	if m == memArenaShrink {
		c.run = map[string]string{runConfigArenaShrink: "cpu:0"}
	}
	if err := errors.Join(steps...); err != nil {
		c.destroy()
		return sessionConfig{}, err
	}
	return c, nil
}

// registerHugePages registers the huge-page allocator once per Runtime.
func (r *Runtime) registerHugePages() error {
	r.hugeOnce.Do(func() {
		r.huge, r.hugeErr = registerHugePageAllocator(r.api)
		if r.hugeErr != nil {
			r.hugeErr = fmt.Errorf("registering segtui's CPU allocator: %w", r.hugeErr)
		}
	})
	return r.hugeErr
}

// newRunOptions makes run options carrying the config entries.
func (r *Runtime) newRunOptions(entries map[string]string) (*ort.RunOptions, error) {
	ro, err := ort.NewRunOptions()
	if err != nil || len(entries) == 0 {
		return ro, err
	}
	if err := r.addRunConfig(ro, entries); err != nil {
		ro.Destroy()
		return nil, err
	}
	return ro, nil
}

func (r *Runtime) addRunConfig(ro *ort.RunOptions, entries map[string]string) error {
	h, err := runOptionsHandle(ro)
	if err != nil {
		return err
	}
	for k, v := range entries {
		if err := r.api.addRunConfigEntry(h, k, v); err != nil {
			return fmt.Errorf("run option %s=%s: %w", k, v, err)
		}
	}
	return nil
}
