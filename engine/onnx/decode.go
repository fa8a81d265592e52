package onnx

import (
	"context"
	"errors"
	"fmt"

	"github.com/segtui/segtui/engine"
	ort "github.com/yalue/onnxruntime_go"
)

// Point labels of the SAM prompt encoder.
const (
	labelPad         = -1
	labelNegative    = 0
	labelPositive    = 1
	labelBoxTopLeft  = 2
	labelBoxBotRight = 3
)

// promptTensorsData converts a prompt to model-frame coordinates and labels.
// The official SAM decoder wants a padding point when there is no box; the
// SAM 2 export adds its own.
func promptData(p engine.Prompt, f frame, pad bool) (coords, labels []float32, err error) {
	if len(p.Points) == 0 && p.Box == nil {
		return nil, nil, errors.New("prompt has no points and no box")
	}
	for _, pt := range p.Points {
		x, y := f.toModel(pt.X, pt.Y)
		lab := float32(labelNegative)
		if pt.Positive {
			lab = labelPositive
		}
		coords, labels = append(coords, x, y), append(labels, lab)
	}
	if b := p.Box; b != nil {
		x0, y0 := f.toModel(min(b.X0, b.X1), min(b.Y0, b.Y1))
		x1, y1 := f.toModel(max(b.X0, b.X1), max(b.Y0, b.Y1))
		coords = append(coords, x0, y0, x1, y1)
		labels = append(labels, labelBoxTopLeft, labelBoxBotRight)
	} else if pad {
		coords, labels = append(coords, 0, 0), append(labels, labelPad)
	}
	return coords, labels, nil
}

// Decode runs a prompt against an embedding and returns the chosen mask at
// image size with its predicted IoU and low-res logits for refinement.
func (e *onnxEngine) Decode(ctx context.Context, emb engine.Embedding, p engine.Prompt) (*engine.Mask, error) {
	m, err := e.embeddingFor(emb)
	if err != nil {
		return nil, err
	}
	f := m.f
	coords, labels, err := promptData(p, f, e.v.Family != engine.FamilySAM2)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", e.v.Name, err)
	}
	low := e.lay.lowSide
	if p.Prev != nil && (p.Prev.Width != low || p.Prev.Height != low || len(p.Prev.Logits) != low*low) {
		return nil, fmt.Errorf("%s: previous mask is %dx%d (%d values), expected %dx%d low-res logits from this model",
			e.v.Name, p.Prev.Width, p.Prev.Height, len(p.Prev.Logits), low, low)
	}

	e.dec.mu.Lock()
	defer e.dec.mu.Unlock()
	r := e.dec
	if r.sess == nil {
		return nil, fmt.Errorf("%s: engine is closed", e.v.Name)
	}
	var in []ort.Value
	var temp []ort.Value
	defer func() { destroyAll(temp...) }()
	// The embedding tensors wrap the cached slices; nothing is copied.
	for i, d := range m.data {
		t, err := ort.NewTensor(ort.NewShape(m.dims[i]...), d)
		if err != nil {
			return nil, err
		}
		temp = append(temp, t)
		in = append(in, t)
	}
	n := int64(len(labels))
	pc, err := ort.NewTensor(ort.NewShape(1, n, 2), coords)
	if err != nil {
		return nil, err
	}
	pl, err := ort.NewTensor(ort.NewShape(1, n), labels)
	if err != nil {
		pc.Destroy()
		return nil, err
	}
	temp = append(temp, pc, pl)
	mask, err := r.tensor("mask_input", 1, 1, int64(low), int64(low))
	if err != nil {
		return nil, err
	}
	has, err := r.tensor("has_mask_input", 1)
	if err != nil {
		return nil, err
	}
	if p.Prev != nil {
		copy(mask.GetData(), p.Prev.Logits)
		has.GetData()[0] = 1
	} else {
		clear(mask.GetData())
		has.GetData()[0] = 0
	}
	in = append(in, pc, pl, mask, has)
	if e.v.Family != engine.FamilySAM2 {
		size, err := r.tensor("orig_im_size", 2)
		if err != nil {
			return nil, err
		}
		// A stretched input's frame is S x S; only the low-res output is read then.
		h, w := float32(f.H), float32(f.W)
		if !e.graphMasks && !e.goMasks {
			h, w = float32(f.S), float32(f.S)
		}
		size.GetData()[0], size.GetData()[1] = h, w
		in = append(in, size)
	}
	outs, err := e.runDecoder(ctx, r, in, decodeKey{f.W, f.H, len(labels)})
	if err != nil {
		return nil, fmt.Errorf("%s decoder: %w", e.v.Name, err)
	}
	return e.chooseMask(outs, f, p)
}

// chooseMask picks the output channel by the variant's or prompt's rule
// (chooseToken) and binarises it at logit 0 (sigmoid 0.5); with
// p.Candidates it also returns every channel, the chosen one first.
func (e *onnxEngine) chooseMask(outs []ort.Value, f frame, p engine.Prompt) (*engine.Mask, error) {
	iou, _, err := floats(outs[0], e.decOutputs[0])
	if err != nil {
		return nil, err
	}
	lowData, lowDims, err := floats(outs[1], e.decOutputs[1])
	if err != nil {
		return nil, err
	}
	if len(lowDims) != 4 || lowDims[1] < 1 || int(lowDims[1]) != len(iou) || lowDims[2] != int64(e.lay.lowSide) || lowDims[3] != int64(e.lay.lowSide) {
		return nil, fmt.Errorf("%s decoder returned low-res masks %s and %d IoU values, expected [1,C,%d,%d] and C",
			e.v.Name, dimsString(lowDims), len(iou), e.lay.lowSide, e.lay.lowSide)
	}
	c := len(iou)
	var full []float32
	if e.graphMasks {
		var dims []int64
		if full, dims, err = floats(outs[2], "masks"); err != nil {
			return nil, err
		}
		if len(dims) != 4 || int(dims[1]) != c || int(dims[2]) != f.H || int(dims[3]) != f.W {
			return nil, fmt.Errorf("%s decoder returned masks %s, expected [1,%d,%d,%d]", e.v.Name, dimsString(dims), c, f.H, f.W)
		}
	}
	low := e.lay.lowSide
	channel := func(t int) engine.Candidate {
		lr := append([]float32(nil), lowData[t*low*low:(t+1)*low*low]...)
		cand := engine.Candidate{Token: t, Score: iou[t], LowRes: &engine.LowRes{Width: low, Height: low, Logits: lr}}
		var logits []float32
		switch {
		case full != nil:
			logits = full[t*f.W*f.H : (t+1)*f.W*f.H]
		case e.goMasks:
			cand.Pix = samMask(lr, low, f, &e.maskScratch)
			return cand
		case e.v.Family == engine.FamilyMedSAM:
			cand.Pix = medsamMask(lr, low, f)
			return cand
		default:
			logits = resampleToImage(lr, 1, low, low, f)
		}
		cand.Pix = make([]bool, f.W*f.H)
		for i, v := range logits {
			cand.Pix[i] = v > 0
		}
		return cand
	}
	token := chooseToken(iou, e.v.Family, e.v.MultimaskFor(p), p)
	chosen := channel(token)
	out := &engine.Mask{Width: f.W, Height: f.H, Pix: chosen.Pix, Score: chosen.Score, LowRes: chosen.LowRes, Token: token}
	if p.Candidates && c > 1 {
		for _, t := range candidateOrder(token, c) {
			if t == token {
				out.Candidates = append(out.Candidates, chosen)
			} else {
				out.Candidates = append(out.Candidates, channel(t))
			}
		}
	}
	return out, nil
}
