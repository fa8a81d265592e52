package onnx

import (
	"context"
	"slices"

	ort "github.com/yalue/onnxruntime_go"
)

// decodeKey is what a decoder's output shapes can depend on: the image
// size (the official SAM export's full-size masks) and the prompt's point
// count (no known export, but a guess that costs nothing).
type decodeKey struct{ w, h, points int }

// decoderShapes remembers the output shapes of the last decoder run.
type decoderShapes struct {
	key  decodeKey
	dims [][]int64
}

// runDecoder runs the decoder into the runner's reused output tensors once
// a run with the same key has shown their shapes. Left to ONNX Runtime,
// each output is allocated by it and then copied by onnxruntime_go into
// fresh Go memory (5 MB a prompt for a 512x512 slice's four masks), which
// the collector then has to free: that was most of what segtui spent
// around the decoder beyond onnxruntime-node. The outputs stay valid until
// the runner's lock is released.
func (e *onnxEngine) runDecoder(ctx context.Context, r *runner, in []ort.Value, key decodeKey) ([]ort.Value, error) {
	outs := make([]ort.Value, len(e.decOutputs))
	if s := r.outShapes; s != nil && s.key == key && !e.ortOutputs {
		for i, d := range s.dims {
			t, err := r.tensor("out:"+e.decOutputs[i], d...)
			if err != nil {
				return nil, err
			}
			outs[i] = t
		}
		err := r.run(ctx, in, outs)
		if err == nil || ctx.Err() != nil {
			return outs, err
		}
		// A shape this key did not predict: learn it again below.
		r.outShapes = nil
		clear(outs)
	}
	err := r.run(ctx, in, outs)
	if err != nil {
		destroyAll(outs...)
		return nil, err
	}
	// Copy the ORT-allocated outputs into the reused tensors, so that
	// both paths hand back outputs the runner owns.
	shapes := &decoderShapes{key: key}
	for i, o := range outs {
		data, dims, err := floats(o, e.decOutputs[i])
		if err == nil {
			var t *ort.Tensor[float32]
			if t, err = r.tensor("out:"+e.decOutputs[i], dims...); err == nil {
				copy(t.GetData(), data)
				o.Destroy()
				outs[i] = t
			}
		}
		if err != nil {
			destroyAll(outs[i:]...) // the ones before are the runner's now
			return nil, err
		}
		shapes.dims = append(shapes.dims, slices.Clone([]int64(dims)))
	}
	r.outShapes = shapes
	return outs, nil
}
