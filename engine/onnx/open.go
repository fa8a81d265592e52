package onnx

import (
	"context"
	"errors"
	"fmt"

	"github.com/segtui/segtui/engine"
	ort "github.com/yalue/onnxruntime_go"
)

// OpenOptions chooses where and how a variant runs.
type OpenOptions struct {
	Device  engine.Device // empty means auto
	Threads int           // intra-op threads; 0 means one per core

	// memory overrides the sessions' CPU memory (benchmarks compare them).
	memory memoryPlan
	// wholeDecoder keeps the SAM decoder's in-graph full-size masks
	// instead of cutting them off (tests and benchmarks compare).
	wholeDecoder bool
}

// onnxEngine runs one manifest variant through ONNX Runtime.
type onnxEngine struct {
	v      engine.Variant
	pp     engine.PreprocessSpec
	lay    modelLayout
	dev    engine.Device
	notice string
	// graphMasks: the SAM decoder's own full-size masks output is used
	// (official export, aspect kept, the graph could not be cut);
	// goMasks: that output was cut off and samMask does its work for the
	// chosen channel; otherwise low-res logits are resampled.
	graphMasks, goMasks bool
	maskScratch         []float32 // samMask's, under dec.mu
	decOutputs          []string
	// ortOutputs: every decoder output allocated by ONNX Runtime and copied
	// (the old way; BenchmarkSAMViTBDecodeWays compares).
	ortOutputs bool

	enc, dec *runner
}

// The optional interfaces tui and eval assert at run time.
var (
	_ engine.BatchEncoder   = (*onnxEngine)(nil)
	_ engine.DeviceReporter = (*onnxEngine)(nil)
	_ engine.InputSizer     = (*onnxEngine)(nil)
	_ engine.Semantic       = (*semanticEngine)(nil)
)

// CheckVariant verifies that a variant's files exist, load, and meet the
// family's contract, without creating run sessions.
func CheckVariant(v engine.Variant, rt *Runtime) error {
	_, _, _, err := inspectVariant(v, rt)
	return err
}

// inspectVariant checks the variant's files and contract; the sources are
// what its sessions load from.
func inspectVariant(v engine.Variant, rt *Runtime) (lay modelLayout, encSrc, decSrc modelSource, err error) {
	if rt == nil {
		return lay, encSrc, decSrc, errors.New("no ONNX Runtime: create one with NewRuntime first")
	}
	enc, encSrc, err := inspectModel("encoder", v.Encoder)
	if err != nil {
		return lay, encSrc, decSrc, err
	}
	var dec *modelFile
	if v.Family != engine.FamilySemantic {
		if dec, decSrc, err = inspectModel("decoder", v.Decoder); err != nil {
			return lay, encSrc, decSrc, err
		}
	}
	lay, err = checkContract(v, v.Preprocessing(), enc, dec)
	if err != nil {
		return lay, encSrc, decSrc, fmt.Errorf("variant %q (family %s): %w", v.Name, v.Family, err)
	}
	lay.batchDynamic = dynamicBatch(enc, lay)
	return lay, encSrc, decSrc, nil
}

