package onnx

import (
	"context"
	"fmt"

	"github.com/segtui/segtui/engine"
	ort "github.com/yalue/onnxruntime_go"
)

// maxEncodeBatch bounds one run whatever the model accepts: 16 SAM slices
// are 192 MiB of float32 input and 64 MiB of embeddings, kept for reuse.
const maxEncodeBatch = 16

// dynamicBatch reports whether the encoder's image input and the outputs
// the engine reads all have a free first (batch) dimension.
func dynamicBatch(enc *modelFile, lay modelLayout) bool {
	if lay.hwc || len(enc.inputs) != 1 || len(enc.inputs[0].Dimensions) != 4 || enc.inputs[0].Dimensions[0] >= 0 {
		return false
	}
	names := lay.embNames
	if lay.logitsName != "" {
		names = []string{lay.logitsName}
	}
	for _, n := range names {
		found := false
		for _, o := range enc.outputs {
			if o.Name == n {
				found = len(o.Dimensions) > 0 && o.Dimensions[0] < 0
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func (e *onnxEngine) MaxBatch() int {
	if e.lay.batchDynamic {
		return maxEncodeBatch
	}
	return 1
}

// EncodeBatch preprocesses every image into its own frame of one
// [B,3,S,S] input, runs the encoder once per MaxBatch images and splits
// the outputs into per-image embeddings shaped [1,...] as Encode's are.
func (e *onnxEngine) EncodeBatch(ctx context.Context, imgs []*engine.Image) ([]engine.Embedding, error) {
	if e.MaxBatch() == 1 {
		out := make([]engine.Embedding, 0, len(imgs))
		for _, img := range imgs {
			emb, err := e.Encode(ctx, img)
			if err != nil {
				return nil, err
			}
			out = append(out, emb)
		}
		return out, nil
	}
	var out []engine.Embedding
	for start := 0; start < len(imgs); start += e.MaxBatch() {
		part, err := e.encodeRun(ctx, imgs[start:min(len(imgs), start+e.MaxBatch())])
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
	}
	return out, nil
}

func (e *onnxEngine) encodeRun(ctx context.Context, imgs []*engine.Image) ([]engine.Embedding, error) {
	b := int64(len(imgs))
	frames := make([]frame, len(imgs))
	rgbs := make([][]float32, len(imgs))
	for i, img := range imgs {
		if err := checkImage(img); err != nil {
			return nil, fmt.Errorf("%s: batch image %d: %w", e.v.Name, i, err)
		}
		frames[i] = newFrame(img.Width, img.Height, e.lay.size, e.pp.Aspect)
		rgbs[i] = resizeRGB(to8bit(img, e.pp.Window), img.Width, img.Height, frames[i].NW, frames[i].NH)
	}

	e.enc.mu.Lock()
	defer e.enc.mu.Unlock()
	if e.enc.sess == nil {
		return nil, fmt.Errorf("%s: engine is closed", e.v.Name)
	}
	s := int64(e.lay.size)
	in, err := e.enc.tensor("batch-input", b, 3, s, s)
	if err != nil {
		return nil, err
	}
	per := int(3 * s * s)
	for i := range imgs {
		fillCHW(in.GetData()[i*per:(i+1)*per], rgbs[i], frames[i], e.pp.Normalize)
	}
	names, dims := e.lay.embNames, e.lay.embDims
	if e.v.Family == engine.FamilySemantic {
		names, dims = []string{e.lay.logitsName}, [][]int64{e.lay.logitsDims}
	}
	outs := make([]ort.Value, len(names))
	for i, d := range dims {
		bd := append([]int64{b}, d[1:]...)
		if !static(bd) {
			continue // left nil: ONNX Runtime allocates it, destroyed below
		}
		t, err := e.enc.tensor("batch-out:"+names[i], bd...)
		if err != nil {
			return nil, err
		}
		outs[i] = t
	}
	err = e.enc.run(ctx, []ort.Value{in}, outs)
	defer func() {
		for i, o := range outs {
			if o != nil && !static(append([]int64{b}, dims[i][1:]...)) {
				o.Destroy()
			}
		}
	}()
	if err != nil {
		return nil, fmt.Errorf("%s encoder (batch of %d): %w", e.v.Name, b, err)
	}
	embs := make([]*onnxEmbedding, len(imgs))
	for i := range embs {
		embs[i] = &onnxEmbedding{variant: e.v.Name, f: frames[i]}
	}
	for k, o := range outs {
		data, shape, err := floats(o, names[k])
		if err != nil {
			return nil, err
		}
		if len(shape) == 0 || shape[0] != b || len(data)%int(b) != 0 {
			return nil, fmt.Errorf("%s encoder: output %q is %s for a batch of %d", e.v.Name, names[k], dimsString(shape), b)
		}
		n := len(data) / int(b)
		one := append([]int64{1}, shape[1:]...)
		for i, emb := range embs {
			emb.data = append(emb.data, append([]float32(nil), data[i*n:(i+1)*n]...))
			emb.dims = append(emb.dims, append([]int64(nil), one...))
		}
	}
	out := make([]engine.Embedding, len(embs))
	for i, emb := range embs {
		out[i] = emb
	}
	return out, nil
}
