package onnx

import (
	"context"
	"fmt"

	"github.com/segtui/segtui/engine"
)

// semanticEngine is a promptless model: Encode runs the whole graph and
// keeps its logits; Labels turns them into class ids at image size.
type semanticEngine struct{ *onnxEngine }

func (s *semanticEngine) Decode(context.Context, engine.Embedding, engine.Prompt) (*engine.Mask, error) {
	return nil, engine.ErrPromptless
}

func (s *semanticEngine) Classes() []engine.ClassRef {
	return append([]engine.ClassRef(nil), s.v.Classes...)
}

// Labels resamples the logits to the image and picks a class per pixel:
// argmax over channels (with K+1 channels, channel 0 is background), or for
// sigmoid models the most probable class whose probability exceeds 0.5.
func (s *semanticEngine) Labels(ctx context.Context, emb engine.Embedding) ([]uint16, error) {
	m, ok := emb.(*onnxEmbedding)
	if !ok || m == nil || m.variant != s.v.Name || len(m.data) != 1 {
		return nil, fmt.Errorf("%s: embedding was not made by this model", s.v.Name)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d := m.dims[0]
	k := len(s.v.Classes)
	if len(d) != 4 || d[0] != 1 || (d[1] != int64(k) && d[1] != int64(k+1)) {
		return nil, fmt.Errorf("%s returned logits %s, expected [1,%d or %d,h,w] for its %d classes", s.v.Name, dimsString(d), k, k+1, k)
	}
	ch, lh, lw := int(d[1]), int(d[2]), int(d[3])
	f := m.f
	logits := resampleToImage(m.data[0], ch, lw, lh, f)
	ids := make([]uint16, ch)
	bg := ch == k+1
	for c := range ids {
		switch {
		case bg && c == 0:
			ids[c] = 0
		case bg:
			ids[c] = s.v.Classes[c-1].ID
		default:
			ids[c] = s.v.Classes[c].ID
		}
	}
	n := f.W * f.H
	out := make([]uint16, n)
	sigmoid := s.v.Activation == engine.ActivationSigmoid
	for i := 0; i < n; i++ {
		best, bestV := -1, float32(0)
		for c := 0; c < ch; c++ {
			v := logits[c*n+i]
			if sigmoid && (v <= 0 || (bg && c == 0)) {
				continue // below probability 0.5, or the background channel
			}
			if best < 0 || v > bestV {
				best, bestV = c, v
			}
		}
		if best >= 0 {
			out[i] = ids[best]
		}
	}
	return out, nil
}