// Open loads a variant for inference after checking its contract. The
// result implements Semantic for the semantic family and DeviceReporter
// always.
func Open(v engine.Variant, rt *Runtime, opts OpenOptions) (engine.Engine, error) {
	lay, encSrc, decSrc, err := inspectVariant(v, rt)
	if err != nil {
		return nil, err
	}
	e := &onnxEngine{v: v, pp: v.Preprocessing(), lay: lay}
	e.pp.InputSize = lay.size
	e.graphMasks = v.Family == engine.FamilySAM && e.pp.Aspect == engine.AspectKeep
	if e.graphMasks && !opts.wholeDecoder && decSrc.data != nil {
		// The graph upsamples all four channels to the image, in two steps
		// of 4 million and 1 million values for a 512x512 slice; segtui
		// reads one. Cut that off and do it for the one (mask_sam.go).
		if cut, err := pruneOutputs(decSrc.data, []string{"masks"}); err == nil {
			decSrc.data, e.graphMasks, e.goMasks = cut, false, true
		}
	}
	encOut := lay.embNames
	switch v.Family {
	case engine.FamilySAM, engine.FamilyMedSAM:
		e.decOutputs = []string{"iou_predictions", "low_res_masks"}
		if e.graphMasks {
			e.decOutputs = append(e.decOutputs, "masks")
		}
	case engine.FamilySAM2:
		e.decOutputs = []string{"iou_predictions", "masks"}
	case engine.FamilySemantic:
		encOut = []string{lay.logitsName}
	}
	dev := opts.Device
	if dev == "" {
		dev = engine.DeviceAuto
	}
	e.dev, e.notice, err = openSessions(rt, dev, opts.Threads, opts.memory, func(encCfg, decCfg sessionConfig) error {
		enc, err := newRunner(rt, encSrc, []string{lay.encInput}, encOut, encCfg)
		if err != nil {
			return fmt.Errorf("encoder %s: %w", v.Encoder, err)
		}
		if v.Family == engine.FamilySemantic {
			e.enc = enc
			return nil
		}
		dec, err := newRunner(rt, decSrc, e.decoderInputs(), e.decOutputs, decCfg)
		if err != nil {
			enc.close()
			return fmt.Errorf("decoder %s: %w", v.Decoder, err)
		}
		e.enc, e.dec = enc, dec
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("variant %q: %w", v.Name, err)
	}
	if v.Family == engine.FamilySemantic {
		return &semanticEngine{e}, nil
	}
	return e, nil
}

func (e *onnxEngine) decoderInputs() []string {
	in := append([]string(nil), e.lay.embNames...)
	in = append(in, "point_coords", "point_labels", "mask_input", "has_mask_input")
	if e.v.Family != engine.FamilySAM2 {
		in = append(in, "orig_im_size")
	}
	return in
}

func (e *onnxEngine) Name() string          { return e.v.Name }
func (e *onnxEngine) Family() engine.Family { return e.v.Family }
func (e *onnxEngine) Device() engine.Device { return e.dev }
func (e *onnxEngine) DeviceNotice() string  { return e.notice }

// InputSize is the side of the model's square input.
func (e *onnxEngine) InputSize() int { return e.pp.InputSize }

func (e *onnxEngine) Close() error {
	e.enc.close()
	e.dec.close()
	return nil
}

// onnxEmbedding is an encoded slice: the encoder outputs the decoder needs
// and the frame that maps the image into the model's input.
type onnxEmbedding struct {
	variant string
	f       frame
	data    [][]float32
	dims    [][]int64
}

func (m *onnxEmbedding) Bytes() int64 {
	var n int64
	for _, d := range m.data {
		n += 4 * int64(len(d))
	}
	return n
}

// Encode preprocesses the image as the family expects and runs the encoder.
func (e *onnxEngine) Encode(ctx context.Context, img *engine.Image) (engine.Embedding, error) {
	if err := checkImage(img); err != nil {
		return nil, fmt.Errorf("%s: %w", e.v.Name, err)
	}
	f := newFrame(img.Width, img.Height, e.lay.size, e.pp.Aspect)
	rgb := e.modelRGB(img, f)

	e.enc.mu.Lock()
	defer e.enc.mu.Unlock()
	if e.enc.sess == nil {
		return nil, fmt.Errorf("%s: engine is closed", e.v.Name)
	}
	var in ort.Value
	if e.lay.hwc {
		// The graph normalises and pads; the slice is handed over as is.
		t, err := ort.NewTensor(ort.NewShape(int64(f.NH), int64(f.NW), 3), rgb)
		if err != nil {
			return nil, err
		}
		defer t.Destroy()
		in = t
	} else {
		s := int64(f.S)
		t, err := e.enc.tensor("input", 1, 3, s, s)
		if err != nil {
			return nil, err
		}
		fillCHW(t.GetData(), rgb, f, e.pp.Normalize)
		in = t
	}
	names, dims := e.lay.embNames, e.lay.embDims
	if e.v.Family == engine.FamilySemantic {
		names, dims = []string{e.lay.logitsName}, [][]int64{e.lay.logitsDims}
	}
	outs := make([]ort.Value, len(names))
	for i, d := range dims {
		if !static(d) {
			continue // left nil: ONNX Runtime allocates it, destroyed below
		}
		t, err := e.enc.tensor("out:"+names[i], d...)
		if err != nil {
			return nil, err
		}
		outs[i] = t
	}
	err := e.enc.run(ctx, []ort.Value{in}, outs)
	defer func() {
		for i, o := range outs {
			if !static(dims[i]) && o != nil {
				o.Destroy()
			}
		}
	}()
	if err != nil {
		return nil, fmt.Errorf("%s encoder: %w", e.v.Name, err)
	}
	emb := &onnxEmbedding{variant: e.v.Name, f: f}
	for i, o := range outs {
		data, shape, err := floats(o, names[i])
		if err != nil {
			return nil, err
		}
		emb.data = append(emb.data, append([]float32(nil), data...))
		emb.dims = append(emb.dims, append([]int64(nil), shape...))
	}
	return emb, nil
}

func static(d []int64) bool {
	for _, v := range d {
		if v < 0 {
			return false
		}
	}
	return true
}

// embeddingFor checks an embedding came from this variant.
func (e *onnxEngine) embeddingFor(emb engine.Embedding) (*onnxEmbedding, error) {
	m, ok := emb.(*onnxEmbedding)
	if !ok || m == nil || m.variant != e.v.Name || len(m.data) != len(e.lay.embNames) && e.v.Family != engine.FamilySemantic {
		return nil, fmt.Errorf("%s: embedding was not made by this model's encoder", e.v.Name)
	}
	return m, nil
}
