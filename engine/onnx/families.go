package onnx

import (
	"fmt"
	"strings"

	"github.com/segtui/segtui/engine"
	ort "github.com/yalue/onnxruntime_go"
)

// Family contracts (../shared/notes/models.md), checked against a model's
// own inputs and outputs when it is loaded. A dimension of -1 means "any
// size"; a file's symbolic (dynamic) dimension is accepted anywhere.

var (
	tFloat = ort.TensorElementDataType(ort.TensorElementDataTypeFloat)
)

type ioSpec struct {
	name string
	dims []int64
}

func (s ioSpec) String() string { return fmt.Sprintf("%q float32 %s", s.name, dimsString(s.dims)) }

func dimsString(d []int64) string {
	parts := make([]string, len(d))
	for i, v := range d {
		if v < 0 {
			parts[i] = "?"
		} else {
			parts[i] = fmt.Sprint(v)
		}
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func infoString(i ort.InputOutputInfo) string {
	if i.OrtValueType != ort.ONNXTypeTensor {
		return fmt.Sprintf("%q %s", i.Name, i.OrtValueType)
	}
	return fmt.Sprintf("%q %s %s", i.Name, dtypeName(i.DataType), dimsString(i.Dimensions))
}

func dtypeName(t ort.TensorElementDataType) string {
	if t == tFloat {
		return "float32"
	}
	return strings.TrimPrefix(strings.ToLower(t.String()), "onnx_tensor_element_data_type_")
}

func shapeMatches(want, got []int64) bool {
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		if want[i] >= 0 && got[i] >= 0 && want[i] != got[i] {
			return false
		}
	}
	return true
}

// modelFile is one .onnx file's role, path and declared inputs/outputs.
type modelFile struct {
	role    string // "encoder" or "decoder"
	path    string
	inputs  []ort.InputOutputInfo
	outputs []ort.InputOutputInfo
}

func listIO(infos []ort.InputOutputInfo) string {
	s := make([]string, len(infos))
	for i, in := range infos {
		s[i] = infoString(in)
	}
	return strings.Join(s, ", ")
}

// need finds a named float tensor with the expected shape, or says what
// was expected and what the file has instead.
func (m *modelFile) need(kind string, want ioSpec) (ort.InputOutputInfo, error) {
	infos := m.inputs
	if kind == "output" {
		infos = m.outputs
	}
	for _, in := range infos {
		if in.Name != want.name {
			continue
		}
		if in.OrtValueType != ort.ONNXTypeTensor || in.DataType != tFloat || !shapeMatches(want.dims, in.Dimensions) {
			return in, fmt.Errorf("%s %s: %s %q: expected %s, found %s", m.role, m.path, kind, want.name, want, infoString(in))
		}
		return in, nil
	}
	return ort.InputOutputInfo{}, fmt.Errorf("%s %s: missing %s %s; the file's %ss are %s", m.role, m.path, kind, want, kind, listIO(infos))
}

// modelLayout is what the contract check learnt about a variant's files.
type modelLayout struct {
	size     int      // S, the square input side
	hwc      bool     // encoder takes [H,W,3] 0..255 and normalises/pads in-graph
	encInput string   // encoder input name
	embNames []string // encoder outputs the decoder takes, in order
	embDims  [][]int64
	lowSide  int // low-resolution mask side
	// batchDynamic: the encoder takes and returns a free batch dimension.
	batchDynamic bool
	// semantic
	logitsName string
	logitsDims []int64
}

// checkContract validates the files of variant v against its family.
func checkContract(v engine.Variant, pp engine.PreprocessSpec, enc, dec *modelFile) (modelLayout, error) {
	switch v.Family {
	case engine.FamilySAM, engine.FamilyMedSAM:
		return checkSAM(v, pp, enc, dec)
	case engine.FamilySAM2:
		return checkSAM2(pp, enc, dec)
	case engine.FamilySemantic:
		return checkSemantic(v, pp, enc)
	}
	return modelLayout{}, fmt.Errorf("family %q has no ONNX contract", v.Family)
}

// oneImageInput returns the encoder's single input, refusing extra inputs.
func oneImageInput(enc *modelFile, want string) (ort.InputOutputInfo, error) {
	if len(enc.inputs) != 1 {
		return ort.InputOutputInfo{}, fmt.Errorf("encoder %s: expected one input, %s; found %d: %s", enc.path, want, len(enc.inputs), listIO(enc.inputs))
	}
	in := enc.inputs[0]
	if in.OrtValueType != ort.ONNXTypeTensor || in.DataType != tFloat {
		return in, fmt.Errorf("encoder %s: input: expected %s, found %s", enc.path, want, infoString(in))
	}
	return in, nil
}

func checkSAM(v engine.Variant, pp engine.PreprocessSpec, enc, dec *modelFile) (modelLayout, error) {
	s := int64(pp.InputSize)
	lay := modelLayout{size: pp.InputSize, lowSide: int(s / 4)}
	wantCHW := fmt.Sprintf("float32 [1,3,%d,%d] (normalised image) or float32 [H,W,3] named \"input_image\" (preprocessing in the graph)", s, s)
	in, err := oneImageInput(enc, wantCHW)
	if err != nil {
		return lay, err
	}
	lay.encInput = in.Name
	switch {
	case shapeMatches([]int64{1, 3, s, s}, in.Dimensions):
	case in.Name == "input_image" && shapeMatches([]int64{-1, -1, 3}, in.Dimensions):
		if v.Family == engine.FamilyMedSAM || pp.Normalize != engine.NormSAM {
			return lay, fmt.Errorf("encoder %s normalises with SAM's statistics inside the graph (input \"input_image\" [H,W,3]), but variant %q asks for %s normalisation; use a [1,3,%d,%d] encoder", enc.path, v.Name, pp.Normalize, s, s)
		}
		lay.hwc = true
	default:
		return lay, fmt.Errorf("encoder %s: input: expected %s, found %s", enc.path, wantCHW, infoString(in))
	}
	emb := ioSpec{"image_embeddings", []int64{1, 256, s / 16, s / 16}}
	if _, err := enc.need("output", emb); err != nil {
		return lay, err
	}
	lay.embNames, lay.embDims = []string{emb.name}, [][]int64{emb.dims}
	low := int64(lay.lowSide)
	for _, want := range []ioSpec{emb,
		{"point_coords", []int64{1, -1, 2}}, {"point_labels", []int64{1, -1}},
		{"mask_input", []int64{1, 1, low, low}}, {"has_mask_input", []int64{1}},
		{"orig_im_size", []int64{2}}} {
		if _, err := dec.need("input", want); err != nil {
			return lay, err
		}
	}
	for _, want := range []ioSpec{{"masks", []int64{1, -1, -1, -1}}, {"iou_predictions", []int64{1, -1}},
		{"low_res_masks", []int64{1, -1, low, low}}} {
		if _, err := dec.need("output", want); err != nil {
			return lay, err
		}
	}
	return lay, nil
}

func checkSAM2(pp engine.PreprocessSpec, enc, dec *modelFile) (modelLayout, error) {
	s := int64(pp.InputSize)
	lay := modelLayout{size: pp.InputSize, lowSide: int(s / 4)}
	img := ioSpec{"image", []int64{1, 3, s, s}}
	if _, err := oneImageInput(enc, img.String()); err != nil {
		return lay, err
	}
	if _, err := enc.need("input", img); err != nil {
		return lay, err
	}
	lay.encInput = img.name
	embs := []ioSpec{{"image_embed", []int64{1, 256, s / 16, s / 16}},
		{"high_res_feats_0", []int64{1, 32, s / 4, s / 4}}, {"high_res_feats_1", []int64{1, 64, s / 8, s / 8}}}
	for _, e := range embs {
		if _, err := enc.need("output", e); err != nil {
			return lay, err
		}
		if _, err := dec.need("input", e); err != nil {
			return lay, err
		}
		lay.embNames, lay.embDims = append(lay.embNames, e.name), append(lay.embDims, e.dims)
	}
	low := int64(lay.lowSide)
	for _, want := range []ioSpec{{"point_coords", []int64{-1, -1, 2}}, {"point_labels", []int64{-1, -1}},
		{"mask_input", []int64{-1, 1, low, low}}, {"has_mask_input", []int64{1}}} {
		if _, err := dec.need("input", want); err != nil {
			return lay, err
		}
	}
	for _, want := range []ioSpec{{"masks", []int64{-1, -1, low, low}}, {"iou_predictions", []int64{-1, -1}}} {
		if _, err := dec.need("output", want); err != nil {
			return lay, err
		}
	}
	return lay, nil
}

func checkSemantic(v engine.Variant, pp engine.PreprocessSpec, enc *modelFile) (modelLayout, error) {
	var lay modelLayout
	s := int64(pp.InputSize)
	if s == 0 {
		s = -1
	}
	want := ioSpec{"(any name)", []int64{1, 3, s, s}}
	in, err := oneImageInput(enc, want.String())
	if err != nil {
		return lay, err
	}
	d := in.Dimensions
	if !shapeMatches(want.dims, d) || d[2] != d[3] {
		return lay, fmt.Errorf("encoder %s: input: expected float32 %s (square), found %s", enc.path, dimsString(want.dims), infoString(in))
	}
	if s < 0 {
		s = d[2]
	}
	if s <= 0 {
		return lay, fmt.Errorf("encoder %s: input %s has a dynamic size; give preprocess.input_size in the manifest", enc.path, infoString(in))
	}
	lay.size, lay.encInput = int(s), in.Name
	if len(enc.outputs) == 0 {
		return lay, fmt.Errorf("encoder %s has no outputs", enc.path)
	}
	out := enc.outputs[0]
	k := int64(len(v.Classes))
	od := out.Dimensions
	if out.OrtValueType != ort.ONNXTypeTensor || out.DataType != tFloat || len(od) != 4 || od[0] > 1 ||
		(od[1] >= 0 && od[1] != k && od[1] != k+1) {
		return lay, fmt.Errorf("encoder %s: output: expected float32 [1,%d or %d,h,w] logits for the %d classes listed, found %s",
			enc.path, k, k+1, k, infoString(out))
	}
	lay.logitsName, lay.logitsDims = out.Name, od
	return lay, nil
}
