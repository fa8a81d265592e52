package engine

import (
	"errors"
	"fmt"

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
	// memory.enable_memory_arena_shrinkage=cpu:0).
	memArenaShrink
	// memEnvArena: one arena shared through the environment, growing by
	// exactly what is asked (kSameAsRequested), kept between runs.
	memEnvArena
	memEnvArenaShrink
)

var memoryNames = [...]string{"default", "no-arena", "arena", "arena-shrink", "env-arena", "env-arena-shrink"}

func (m cpuMemory) String() string {
	if m < 0 || int(m) >= len(memoryNames) {
		return fmt.Sprintf("cpuMemory(%d)", int(m))
	}
	return memoryNames[m]
}

// memoryPlan is the CPU memory of a variant's two sessions; the zero value
// is the measured default.
type memoryPlan struct{ enc, dec cpuMemory }

func (p memoryPlan) resolve() memoryPlan {
	if p.enc == memDefault {
		p.enc = memNoArena
	}
	if p.dec == memDefault {
		p.dec = memNoArena
	}
	return p
}

// Run and session configuration keys (onnxruntime_run_options_config_keys.h,
// onnxruntime_session_options_config_keys.h).
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
func (r *Runtime) sessionConfig(dev Device, threads int, m cpuMemory) (sessionConfig, error) {
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
	case memEnvArena, memEnvArenaShrink:
		steps = append(steps, so.SetCpuMemArena(true), r.envArena(), so.AddSessionConfigEntry(sessionUseEnvAllocator, "1"))
	default:
		steps = append(steps, fmt.Errorf("unknown CPU memory mode %v", m))
	}
	if m == memArenaShrink || m == memEnvArenaShrink {
		c.run = map[string]string{runConfigArenaShrink: "cpu:0"}
	}
	if err := errors.Join(steps...); err != nil {
		c.destroy()
		return sessionConfig{}, err
	}
	return c, nil
}

// envArena registers the environment's shared CPU arena once per Runtime.
func (r *Runtime) envArena() error {
	r.envArenaOnce.Do(func() {
		r.envArenaErr = r.api.registerCPUArena(map[string]uint64{"arena_extend_strategy": 1})
		if r.envArenaErr != nil {
			r.envArenaErr = fmt.Errorf("registering a shared CPU arena: %w", r.envArenaErr)
		}
	})
	return r.envArenaErr
}

// newRunOptions makes run options carrying the config entries.
func (r *Runtime) newRunOptions(entries map[string]string) (*ort.RunOptions, error) {
	ro, err := ort.NewRunOptions()
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return ro, nil
	}
	h, err := runOptionsHandle(ro)
	for k, v := range entries {
		if err != nil {
			break
		}
		if err = r.api.addRunConfigEntry(h, k, v); err != nil {
			err = fmt.Errorf("run option %s=%s: %w", k, v, err)
		}
	}
	if err != nil {
		ro.Destroy()
		return nil, err
	}
	return ro, nil
}
