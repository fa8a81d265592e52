package onnx

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/segtui/segtui/engine"
	ort "github.com/yalue/onnxruntime_go"
)

// runner is one ONNX Runtime session with the tensors it reuses across
// calls. Calls are serialised: the reused tensors are not safe to share.
type runner struct {
	mu      sync.Mutex
	sess    *ort.DynamicAdvancedSession
	opts    *ort.RunOptions
	tensors map[string]*ort.Tensor[float32]
	// outShapes: the decoder's output shapes at the last key (decode_outputs.go).
	outShapes *decoderShapes
}

func newRunner(rt *Runtime, src modelSource, inputs, outputs []string, cfg sessionConfig) (*runner, error) {
	sess, err := src.newSession(inputs, outputs, cfg.so)
	if err != nil {
		return nil, err
	}
	opts, err := rt.newRunOptions(cfg.run)
	if err != nil {
		sess.Destroy()
		return nil, err
	}
	return &runner{sess: sess, opts: opts, tensors: map[string]*ort.Tensor[float32]{}}, nil
}

// tensor returns the reused tensor for a slot, reallocating only when the
// shape changes (a new image size, say).
func (r *runner) tensor(slot string, dims ...int64) (*ort.Tensor[float32], error) {
	if t := r.tensors[slot]; t != nil {
		if slices.Equal([]int64(t.GetShape()), dims) {
			return t, nil
		}
		t.Destroy()
		delete(r.tensors, slot)
	}
	t, err := ort.NewEmptyTensor[float32](ort.NewShape(dims...))
	if err != nil {
		return nil, fmt.Errorf("allocating %s %s: %w", slot, dimsString(dims), err)
	}
	r.tensors[slot] = t
	return t, nil
}

// run executes the session; cancelling ctx terminates a run in progress.
// Outputs left nil are allocated by ONNX Runtime and must be destroyed by
// the caller.
func (r *runner) run(ctx context.Context, in, out []ort.Value) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := r.opts.UnsetTerminate(); err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { r.opts.Terminate() })
	err := r.sess.RunWithOptions(in, out, r.opts)
	stop()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

func (r *runner) close() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, t := range r.tensors {
		t.Destroy()
	}
	r.tensors = nil
	if r.sess != nil {
		r.sess.Destroy()
		r.sess = nil
	}
	if r.opts != nil {
		r.opts.Destroy()
		r.opts = nil
	}
}

// floats reads a float32 output (reused or ORT-allocated) as a slice.
func floats(v ort.Value, name string) ([]float32, []int64, error) {
	t, ok := v.(*ort.Tensor[float32])
	if !ok || t == nil {
		return nil, nil, fmt.Errorf("output %q is not a float32 tensor", name)
	}
	return t.GetData(), t.GetShape(), nil
}

func destroyAll(vs ...ort.Value) {
	for _, v := range vs {
		if v != nil {
			v.Destroy()
		}
	}
}

// openSessions creates the variant's runners on the requested device. auto
// uses CUDA when the probe and session creation succeed, else CPU and a
// notice saying why.
func openSessions(rt *Runtime, dev engine.Device, threads int, mem memoryPlan, create func(enc, dec sessionConfig) error) (engine.Device, string, error) {
	mem = mem.resolve()
	try := func(d engine.Device) error {
		enc, err := rt.sessionConfig(d, threads, mem.enc)
		if err != nil {
			return err
		}
		defer enc.destroy()
		dec, err := rt.sessionConfig(d, threads, mem.dec)
		if err != nil {
			return err
		}
		defer dec.destroy()
		return create(enc, dec)
	}
	tryCPU := func() error { return try(engine.DeviceCPU) }
	if dev == engine.DeviceCPU {
		return engine.DeviceCPU, "", tryCPU()
	}
	cudaErr := rt.CUDAError()
	if cudaErr == nil {
		err := try(engine.DeviceCUDA)
		if err == nil {
			return engine.DeviceCUDA, "", nil
		}
		cudaErr = err
	}
	if dev == engine.DeviceCUDA {
		return "", "", fmt.Errorf("device cuda requested but CUDA cannot be used: %w (run make setup-gpu on a machine with an NVIDIA GPU, or use --device cpu)", cudaErr)
	}
	notice := fmt.Sprintf("CUDA unavailable, running on CPU (%v)", cudaErr)
	return engine.DeviceCPU, notice, tryCPU()
}
